package frames

import (
	"math"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/engine"
	"github.com/northstar/kpi/pkg/kpimath"
)

// TestBurnRateSeriesFrames: burn_rate_series is one timeseries-multi frame per
// window, time then burn_rate labelled {kpi, slo, window, ...dimensions}, with
// null where the window had no traffic, through Build like every measure.
func TestBurnRateSeriesFrames(t *testing.T) {
	k := &catalog.KPI{ID: "k", Name: "K", Dimensions: []string{"region"}}
	s := &catalog.SLO{Name: "99.9-30d", Objective: 0.999, Window: catalog.SLOWindow{Rolling: catalog.Duration(30 * 24 * time.Hour)}}
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	pts := func(vs ...float64) []kpimath.Point {
		out := make([]kpimath.Point, len(vs))
		for i, v := range vs {
			out[i] = kpimath.Point{T: t0.Add(time.Duration(i) * time.Minute), V: v}
		}
		return out
	}
	series := []engine.BurnRateSeries{
		{Window: 5 * time.Minute, Points: pts(1, math.NaN(), 20)},
		{Window: 90 * time.Minute, Points: pts(2, 3, 4)},
	}
	res := &engine.Result{KPI: k, Groups: []*engine.Group{{
		Labels: map[string]string{"region": "eu"},
		SLOs:   []engine.SLOResult{{SLO: s, Measures: []engine.Measure{engine.MBurnRateSeries}, BurnSeries: series}},
	}}}
	fs := Build(res, []engine.Measure{engine.MBurnRateSeries})
	if len(fs) != 2 {
		t.Fatalf("%d frames, want one per window", len(fs))
	}
	for i, w := range []string{"5m", "1h30m"} {
		f := fs[i]
		if f.Meta.Type != data.FrameTypeTimeSeriesMulti || f.Meta.PreferredVisualization != data.VisTypeGraph || len(f.Fields) != 2 {
			t.Fatalf("%s: frame %+v", w, f.Meta)
		}
		if f.Fields[0].Name != "time" || f.Fields[1].Name != "burn_rate" || f.Rows() != 3 {
			t.Errorf("%s: fields %s, %s with %d rows", w, f.Fields[0].Name, f.Fields[1].Name, f.Rows())
		}
		want := data.Labels{"kpi": "k", "slo": "99.9-30d", "window": w, "region": "eu"}
		if got := f.Fields[1].Labels; got.String() != want.String() {
			t.Errorf("%s: labels %v, want %v", w, got, want)
		}
		if c, ok := f.Meta.Custom.(Custom); !ok || c.SLO == nil || c.SLO.Name != "99.9-30d" {
			t.Errorf("%s: custom meta %+v", w, f.Meta.Custom)
		}
	}
	if v, ok := fs[0].Fields[1].ConcreteAt(1); ok {
		t.Errorf("no traffic is null, got %v", v)
	}
	if v, _ := fs[0].Fields[1].ConcreteAt(2); v != 20.0 {
		t.Errorf("5m at 2m = %v, want 20", v)
	}
}
