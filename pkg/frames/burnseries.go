package frames

import (
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/engine"
)

// burnSeriesFrames are the burn_rate_series of one SLO of one dimension set:
// a timeseries-multi frame per window, its value field burn_rate labelled
// {kpi, slo, window, ...dimensions}.
func burnSeriesFrames(k *catalog.KPI, g *engine.Group, series []engine.BurnRateSeries, labels data.Labels, custom Custom) data.Frames {
	out := make(data.Frames, 0, len(series))
	for _, s := range series {
		times := make([]time.Time, len(s.Points))
		values := make([]*float64, len(s.Points))
		for i, p := range s.Points {
			times[i] = p.T
			values[i] = finitePtr(p.V)
		}
		l := labels.Copy()
		window := catalog.Duration(s.Window).String()
		l["window"] = window
		field := data.NewField("burn_rate", l, values)
		field.Config = &data.FieldConfig{DisplayNameFromDS: displayName(k, g) + " burn rate " + window, Unit: "none"}
		f := data.NewFrame(k.ID, data.NewField("time", nil, times), field)
		f.Meta = &data.FrameMeta{
			Type: data.FrameTypeTimeSeriesMulti, TypeVersion: TypeVersion, Custom: custom,
			PreferredVisualization: data.VisTypeGraph,
		}
		out = append(out, f)
	}
	return out
}
