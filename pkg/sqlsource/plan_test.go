package sqlsource_test

import (
	"context"
	"testing"
	"time"

	"github.com/northstar/kpi/internal/sqltest"
	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/engine"
	"github.com/northstar/kpi/pkg/kpimath"
)

const planCatalog = `apiVersion: northstar.kpi/v1
kpis:
  - id: availability
    name: Availability
    owner: sre
    version: "1"
    direction: higher
    source: db
    dimensions: [region]
    target: {baseline: {periods: 4, every: 1w}}
    query:
      sql:
        table: requests
        timeColumn: ts
        timeType: timestamptz
        ratio:
          good: {agg: count, where: [{column: outcome, op: "=", value: ok}]}
          total: {agg: count}
    slo:
      objective: 0.99
      window: {rolling: 28d}
      exclusions: [{from: "2026-11-02T00:00:00Z", to: "2026-11-02T06:00:00Z"}]
`

// TestStatementsPerRequest counts the statements the engine runs: the value,
// its comparison period and four baseline periods are one scan; the SLO card
// (SLI, budget, seven burn rates, four pairs, exhaustion, with an exclusion) is
// one more; asking again in the same request runs nothing new; the series is
// one bucketed statement.
func TestStatementsPerRequest(t *testing.T) {
	cat, problems := catalog.Parse([]byte(planCatalog))
	if problems != nil {
		t.Fatal(problems)
	}
	k := &cat.KPIs[0]
	to := time.Date(2026, 11, 19, 10, 40, 17, 0, time.UTC)
	req := engine.Request{Range: kpimath.Window{From: to.Add(-24 * time.Hour), To: to}, Step: time.Hour}
	for _, dialect := range sqltest.Dialects {
		src := newSource(t, dbs[dialect])
		cases := []struct {
			name     string
			measures []engine.Measure
			calls    int
		}{
			{"value, previous and baseline target", []engine.Measure{engine.MValue, engine.MPrevious, engine.MDelta, engine.MTarget}, 1},
			{"the SLO card", []engine.Measure{engine.MSLO}, 2},
			{"both again", []engine.Measure{engine.MValue, engine.MPrevious, engine.MTarget, engine.MSLO}, 2},
			// Without previous the windows differ (range and baselines): one scan
			// for them and one bucketed statement for the series.
			{"series and value", []engine.Measure{engine.MSeries, engine.MValue}, 4},
		}
		for _, c := range cases {
			r := req
			r.Measures = c.measures
			res, err := engine.Evaluate(context.Background(), src, k, r)
			if err != nil {
				t.Fatalf("%s %s: %v", dialect, c.name, err)
			}
			if len(res.Groups) != 3 {
				t.Errorf("%s %s: %d groups, want 3 regions", dialect, c.name, len(res.Groups))
			}
			if got := src.Calls(); got != c.calls {
				t.Errorf("%s %s: %d statements so far, want %d", dialect, c.name, got, c.calls)
			}
		}
	}
}
