package promsuite_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/northstar/kpi/internal/seed"
)

// TestIncreaseAndSumKPIsEqualPrometheusIncreaseOverTheRange: an increase KPI on
// the counter and a sum KPI of increase(counter[$__window]) both report, for
// value, previous and delta, what Prometheus's increase over the range says at
// the range's end, at panel intervals from 15 s to 1 d and ranges ending off
// every grid; and that is the seeded count but for the edge minutes.
func TestIncreaseAndSumKPIsEqualPrometheusIncreaseOverTheRange(t *testing.T) {
	intervals := []time.Duration{15 * time.Second, time.Minute, 5 * time.Minute, time.Hour, 24 * time.Hour}
	ranges := []struct {
		length time.Duration
		end    time.Duration // before the history's end
	}{
		{7 * 24 * time.Hour, -(13*time.Hour + 17*time.Minute + 29*time.Second)},
		{24 * time.Hour, -(2*24*time.Hour + 41*time.Second)},
		{6 * time.Hour, -3 * time.Hour},
	}
	worst := 0.0
	for _, sc := range scrapes {
		ds, _ := newDS(t, sc.name)
		for _, r := range ranges {
			to := history.End.Add(r.end)
			from := to.Add(-r.length)
			inc := fmt.Sprintf(`sum by (region) (increase(orders_total{scrape=%q}[%ds]))`, sc.name, int(r.length.Seconds()))
			now, before := promByRegion(t, inc, to), promByRegion(t, inc, from)
			for _, kpi := range []string{"orders_increase", "orders_sum"} {
				for _, step := range intervals {
					fs := frames(t, ds, query("A", from, to, step, map[string]any{"kpi": kpi, "measures": []string{"value", "previous", "delta"}}))
					for _, region := range []string{"eu", "us"} {
						labels := map[string]string{"region": region}
						for name, want := range map[string]float64{"value": now[region], "previous": before[region], "delta": now[region] - before[region]} {
							got := measure(t, fs, name, labels)
							if !agree(got, want) {
								t.Errorf("%s %s %s range %s..%s interval %s: %s = %.12g, Prometheus says %.12g", sc.name, kpi, region, from.Format(time.RFC3339), to.Format(time.RFC3339), step, name, got, want)
							}
							worst = max(worst, relDiff(got, want))
						}
						// Samples sit off the minute, so extrapolation can only miss
						// or add events of the minutes at the range's edges.
						orders := history.Select("orders_total", map[string]string{"region": region})
						exact := seed.SumIncrease(orders, from, to)
						edges := seed.SumIncrease(orders, from, from.Add(2*time.Minute)) + seed.SumIncrease(orders, to.Add(-2*time.Minute), to)
						if math.Abs(now[region]-exact) > edges {
							t.Errorf("%s %s: Prometheus's increase %.6g is not the seeded count %.6g within the edge minutes' %.6g", sc.name, region, now[region], exact, edges)
						}
					}
				}
			}
		}
	}
	t.Logf("largest relative difference to Prometheus's increase: %.3g", worst)
}

// TestGaugeAggregationsEqualPrometheusOverTheSeries: avg, min and max of a rate
// KPI are Prometheus's <agg>_over_time of the KPI at the panel's step over the
// range (the points the panel shows, (from, to] on the step grid), and last is
// the KPI at the range's end; for value, previous and delta.
func TestGaugeAggregationsEqualPrometheusOverTheSeries(t *testing.T) {
	const expr = `sum by (region) (rate(payments_requests_total{job="payments", scrape=%q}[%ds]))`
	intervals := []time.Duration{15 * time.Second, time.Minute, 5 * time.Minute, time.Hour, 24 * time.Hour}
	to := history.End.Add(seed.Outage[0] + 20*time.Minute + 13*time.Second)
	const length = 24 * time.Hour
	from := to.Add(-length)
	for _, sc := range scrapes {
		ds, _ := newDS(t, sc.name)
		for _, step := range intervals {
			// The series window: the step, never under four scrape intervals.
			w := max(step, 4*sc.every)
			kpi := fmt.Sprintf(expr, sc.name, int(w.Seconds()))
			overSeries := func(fn string, at time.Time) map[string]float64 {
				// 1 ms less than the range: (from, to], also on Prometheus 2.x.
				return promByRegion(t, fmt.Sprintf("%s((%s)[%dms:%ds])", fn, kpi, length.Milliseconds()-1, int(step.Seconds())), at)
			}
			for agg, want := range map[string][2]map[string]float64{
				"avg":  {overSeries("avg_over_time", to), overSeries("avg_over_time", from)},
				"min":  {overSeries("min_over_time", to), overSeries("min_over_time", from)},
				"max":  {overSeries("max_over_time", to), overSeries("max_over_time", from)},
				"last": {promByRegion(t, kpi, to), promByRegion(t, kpi, from)},
			} {
				fs := frames(t, ds, query("A", from, to, step, map[string]any{"kpi": "rate_" + agg, "measures": []string{"value", "previous", "delta"}}))
				for _, region := range []string{"eu", "us"} {
					labels := map[string]string{"region": region}
					now, before := want[0][region], want[1][region]
					for name, exp := range map[string]float64{"value": now, "previous": before, "delta": now - before} {
						if got := measure(t, fs, name, labels); !agree(got, exp) {
							t.Errorf("%s %s %s interval %s: %s = %.12g, Prometheus says %.12g", sc.name, agg, region, step, name, got, exp)
						}
					}
				}
			}
		}
	}
}
