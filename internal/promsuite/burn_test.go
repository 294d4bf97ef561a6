package promsuite_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/northstar/kpi/internal/seed"
)

const (
	bad   = `payments_requests_total{job="payments", code="500", scrape="%s"}`
	total = `payments_requests_total{job="payments", scrape="%s"}`
)

// instants are evaluation times relative to the history's end: inside the
// outage off every grid, just after it on the 5-minute grid, during the slow
// burn at an odd second, and in the quiet period of region us.
var instants = []time.Duration{
	seed.Outage[0] + 10*time.Minute + 17*time.Second,
	seed.Outage[1] + 10*time.Minute,
	seed.SlowBurn[0] + 26*time.Hour + 3*time.Minute + 41*time.Second,
	seed.Quiet[0] + 7*time.Hour + 59*time.Second,
}

// promRatio is Prometheus's own bad/total over w at an instant, per region.
func promRatio(t *testing.T, scrape string, w string, at time.Time) map[string]float64 {
	q := fmt.Sprintf("sum by (region) (increase(%s[%s])) / sum by (region) (increase(%s[%s]))",
		fmt.Sprintf(bad, scrape), w, fmt.Sprintf(total, scrape), w)
	return promByRegion(t, q, at)
}

// TestBurnRatesEqualPrometheusOwnRatio: every burn rate of the 28-day SLO (its
// pairs' windows and two more asked for by name), its SLI, budget and time to
// exhaustion equal the ratio Prometheus computes over the same window at the
// same instant, for each scrape interval, in one upstream call per SLO.
func TestBurnRatesEqualPrometheusOwnRatio(t *testing.T) {
	const objective = 0.999
	windows := []string{"5m", "15m", "30m", "1h", "2h", "6h", "12h", "1d", "3d"}
	worst := 0.0
	for _, sc := range scrapes {
		ds, calls := newDS(t, sc.name)
		for _, rel := range instants {
			at := history.End.Add(rel)
			before := calls.Load()
			fs := frames(t, ds, query("A", at.Add(-time.Hour), at, time.Minute, map[string]any{
				"kpi": "payments", "slo": "99.9-28d", "measures": []string{"slo", "burn_rate_15m", "burn_rate_12h"},
			}))
			if n := calls.Load() - before; n != 1 {
				t.Errorf("%s at %s: %d upstream calls for the SLO card, want 1", sc.name, at, n)
			}
			for _, w := range windows {
				want := promRatio(t, sc.name, w, at)
				for _, region := range []string{"eu", "us"} {
					got := measure(t, fs, "burn_rate_"+w, map[string]string{"region": region})
					exp := want[region] / (1 - objective)
					if _, ok := want[region]; !ok {
						exp = got // checked below: no traffic is no value
					}
					if !agree(got, exp) {
						t.Errorf("%s at %s region %s: burn_rate_%s = %.12g, Prometheus says %.12g", sc.name, at.Format(time.RFC3339), region, w, got, exp)
					}
					worst = max(worst, relDiff(got, exp))
				}
			}
			month := promRatio(t, sc.name, "28d", at)
			hour := promRatio(t, sc.name, "1h", at)
			for _, region := range []string{"eu", "us"} {
				labels := map[string]string{"region": region}
				remaining := 1 - month[region]/(1-objective)
				checks := map[string]float64{"sli": 1 - month[region], "budget_remaining": remaining}
				if remaining > 0 && hour[region] > 0 {
					// The first default pair's long window is 1h.
					checks["time_to_exhaustion"] = remaining * (28 * 24 * time.Hour).Seconds() / (hour[region] / (1 - objective))
				}
				for name, want := range checks {
					got := measure(t, fs, name, labels)
					if !agree(got, want) {
						t.Errorf("%s at %s region %s: %s = %.12g, Prometheus says %.12g", sc.name, at.Format(time.RFC3339), region, name, got, want)
					}
					worst = max(worst, relDiff(got, want))
				}
			}
		}
	}
	t.Logf("largest relative difference to Prometheus's own ratio: %.3g", worst)
}

// TestCalendarSLOEqualsPrometheusOverThePeriodSoFar: a calendar-month SLO's SLI
// is Prometheus's ratio over the month so far (the window from the start of
// the month in Europe/Berlin to the instant).
func TestCalendarSLOEqualsPrometheusOverThePeriodSoFar(t *testing.T) {
	const objective = 0.995
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range scrapes {
		ds, _ := newDS(t, sc.name)
		for _, rel := range instants {
			at := history.End.Add(rel)
			local := at.In(berlin)
			start := time.Date(local.Year(), local.Month(), 1, 0, 0, 0, 0, berlin)
			fs := frames(t, ds, query("A", at.Add(-time.Hour), at, time.Minute, map[string]any{
				"kpi": "payments", "slo": "monthly", "measures": []string{"sli", "budget_remaining", "burn_rate_1h"},
			}))
			month := promRatio(t, sc.name, fmt.Sprintf("%ds", int(at.Sub(start).Seconds())), at)
			hour := promRatio(t, sc.name, "1h", at)
			for _, region := range []string{"eu", "us"} {
				labels := map[string]string{"region": region}
				for name, want := range map[string]float64{
					"sli": 1 - month[region], "budget_remaining": 1 - month[region]/(1-objective), "burn_rate_1h": hour[region] / (1 - objective),
				} {
					if _, ok := hour[region]; !ok && name == "burn_rate_1h" {
						continue
					}
					if got := measure(t, fs, name, labels); !agree(got, want) {
						t.Errorf("%s at %s region %s: %s = %.12g, Prometheus says %.12g", sc.name, at.Format(time.RFC3339), region, name, got, want)
					}
				}
			}
		}
	}
}
