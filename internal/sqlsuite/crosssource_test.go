package sqlsuite_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/northstar/kpi/internal/sqltest"
)

// crossCatalog defines the same KPIs twice: on Prometheus (the events as
// counters, backfilled by promtool) and on SQL (the events as rows).
func crossCatalog() string {
	slo := `slo: {name: rolling, objective: 0.99, window: {rolling: 28d}}`
	sql := `{sql: {table: requests, timeColumn: ts, timeType: timestamptz, ratio: {good: {agg: count, where: [{column: outcome, op: "=", value: ok}]}, total: {agg: count}}}}`
	prom := `{ratio: {good: 'shop_requests_total{outcome="ok"}', total: 'shop_requests_total'}}`
	ordersSQL := `{sql: {table: orders, timeColumn: created_at, measure: {agg: count}}}`
	ordersProm := `{expr: 'increase(shop_orders_total[$__window])'}`
	var b strings.Builder
	b.WriteString("apiVersion: northstar.kpi/v1\nkpis:\n")
	for _, src := range []struct{ name, avail, orders string }{{"db", sql, ordersSQL}, {"prom", prom, ordersProm}} {
		fmt.Fprintf(&b, "  - {id: availability_%s, name: A, owner: sre, version: \"1\", direction: higher, source: %s, dimensions: [region], query: %s, %s}\n", src.name, src.name, src.avail, slo)
		agg := ""
		if src.name == "prom" {
			agg = ", aggregation: sum"
		}
		fmt.Fprintf(&b, "  - {id: orders_%s, name: O, owner: shop, version: \"1\", direction: higher, source: %s, dimensions: [region], query: %s%s}\n", src.name, src.name, src.orders, agg)
	}
	return b.String()
}

// TestSameEventsSameNumbersOnPrometheusAndSQL: the same events give the same
// SLI, budget and burn rates, and the same KPI values, on Prometheus and on
// each SQL dialect. SQL counts are exact; Prometheus's increase() may
// extrapolate, so the two agree within maxRel (printed for the record).
func TestSameEventsSameNumbersOnPrometheusAndSQL(t *testing.T) {
	const maxRel = 1e-3
	prom := map[string]any{"name": "prom", "type": "prometheus", "url": promURL, "timeoutSeconds": 10, "scrapeInterval": "1m"}
	at := sqltest.OutageFrom.Add(40 * time.Minute) // on the slice grid of the Prometheus SLO plan
	measures := []string{"sli", "budget_remaining", "burn_rates"}
	worst := 0.0
	for _, dialect := range sqltest.Dialects {
		ds := newDS(t, crossCatalog(), connection(dbs[dialect]), prom)
		resp := run(t, ds,
			query("sql", at.Add(-time.Hour), at, 0, map[string]any{"kpi": "availability_db", "measures": measures}),
			query("prom", at.Add(-time.Hour), at, 0, map[string]any{"kpi": "availability_prom", "measures": measures}),
			query("osql", at.Add(-24*time.Hour), at, time.Hour, map[string]any{"kpi": "orders_db", "measures": []string{"value", "previous"}}),
			query("oprom", at.Add(-24*time.Hour), at, time.Hour, map[string]any{"kpi": "orders_prom", "measures": []string{"value", "previous"}}))
		for ref, r := range resp.Responses {
			if r.Error != nil {
				t.Fatalf("%s %s: %v", dialect, ref, r.Error)
			}
		}
		compare := func(what, name string, sqlRef, promRef, sqlKPI, promKPI, region string, extra map[string]string) {
			ls := map[string]string{"kpi": sqlKPI, "region": region}
			lp := map[string]string{"kpi": promKPI, "region": region}
			for k, v := range extra {
				ls[k], lp[k] = v, v
			}
			s := measure(t, resp.Responses[sqlRef].Frames, name, ls)
			p := measure(t, resp.Responses[promRef].Frames, name, lp)
			rel := math.Abs(s-p) / math.Max(math.Abs(p), 1e-12)
			if math.IsNaN(s) != math.IsNaN(p) || rel > maxRel {
				t.Errorf("%s %s %s %s: SQL %.10g, Prometheus %.10g", dialect, what, region, name, s, p)
			}
			if !math.IsNaN(rel) {
				worst = math.Max(worst, rel)
			}
		}
		for _, region := range sqltest.Regions {
			for _, m := range []string{"sli", "budget_remaining", "burn_rate_5m", "burn_rate_30m", "burn_rate_1h", "burn_rate_2h", "burn_rate_6h", "burn_rate_1d", "burn_rate_3d"} {
				compare("SLO", m, "sql", "prom", "availability_db", "availability_prom", region, map[string]string{"slo": "rolling"})
			}
			for _, m := range []string{"value", "previous"} {
				compare("orders", m, "osql", "oprom", "orders_db", "orders_prom", region, nil)
			}
			// And both equal the events themselves.
			check(t, dialect+" "+region+" orders from the rows", measure(t, resp.Responses["osql"].Frames, "value", regionLabels("orders_db", region)), ordersIn(at.Add(-24*time.Hour), at, region))
		}
	}
	t.Logf("largest relative difference between SQL and Prometheus: %.3g", worst)
}
