package frames

import (
	"math"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/engine"
	"github.com/northstar/kpi/pkg/slo"
)

func TestSLOFramesSayWhatCannotBeComputed(t *testing.T) {
	pair := catalog.BurnPair{Severity: "critical", Long: catalog.Duration(time.Hour), Short: catalog.Duration(5 * time.Minute), Factor: 14.4}
	k := &catalog.KPI{ID: "k", Name: "K", Dimensions: []string{"region"}}
	s := &catalog.SLO{Name: "99.9-30d", Objective: 0.999, Window: catalog.SLOWindow{Rolling: catalog.Duration(30 * 24 * time.Hour)}}
	measures := []engine.Measure{engine.MSLI, engine.MTimeToExhaustion, "burn_pair_5m_1h", engine.MBudgetTimeRemaining}
	cases := []struct {
		name   string
		result slo.Result
		want   map[string]*float64 // nil: null
	}{
		{"not burning", slo.Result{SLI: 0.9995, Exhaustion: slo.Never, Pairs: []slo.PairState{{Pair: pair, Long: 0, Short: 0}}},
			map[string]*float64{"sli": ptr(0.9995), "time_to_exhaustion": ptr(math.Inf(1)), "burn_pair_5m_1h": ptr(0), "budget_time_remaining": ptr(0)}},
		{"firing", slo.Result{SLI: 0.99, Exhaustion: 30 * time.Hour, Pairs: []slo.PairState{{Pair: pair, Long: 15, Short: 16, Firing: true}}},
			map[string]*float64{"sli": ptr(0.99), "time_to_exhaustion": ptr(30 * 3600), "burn_pair_5m_1h": ptr(1), "budget_time_remaining": ptr(0)}},
		{"no traffic", slo.Result{SLI: math.NaN(), Exhaustion: slo.Never, Pairs: []slo.PairState{{Pair: pair, Long: math.NaN(), Short: math.NaN()}}},
			map[string]*float64{"sli": nil, "time_to_exhaustion": nil, "burn_pair_5m_1h": nil, "budget_time_remaining": nil}},
	}
	for _, c := range cases {
		g := &engine.Group{Labels: map[string]string{"region": "eu"}}
		r := engine.SLOResult{SLO: s, Measures: measures, Result: c.result}
		frames := sloFrames(k, g, r, Custom{})
		if len(frames) != len(measures) {
			t.Fatalf("%s: %d frames for %d measures", c.name, len(frames), len(measures))
		}
		for _, f := range frames {
			field := f.Fields[0]
			if f.Meta.Type != data.FrameTypeNumericMulti || field.Labels["slo"] != "99.9-30d" || field.Labels["region"] != "eu" {
				t.Errorf("%s: %s: type %s labels %v", c.name, field.Name, f.Meta.Type, field.Labels)
			}
			got, _ := field.At(0).(*float64)
			want := c.want[field.Name]
			if (got == nil) != (want == nil) || got != nil && *got != *want {
				t.Errorf("%s: %s = %v, want %v", c.name, field.Name, deref(got), deref(want))
			}
		}
		if sev := frames[2].Fields[0].Labels["severity"]; sev != "critical" {
			t.Errorf("%s: burn pair severity label %q", c.name, sev)
		}
	}
}

func ptr(v float64) *float64 { return &v }

func deref(p *float64) any {
	if p == nil {
		return "null"
	}
	return *p
}
