package datasource

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/northstar/kpi/internal/seed"
	"github.com/northstar/kpi/pkg/catalog"
)

// The payments KPI runs on the seed's SLO scenario (internal/seed: paymentsSeries):
// an outage, a slow burn, a counter reset, a quiet region, month boundaries and
// the Europe/Berlin DST change. Expected numbers come from the seed's increments
// and the definitions in shared/reference/slo-and-kpi-math.md.
const sloCatalog = `apiVersion: northstar.kpi/v1
kpis:
  - id: payments
    name: Payments availability
    owner: team-payments
    unit: percentunit
    direction: higher
    version: "3"
    source: prom
    dimensions: [region]
    timezone: Europe/Berlin
    query:
      ratio:
        bad: payments_requests_total{job="payments", code="500"}
        total: payments_requests_total{job="payments"}
    slos:
      - objective: 0.999
        window: {rolling: 28d}
        alerting: {minEvents: 200}
      - name: monthly
        objective: 0.999
        window: {calendar: month}
      - name: slices
        objective: 0.99
        window: {rolling: 7d}
        budgeting: {method: timeslices, slice: 5m, sliceTarget: 0.99}
      - name: half-day
        objective: 0.99
        window: {rolling: 12h}
      - name: minutes
        objective: 0.95
        window: {rolling: 14d}
        budgeting: {method: timeslices, slice: 1m, sliceTarget: 0.95}
`

// events is the seed's count of payments events of a region in (from, to].
func events(region string, bad bool, from, to time.Time) float64 {
	match := map[string]string{"job": "payments", "region": region}
	if bad {
		match["code"] = "500"
	}
	return seed.SumIncrease(dataset.Select("payments_requests_total", match), from, to)
}

// errorRatio is bad/total in (from, to]; NaN without traffic.
func errorRatio(region string, from, to time.Time) float64 {
	total := events(region, false, from, to)
	if total == 0 {
		return math.NaN()
	}
	return events(region, true, from, to) / total
}

func burn(region string, w time.Duration, to time.Time, objective float64) float64 {
	return errorRatio(region, to.Add(-w), to) / (1 - objective)
}

// sloMeasure finds the value of an SLO measure of one SLO and region.
func sloMeasure(t *testing.T, frames data.Frames, name, slo, region string) (float64, bool) {
	t.Helper()
	for _, f := range frames {
		if f.Meta == nil || f.Meta.Type != data.FrameTypeNumericMulti || len(f.Fields) != 1 {
			continue
		}
		fld := f.Fields[0]
		if fld.Name != name || fld.Labels["slo"] != slo || fld.Labels["region"] != region {
			continue
		}
		v, ok := fld.ConcreteAt(0)
		if !ok {
			return math.NaN(), false
		}
		return v.(float64), true
	}
	t.Fatalf("no %s frame for SLO %s region %s", name, slo, region)
	return 0, false
}

func sloQuery(t *testing.T, to time.Time, slo string, measures ...string) data.Frames {
	t.Helper()
	ds := newDS(t, settingsJSON(t, sloCatalog, promURL, nil))
	q := map[string]any{"kpi": "payments", "slo": slo, "measures": measures}
	resp := run(t, ds, query("A", to.Add(-6*time.Hour), to, 5*time.Minute, q))
	r := resp.Responses["A"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	return r.Frames
}

func TestSLOBudgetFromTotalsAcrossCounterReset(t *testing.T) {
	// The 28-day window holds eu's restart, the slow burn and the outage.
	to := dataset.End
	from := to.Add(-28 * 24 * time.Hour)
	frames := sloQuery(t, to, "99.9-28d", "slo", "budget_events_total", "budget_events_consumed", "budget_time_total", "budget_consumed")
	const objective = 0.999
	for _, region := range []string{"eu", "us"} {
		total := events(region, false, from, to)
		bad := events(region, true, from, to)
		sli := 1 - bad/total
		consumed := (bad / total) / (1 - objective)
		checks := map[string]float64{
			"sli":                     sli,
			"budget_consumed":         consumed,
			"budget_remaining":        1 - consumed,
			"budget_events_total":     (1 - objective) * total,
			"budget_events_consumed":  bad,
			"budget_events_remaining": (1-objective)*total - bad,
			"budget_time_total":       (1 - objective) * 28 * 86400,
			"budget_time_remaining":   (1 - consumed) * (1 - objective) * 28 * 86400,
		}
		for name, want := range checks {
			got, ok := sloMeasure(t, frames, name, "99.9-28d", region)
			if !ok {
				t.Errorf("%s %s: no value", region, name)
				continue
			}
			closeTo(t, region+" "+name, got, want)
		}
	}
}

func TestSLOFastBurnDuringOutageFiresCriticalPair(t *testing.T) {
	to := dataset.End.Add(seed.Outage[0] + 20*time.Minute)
	frames := sloQuery(t, to, "99.9-28d", "slo")
	const objective = 0.999
	// 28-day defaults: 13.44 over 1h/5m, 5.6 over 6h/30m, 2.8 over 1d/2h, 0.9333 over 3d/6h.
	pairs := []struct {
		measure     string
		long, short time.Duration
		factor      float64
		severity    string
	}{
		{"burn_pair_5m_1h", time.Hour, 5 * time.Minute, 13.44, "critical"},
		{"burn_pair_30m_6h", 6 * time.Hour, 30 * time.Minute, 5.6, "critical"},
		{"burn_pair_2h_1d", 24 * time.Hour, 2 * time.Hour, 2.8, "warning"},
		{"burn_pair_6h_3d", 72 * time.Hour, 6 * time.Hour, 0.9333, "warning"},
	}
	for _, region := range []string{"eu", "us"} {
		for _, p := range pairs {
			long, short := burn(region, p.long, to, objective), burn(region, p.short, to, objective)
			enough := events(region, false, to.Add(-p.long), to) >= 200
			want := 0.0
			if long >= p.factor && short >= p.factor && enough {
				want = 1
			}
			got, _ := sloMeasure(t, frames, p.measure, "99.9-28d", region)
			if got != want {
				t.Errorf("%s %s: got %v want %v (burn long %.4g short %.4g)", region, p.measure, got, want, long, short)
			}
			rate, _ := sloMeasure(t, frames, "burn_rate_"+catalog.Duration(p.long).String(), "99.9-28d", region)
			closeTo(t, region+" burn over "+p.long.String(), rate, long)
		}
	}
	// The outage makes eu's fast pair fire; us has too little traffic in an hour
	// (120 events < minEvents 200) for its 1h pair to page, whatever its burn rate.
	if got, _ := sloMeasure(t, frames, "burn_pair_5m_1h", "99.9-28d", "eu"); got != 1 {
		t.Errorf("eu fast pair during the outage: got %v want 1", got)
	}
	if got, _ := sloMeasure(t, frames, "burn_pair_5m_1h", "99.9-28d", "us"); got != 0 {
		t.Errorf("us fast pair below minEvents: got %v want 0", got)
	}

	// Time to exhaustion at the current (1h) burn: remaining * window / burn.
	total := events("eu", false, to.Add(-28*24*time.Hour), to)
	bad := events("eu", true, to.Add(-28*24*time.Hour), to)
	remaining := 1 - (bad/total)/(1-objective)
	want := remaining * (28 * 86400) / burn("eu", time.Hour, to, objective)
	got, _ := sloMeasure(t, frames, "time_to_exhaustion", "99.9-28d", "eu")
	closeTo(t, "eu time to exhaustion", got, math.Max(want, 0))
}

func TestSLOSlowBurnFiresTicketPairs(t *testing.T) {
	to := dataset.End.Add(seed.SlowBurn[0] + 30*time.Hour)
	frames := sloQuery(t, to, "99.9-28d", "burn_pairs", "burn_rates")
	const objective = 0.999
	long, short := burn("eu", 24*time.Hour, to, objective), burn("eu", 2*time.Hour, to, objective)
	if long < 2.8 || short < 2.8 {
		t.Fatalf("the seed's slow burn should exceed 2.8 over 1d and 2h: %.4g / %.4g", long, short)
	}
	if got, _ := sloMeasure(t, frames, "burn_pair_2h_1d", "99.9-28d", "eu"); got != 1 {
		t.Errorf("eu 1d/2h pair in the slow burn: got %v want 1", got)
	}
	if got, _ := sloMeasure(t, frames, "burn_pair_5m_1h", "99.9-28d", "eu"); got != 0 {
		t.Errorf("eu 1h/5m pair in the slow burn (burn %.4g < 13.44): got %v want 0", burn("eu", time.Hour, to, objective), got)
	}
	got, _ := sloMeasure(t, frames, "burn_rate_2h", "99.9-28d", "eu")
	closeTo(t, "eu burn over 2h", got, short)
}

func TestSLOQuietRegionGivesNoDataNotFullMarks(t *testing.T) {
	// us has no traffic from E-2d to E-1d: a 12h window inside it has no SLI.
	to := dataset.End.Add(seed.Quiet[1] - time.Hour)
	frames := sloQuery(t, to, "half-day", "sli", "budget_remaining", "burn_rate_1h", "burn_pair_5m_1h", "time_to_exhaustion")
	for _, name := range []string{"sli", "budget_remaining", "burn_rate_1h", "burn_pair_5m_1h", "time_to_exhaustion"} {
		if v, ok := sloMeasure(t, frames, name, "half-day", "us"); ok {
			t.Errorf("us %s in a window without traffic: got %v, want no value", name, v)
		}
	}
	sli, ok := sloMeasure(t, frames, "sli", "half-day", "eu")
	if !ok {
		t.Fatal("eu has traffic and must have an SLI")
	}
	closeTo(t, "eu sli", sli, 1-errorRatio("eu", to.Add(-12*time.Hour), to))
}

func TestSLOCalendarMonthStartsAtBoundaryInTimeZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		to     time.Time
		start  time.Time
		length time.Duration
	}{
		// November starts at 2026-10-31T23:00Z in Berlin (CET).
		{"november", time.Date(2026, 11, 2, 12, 0, 0, 0, berlin), time.Date(2026, 11, 1, 0, 0, 0, 0, berlin), 30 * 24 * time.Hour},
		// October holds the DST change: 31 days and one hour.
		{"october across DST", time.Date(2026, 10, 26, 12, 0, 0, 0, berlin), time.Date(2026, 10, 1, 0, 0, 0, 0, berlin), 31*24*time.Hour + time.Hour},
	}
	const objective = 0.999
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			frames := sloQuery(t, c.to, "monthly", "sli", "budget_time_total", "budget_events_total")
			got, _ := sloMeasure(t, frames, "sli", "monthly", "eu")
			closeTo(t, "sli", got, 1-errorRatio("eu", c.start, c.to))
			got, _ = sloMeasure(t, frames, "budget_time_total", "monthly", "eu")
			closeTo(t, "budget as time", got, (1-objective)*c.length.Seconds())
			got, _ = sloMeasure(t, frames, "budget_events_total", "monthly", "eu")
			closeTo(t, "budget as events", got, (1-objective)*events("eu", false, c.start, c.to))
		})
	}
}

func TestSLOTimeslicesCountGoodSlices(t *testing.T) {
	to := dataset.End.Add(-2 * time.Hour)
	from := to.Add(-7 * 24 * time.Hour)
	good, all := 0, 0
	for end := from.Add(5 * time.Minute); !end.After(to); end = end.Add(5 * time.Minute) {
		r := errorRatio("eu", end.Add(-5*time.Minute), end)
		if math.IsNaN(r) {
			continue
		}
		all++
		if 1-r >= 0.99 {
			good++
		}
	}
	frames := sloQuery(t, to, "slices", "sli", "budget_events_total", "budget_events_consumed")
	got, _ := sloMeasure(t, frames, "sli", "slices", "eu")
	closeTo(t, "timeslice sli", got, float64(good)/float64(all))
	got, _ = sloMeasure(t, frames, "budget_events_total", "slices", "eu")
	closeTo(t, "budget in slices", got, 0.01*float64(7*24*12))
	got, _ = sloMeasure(t, frames, "budget_events_consumed", "slices", "eu")
	closeTo(t, "bad slices", got, float64(all-good))
}

// OpenSLO's golden example on real data: two weeks of one-minute slices are
// 20,160 slices, and at 95 % the budget is 1,008 bad minutes (16 h 48 min). The
// slices come in several upstream calls (Prometheus answers at most 11,000 points).
func TestSLOOneMinuteTimeslicesOverTwoWeeks(t *testing.T) {
	to := dataset.End.Add(-time.Hour)
	from := to.Add(-14 * 24 * time.Hour)
	good, all := 0, 0
	for end := from.Add(time.Minute); !end.After(to); end = end.Add(time.Minute) {
		r := errorRatio("eu", end.Add(-time.Minute), end)
		if math.IsNaN(r) {
			continue
		}
		all++
		if 1-r >= 0.95 {
			good++
		}
	}
	if all != 20160 {
		t.Fatalf("eu should have traffic in every minute of the two weeks, has %d", all)
	}
	frames := sloQuery(t, to, "minutes", "sli", "budget_events_total", "budget_time_total", "budget_events_consumed")
	got, _ := sloMeasure(t, frames, "sli", "minutes", "eu")
	closeTo(t, "sli", got, float64(good)/20160)
	got, _ = sloMeasure(t, frames, "budget_events_total", "minutes", "eu")
	closeTo(t, "budget in slices", got, 1008)
	got, _ = sloMeasure(t, frames, "budget_time_total", "minutes", "eu")
	closeTo(t, "budget as time", got, (16*time.Hour + 48*time.Minute).Seconds())
	got, _ = sloMeasure(t, frames, "budget_events_consumed", "minutes", "eu")
	closeTo(t, "bad slices", got, float64(all-good))
}

func TestSLOBurndownEndsAtRemainingBudget(t *testing.T) {
	to := dataset.End
	ds := newDS(t, settingsJSON(t, sloCatalog, promURL, nil))
	q := map[string]any{"kpi": "payments", "slo": "99.9-28d", "measures": []string{"budget_burndown", "budget_remaining"}, "filters": map[string][]string{"region": {"eu"}}}
	resp := run(t, ds, query("A", to.Add(-28*24*time.Hour), to, 6*time.Hour, q))
	r := resp.Responses["A"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	var burndown *data.Frame
	for _, f := range r.Frames {
		if f.Meta.Type == data.FrameTypeTimeSeriesMulti {
			burndown = f
		}
	}
	if burndown == nil || burndown.Rows() < 2 {
		t.Fatalf("no budget_burndown series: %v", r.Frames)
	}
	start := to.Add(-28 * 24 * time.Hour)
	for _, row := range []int{0, burndown.Rows() / 2, burndown.Rows() - 1} {
		at := burndown.Fields[0].At(row).(time.Time)
		v, _ := burndown.Fields[1].ConcreteAt(row)
		want := 1 - errorRatio("eu", start, at)/(1-0.999)
		closeTo(t, "burndown at "+at.Format(time.RFC3339), v.(float64), want)
	}
	last, _ := burndown.Fields[1].ConcreteAt(burndown.Rows() - 1)
	remaining, _ := sloMeasure(t, r.Frames, "budget_remaining", "99.9-28d", "eu")
	closeTo(t, "burndown end vs budget_remaining", last.(float64), remaining)
}

func TestSLOMeasuresOnKPIWithoutSLOAreRejected(t *testing.T) {
	ds := newDS(t, settingsJSON(t, testCatalog, promURL, nil))
	to := dataset.End
	resp := run(t, ds,
		query("A", to.Add(-time.Hour), to, time.Minute, map[string]any{"kpi": "checkout_success", "measures": []string{"sli"}}),
		query("B", to.Add(-time.Hour), to, time.Minute, map[string]any{"kpi": "checkout_success", "measures": []string{"burn_rate_7q"}}),
		query("C", to.Add(-time.Hour), to, time.Minute, map[string]any{"kpi": "checkout_success", "measures": []string{"value"}}),
	)
	wantError(t, resp.Responses["A"], `KPI "checkout_success" has no SLO`)
	wantError(t, resp.Responses["B"], `unknown measure "burn_rate_7q"`)
	if resp.Responses["C"].Error != nil {
		t.Errorf("C must still be answered: %v", resp.Responses["C"].Error)
	}
}

func wantError(t *testing.T, r backend.DataResponse, msg string) {
	t.Helper()
	if r.Error == nil || !strings.Contains(r.Error.Error(), msg) || r.Status != backend.StatusBadRequest {
		t.Errorf("want a bad-request error containing %q, got %v (status %d)", msg, r.Error, r.Status)
	}
}
