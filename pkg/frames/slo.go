package frames

import (
	"math"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/engine"
	"github.com/northstar/kpi/pkg/slo"
)

// SLOMeta describes the SLO an SLO measure frame belongs to.
type SLOMeta struct {
	Name      string                  `json:"name"`
	Objective float64                 `json:"objective"`
	Window    string                  `json:"window"`
	Method    catalog.BudgetingMethod `json:"method"`
	From      time.Time               `json:"from"`
	To        time.Time               `json:"to"`
}

// sloFrames are the frames of one SLO of one dimension set.
func sloFrames(k *catalog.KPI, g *engine.Group, r engine.SLOResult, custom Custom) data.Frames {
	custom.SLO = &SLOMeta{
		Name: r.SLO.Name, Objective: r.SLO.Objective, Window: r.SLO.Window.String(),
		Method: r.SLO.Budgeting.Method, From: r.From, To: r.To,
	}
	labels := labelsOf(k, g)
	labels["slo"] = r.SLO.Name
	var out data.Frames
	for _, m := range r.Measures {
		if m == engine.MBudgetBurndown {
			out = append(out, burndownFrame(k, g, r.Result.Burndown, labels, custom))
			continue
		}
		if m == engine.MBurnRateSeries {
			out = append(out, burnSeriesFrames(k, g, r.BurnSeries, labels, custom)...)
			continue
		}
		l := labels.Copy()
		v, ok := sloValue(r, m, l)
		if !ok {
			continue
		}
		field := data.NewField(string(m), l, []*float64{v})
		field.Config = sloFieldConfig(k, g, m)
		f := data.NewFrame(k.ID, field)
		f.Meta = &data.FrameMeta{Type: data.FrameTypeNumericMulti, TypeVersion: TypeVersion, Custom: custom}
		out = append(out, f)
	}
	return out
}

// sloValue is one SLO measure's value; null when it cannot be computed (no
// traffic). Time to exhaustion is +Inf when the budget is not burning.
func sloValue(r engine.SLOResult, m engine.Measure, labels data.Labels) (*float64, bool) {
	res := r.Result
	b := res.Budget
	fixed := map[engine.Measure]float64{
		engine.MSLI:                  res.SLI,
		engine.MBudgetTotal:          b.Fraction.Total,
		engine.MBudgetConsumed:       b.Fraction.Consumed,
		engine.MBudgetRemaining:      b.Fraction.Remaining,
		engine.MBudgetEventsTotal:    b.Events.Total,
		engine.MBudgetEventsConsumed: b.Events.Consumed,
		engine.MBudgetEventsRemain:   b.Events.Remaining,
		engine.MBudgetTimeTotal:      b.Time.Total.Seconds(),
		engine.MBudgetTimeConsumed:   b.Time.Consumed.Seconds(),
		engine.MBudgetTimeRemaining:  b.Time.Remaining.Seconds(),
	}
	if v, ok := fixed[m]; ok {
		if math.IsNaN(res.SLI) {
			return nil, true
		}
		return finitePtr(v), true
	}
	if m == engine.MTimeToExhaustion {
		return exhaustionSeconds(res), true
	}
	if w, ok := engine.BurnWindow(m); ok {
		return finitePtr(res.BurnRates[w]), true
	}
	for _, p := range res.Pairs {
		if engine.BurnPairMeasure(p.Pair) == m {
			labels["severity"] = p.Pair.Severity
			return pairValue(p), true
		}
	}
	return nil, false
}

func exhaustionSeconds(res slo.Result) *float64 {
	if math.IsNaN(res.SLI) {
		return nil
	}
	v := math.Inf(1)
	if res.Exhaustion != slo.Never {
		v = res.Exhaustion.Seconds()
	}
	return &v
}

// pairValue is 1 when the pair fires and 0 when not; null when neither of its
// windows had traffic.
func pairValue(p slo.PairState) *float64 {
	if math.IsNaN(p.Long) && math.IsNaN(p.Short) {
		return nil
	}
	v := 0.0
	if p.Firing {
		v = 1
	}
	return &v
}

func burndownFrame(k *catalog.KPI, g *engine.Group, points []slo.Point, labels data.Labels, custom Custom) *data.Frame {
	times := make([]time.Time, len(points))
	values := make([]*float64, len(points))
	for i, p := range points {
		times[i] = p.T
		values[i] = finitePtr(p.Remaining)
	}
	field := data.NewField(string(engine.MBudgetBurndown), labels, values)
	field.Config = &data.FieldConfig{DisplayNameFromDS: displayName(k, g) + " budget remaining", Unit: "percentunit"}
	f := data.NewFrame(k.ID, data.NewField("time", nil, times), field)
	f.Meta = &data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: TypeVersion, Custom: custom}
	return f
}

func sloFieldConfig(k *catalog.KPI, g *engine.Group, m engine.Measure) *data.FieldConfig {
	name := displayName(k, g) + " " + strings.ReplaceAll(string(m), "_", " ")
	fc := &data.FieldConfig{DisplayNameFromDS: name}
	switch {
	case m == engine.MSLI || m == engine.MBudgetTotal || m == engine.MBudgetConsumed || m == engine.MBudgetRemaining:
		fc.Unit = "percentunit"
	case m == engine.MBudgetTimeTotal || m == engine.MBudgetTimeConsumed || m == engine.MBudgetTimeRemaining || m == engine.MTimeToExhaustion:
		fc.Unit = "s"
	case strings.HasPrefix(string(m), "burn_pair_"):
		fc.Mappings = data.ValueMappings{data.ValueMapper{"0": {Text: "ok", Color: "green", Index: 0}, "1": {Text: "firing", Color: "red", Index: 1}}}
	default:
		fc.Unit = "none"
	}
	return fc
}
