package slo

import (
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
)

var t0 = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)

const day = 24 * time.Hour

// series is n slices of length d tiling (from, from+n*d]; counts gives the i-th
// slice's bad and total events.
func series(from time.Time, d time.Duration, n int, counts func(i int) (bad, total float64)) []Slice {
	out := make([]Slice, n)
	for i := range out {
		bad, total := counts(i)
		out[i] = Slice{End: from.Add(time.Duration(i+1) * d), Bad: bad, Total: total}
	}
	return out
}

// parseSLO reads an slo block (a flow mapping) through the catalog, so that it
// has the defaults and the parsed exclusion times Evaluate relies on.
func parseSLO(t *testing.T, slo string) catalog.SLO {
	t.Helper()
	doc := fmt.Sprintf(`apiVersion: northstar.kpi/v1
kpis:
  - {id: k, name: K, owner: o, direction: higher, version: "1", source: prom,
     query: {ratio: {bad: errors_total, total: requests_total}},
     slo: %s}
`, slo)
	cat, problems := catalog.Parse([]byte(doc))
	if len(problems) > 0 {
		t.Fatalf("catalog problems: %v", problems)
	}
	return cat.KPIs[0].SLOs[0]
}

// near is equality up to float noise; NaN is near NaN.
func near(got, want float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want))
}

type check struct {
	name      string
	got, want any
}

// verify compares floats exactly (outputs are cleaned, so 0.4 must be 0.4) unless
// the wanted value has no short decimal form; then near is enough.
func verify(t *testing.T, checks []check) {
	t.Helper()
	for _, c := range checks {
		g, gf := c.got.(float64)
		w, wf := c.want.(float64)
		switch {
		case gf && wf && (g == w || math.IsNaN(g) && math.IsNaN(w)):
		case gf && wf && w != Clean(w) && near(g, w):
		case !gf && reflect.DeepEqual(c.got, c.want):
		default:
			t.Errorf("%s: want %v, got %v", c.name, c.want, c.got)
		}
	}
}

// The reference's worked example: T = 99.9 %, P = 30 d, 10,000 requests an hour,
// 2,880 bad over the window of which 144 in the last hour.
func TestWorkedExample(t *testing.T) {
	s := parseSLO(t, "{objective: 0.999, window: {rolling: 30d}}")
	slices := series(t0, time.Hour, 720, func(i int) (float64, float64) {
		switch {
		case i < 684: // 684 × 4 = 2,736 bad
			return 4, 10000
		case i == 719:
			return 144, 10000
		}
		return 0, 10000
	})
	to := t0.Add(30 * day)
	r := Evaluate(s, slices, time.Hour, t0, to, 30*day, []time.Duration{3 * time.Hour})
	b := r.Budget
	verify(t, []check{
		{"SLI", r.SLI, 0.9996},
		{"budget share", b.Fraction.Total, 0.001},
		{"consumed share", b.Fraction.Consumed, 0.4},
		{"remaining share", b.Fraction.Remaining, 0.6},
		{"budget events", b.Events.Total, 7200.0},
		{"consumed events", b.Events.Consumed, 2880.0},
		{"remaining events", b.Events.Remaining, 4320.0},
		{"budget time", b.Time.Total, 43*time.Minute + 12*time.Second},
		{"consumed time", b.Time.Consumed, 17*time.Minute + 16800*time.Millisecond},
		{"remaining time", b.Time.Remaining, 25*time.Minute + 55200*time.Millisecond},
		// 144 of 10,000 is 1.44 % against a 0.1 % budget.
		{"burn 1h", r.BurnRates[time.Hour], 14.4},
		// The hourly slice ending at `to` is the only one in the 5-minute window.
		{"burn 5m", r.BurnRates[5*time.Minute], 14.4},
		{"burn 3h (extra)", r.BurnRates[3*time.Hour], 4.8},
		{"burn 6h", r.BurnRates[6*time.Hour], 2.4},
		{"burn 1d", r.BurnRates[day], 0.6},
		// The last 72 hours: 36 hours of 4 bad and the last hour's 144.
		{"burn 3d", r.BurnRates[3*day], 0.4},
		// 1h, 5m, 6h, 30m, 1d, 2h, 3d (6h twice) and the extra 3h.
		{"burn windows", len(r.BurnRates), 8},
		// 0.60 × 720 h / 14.4
		{"exhaustion", r.Exhaustion, 30 * time.Hour},
		{"burndown points", len(r.Burndown), 720},
		{"burndown end", r.Burndown[719].Remaining, 0.6},
		// Before the last hour: 2,736 bad of 7,190,000 against 0.1 %.
		{"burndown before the last hour", r.Burndown[718].Remaining, 1 - 2736.0/7190000/0.001},
	})
	wantFiring := []bool{true, false, false, false}
	for i, p := range r.Pairs {
		if p.Firing != wantFiring[i] || p.Suppressed != "" {
			t.Errorf("pair %d (%s/%s ×%v): firing %v suppressed %q, want firing %v", i, p.Pair.Long, p.Pair.Short, p.Pair.Factor, p.Firing, p.Suppressed, wantFiring[i])
		}
	}
}

func TestExhaustion(t *testing.T) {
	s := parseSLO(t, "{objective: 0.999, window: {rolling: 30d}}")
	cases := []struct {
		name     string
		lastHour float64 // bad events in the last hour of 10,000
		before   float64 // bad events in each earlier hour of 10,000
		want     time.Duration
	}{
		{"no burn", 0, 4, Never},
		// 720 h of 10,000 with 10 bad an hour: exactly the budget.
		{"spent exactly", 10, 10, 0},
		{"overspent", 100, 20, 0},
		// 1,000 bad in all: remaining 1 - (1,000/7,200,000)/0.001 = 0.86111…, and
		// the last hour burns at 1: 0.86111… × 720 h = 620 h.
		{"slow burn", 10, 990.0 / 719, time.Duration(math.Round((1 - 1000.0/7200000/0.001) * float64(720*time.Hour)))},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			slices := series(t0, time.Hour, 720, func(i int) (float64, float64) {
				if i == 719 {
					return tc.lastHour, 10000
				}
				return tc.before, 10000
			})
			got := Evaluate(s, slices, time.Hour, t0, t0.Add(30*day), 30*day, nil).Exhaustion
			// Clean keeps 12 significant digits: microseconds in 620 hours.
			if d := got - tc.want; d < -time.Millisecond || d > time.Millisecond {
				t.Errorf("want %v, got %v", tc.want, got)
			}
		})
	}
}

// A budget spent exactly reads 0, and an overspent one goes negative.
func TestSpentAndOverspentBudget(t *testing.T) {
	week := 7 * day
	cases := []struct {
		name       string
		objective  float64
		bad, total float64
		want       Budget
	}{
		{"spent exactly", 0.999, 7200, 7200000, budget(0.001, 1, 0, 7200, 7200, 0, 10*time.Minute+4800*time.Millisecond, 10*time.Minute+4800*time.Millisecond, 0)},
		// 3 % bad against a 1 % budget: three budgets consumed, two overspent.
		{"overspent", 0.99, 30, 1000, budget(0.01, 3, -2, 10, 30, -20, time.Hour+40*time.Minute+48*time.Second, 5*time.Hour+2*time.Minute+24*time.Second, -3*time.Hour-21*time.Minute-36*time.Second)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := catalog.SLO{Objective: tc.objective, Window: catalog.SLOWindow{Rolling: catalog.Duration(week)}}
			slices := []Slice{{End: t0.Add(time.Hour), Bad: tc.bad, Total: tc.total}}
			r := Evaluate(s, slices, time.Hour, t0, t0.Add(time.Hour), week, nil)
			if r.Budget != tc.want {
				t.Errorf("want %+v, got %+v", tc.want, r.Budget)
			}
			if r.Exhaustion != 0 {
				t.Errorf("a spent budget is exhausted now, got %v", r.Exhaustion)
			}
		})
	}
}

func budget(share, consumed, remaining, events, eventsConsumed, eventsRemaining float64, total, timeConsumed, timeRemaining time.Duration) Budget {
	var b Budget
	b.Fraction.Total, b.Fraction.Consumed, b.Fraction.Remaining = share, consumed, remaining
	b.Events.Total, b.Events.Consumed, b.Events.Remaining = events, eventsConsumed, eventsRemaining
	b.Time.Total, b.Time.Consumed, b.Time.Remaining = total, timeConsumed, timeRemaining
	return b
}

// OpenSLO's golden numbers for timeslice budgets.
func TestTimesliceBudgets(t *testing.T) {
	cases := []struct {
		name       string
		objective  float64
		length     time.Duration
		badMinutes int
		wantEvents float64
		wantTime   time.Duration
		wantShare  float64
	}{
		// 2 weeks of 1-minute slices = 20,160; 5 % of them = 1,008 bad minutes.
		{"two weeks at 95 %", 0.95, 14 * day, 0, 1008, 16*time.Hour + 48*time.Minute, 0},
		{"two weeks at 95 %, 252 bad minutes", 0.95, 14 * day, 252, 1008, 16*time.Hour + 48*time.Minute, 0.25},
		// 10,080 slices × 0.05 %.
		{"one week at 99.95 %", 0.9995, 7 * day, 0, 5.04, 5*time.Minute + 2400*time.Millisecond, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := parseSLO(t, fmt.Sprintf("{objective: %v, window: {rolling: %dd}, budgeting: {method: timeslices, slice: 1m, sliceTarget: 0.9}}",
				tc.objective, tc.length/day))
			n := int(tc.length / time.Minute)
			slices := series(t0, time.Minute, n, func(i int) (float64, float64) {
				if i < tc.badMinutes {
					return 5, 10 // 50 % good: below the slice target
				}
				return 0, 10
			})
			b := Evaluate(s, slices, time.Minute, t0, t0.Add(tc.length), tc.length, nil).Budget
			verify(t, []check{
				{"budget in slices", b.Events.Total, tc.wantEvents},
				{"budget as time", b.Time.Total, tc.wantTime},
				{"bad slices", b.Events.Consumed, float64(tc.badMinutes)},
				{"consumed share", b.Fraction.Consumed, tc.wantShare},
			})
		})
	}
}

// OpenSLO's contrast on three slices (1000, 0 bad), (1000, 0), (10, 3).
func TestMethodsContrast(t *testing.T) {
	slices := []Slice{
		{End: t0.Add(time.Minute), Bad: 0, Total: 1000},
		{End: t0.Add(2 * time.Minute), Bad: 0, Total: 1000},
		{End: t0.Add(3 * time.Minute), Bad: 3, Total: 10},
	}
	cases := []struct {
		budgeting string
		wantSLI   float64
	}{
		{"{method: occurrences}", 2007.0 / 2010},
		{"{method: ratioTimeslices, slice: 1m}", (1 + 1 + 0.7) / 3},
		{"{method: timeslices, slice: 1m, sliceTarget: 0.95}", 2.0 / 3},
	}
	for _, tc := range cases {
		t.Run(tc.budgeting, func(t *testing.T) {
			s := parseSLO(t, "{objective: 0.9, window: {rolling: 1h}, budgeting: "+tc.budgeting+"}")
			r := Evaluate(s, slices, time.Minute, t0, t0.Add(3*time.Minute), time.Hour, nil)
			verify(t, []check{{"SLI", r.SLI, tc.wantSLI}})
		})
	}
}

// Fetched 1-minute slices regroup into the method's 5-minute slices: a minute
// with 1 bad of 10 does not make its 5-minute slice (1 of 50) bad.
func TestTimeslicesRegroup(t *testing.T) {
	bad := map[int]float64{2: 1, 6: 1, 7: 1, 9: 1} // minutes 6-10 have 3 of 50 bad: 94 %
	slices := series(t0, time.Minute, 10, func(i int) (float64, float64) { return bad[i], 10 })
	cases := []struct {
		budgeting  string
		wantSLI    float64
		wantPoints []Point
	}{
		// Budget: 10 % of two slices = 0.2 slices; one bad slice consumes 5 budgets.
		{"{method: timeslices, slice: 5m, sliceTarget: 0.95}", 0.5,
			[]Point{{t0.Add(5 * time.Minute), 1}, {t0.Add(10 * time.Minute), -4}}},
		// Mean of 0.98 and 0.94; the first slice's 2 % bad is 0.02 of 0.2 slices.
		{"{method: ratioTimeslices, slice: 5m}", 0.96,
			[]Point{{t0.Add(5 * time.Minute), 0.9}, {t0.Add(10 * time.Minute), 0.6}}},
	}
	for _, tc := range cases {
		t.Run(tc.budgeting, func(t *testing.T) {
			s := parseSLO(t, "{objective: 0.9, window: {rolling: 1h}, budgeting: "+tc.budgeting+"}")
			r := Evaluate(s, slices, time.Minute, t0, t0.Add(10*time.Minute), 10*time.Minute, nil)
			verify(t, []check{{"SLI", r.SLI, tc.wantSLI}, {"burndown", r.Burndown, tc.wantPoints}})
		})
	}
}

func TestTimesliceBurnRate(t *testing.T) {
	// 12 five-minute slices, the last three bad: 3 of 12 bad slices over 1h, 1 of
	// 1 over 5m, against a 1 % budget.
	s := parseSLO(t, "{objective: 0.99, window: {rolling: 1d}, budgeting: {method: timeslices, slice: 5m, sliceTarget: 0.9}, alerting: {pairs: [{severity: critical, long: 1h, short: 5m, factor: 20}]}}")
	slices := series(t0, 5*time.Minute, 12, func(i int) (float64, float64) {
		if i >= 9 {
			return 5, 10
		}
		return 0, 10
	})
	r := Evaluate(s, slices, 5*time.Minute, t0, t0.Add(time.Hour), day, nil)
	verify(t, []check{
		{"burn 1h", r.BurnRates[time.Hour], 25.0},
		{"burn 5m", r.BurnRates[5*time.Minute], 100.0},
		{"firing", r.Pairs[0].Firing, true},
	})
}

func TestExclusions(t *testing.T) {
	// Four hours of 100 events: 10 bad in the first hour, 50 in the second.
	counts := []float64{10, 50, 0, 0}
	slices := series(t0, time.Hour, 4, func(i int) (float64, float64) { return counts[i], 100 })
	cases := []struct {
		name       string
		exclusions string
		wantSLI    float64
	}{
		{"none", "[]", 1 - 60.0/400},
		{"inside the second hour", `[{from: "2026-09-01 01:30", to: "2026-09-01 01:45"}]`, 1 - 10.0/300},
		// [02:00, 03:00) overlaps only the slice (02:00, 03:00].
		{"on slice boundaries", `[{from: "2026-09-01T02:00:00Z", to: "2026-09-01T03:00:00Z"}]`, 1 - 60.0/300},
		{"two hours", `[{from: "2026-09-01 00:30", to: "2026-09-01 01:30"}]`, 1.0},
		{"everything", `[{from: "2026-09-01", to: "2026-09-02"}]`, math.NaN()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := parseSLO(t, "{objective: 0.9, window: {rolling: 7d}, exclusions: "+tc.exclusions+"}")
			r := Evaluate(s, slices, time.Hour, t0, t0.Add(4*time.Hour), 7*day, nil)
			verify(t, []check{{"SLI", r.SLI, tc.wantSLI}})
		})
	}
}

// A timeslice method drops the whole method slice that overlaps an exclusion.
func TestExclusionDropsMethodSlice(t *testing.T) {
	s := parseSLO(t, `{objective: 0.9, window: {rolling: 1d}, budgeting: {method: timeslices, slice: 5m, sliceTarget: 0.95},
	  exclusions: [{from: "2026-09-01T00:04:00Z", to: "2026-09-01T00:05:00Z"}]}`)
	// Minute 1 is bad on its own; minutes 6-10 make a second, bad slice.
	slices := series(t0, time.Minute, 10, func(i int) (float64, float64) {
		if i == 0 || i >= 5 {
			return 5, 10
		}
		return 0, 10
	})
	r := Evaluate(s, slices, time.Minute, t0, t0.Add(10*time.Minute), day, nil)
	verify(t, []check{{"SLI", r.SLI, 0.0}, {"bad slices", r.Budget.Events.Consumed, 1.0}})
}

func TestMinEventsAndFailures(t *testing.T) {
	cases := []struct {
		name           string
		bad, total     []float64 // per 5-minute slice over the last hour; the last is last
		wantFiring     bool
		wantSuppressed string
	}{
		{"enough traffic", repeat(1, 12), repeat(10, 12), true, ""},
		{"fewer than minEvents", repeat(1, 12), repeat(5, 12), false, "fewer than minEvents events in the 1h window (60 < 100)"},
		{"fewer than minFailures", append(repeat(0, 8), 1, 1, 1, 1), repeat(10, 12), false, "fewer than minFailures bad events in the 1h window (4 < 5)"},
		{"not burning", repeat(0, 12), repeat(10, 12), false, ""},
		{"no data", repeat(0, 12), repeat(0, 12), false, ""},
	}
	s := parseSLO(t, "{objective: 0.999, window: {rolling: 7d}, alerting: {minEvents: 100, minFailures: 5, pairs: [{severity: critical, long: 1h, short: 5m, factor: 14.4}]}}")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			slices := series(t0, 5*time.Minute, 12, func(i int) (float64, float64) { return tc.bad[i], tc.total[i] })
			p := Evaluate(s, slices, 5*time.Minute, t0, t0.Add(time.Hour), 7*day, nil).Pairs[0]
			if p.Firing != tc.wantFiring || p.Suppressed != tc.wantSuppressed {
				t.Errorf("want firing %v suppressed %q, got %v %q (burn %v/%v)", tc.wantFiring, tc.wantSuppressed, p.Firing, p.Suppressed, p.Long, p.Short)
			}
		})
	}
}

func repeat(x float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = x
	}
	return out
}

// No traffic is no data: NaN, never 0 % or 100 %.
func TestNoTraffic(t *testing.T) {
	none := series(t0, time.Hour, 3, func(int) (float64, float64) { return 0, 0 })
	cases := []struct {
		name   string
		slo    string // the SLO's budgeting and alerting
		slices []Slice
	}{
		{"no slices", "budgeting: {method: occurrences}", nil},
		{"slices without events", "budgeting: {method: occurrences}", none},
		{"timeslices without events", "budgeting: {method: timeslices, slice: 1h, sliceTarget: 0.9}, alerting: {pairs: [{severity: critical, long: 2h, short: 1h, factor: 1}]}", none},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := parseSLO(t, "{objective: 0.99, window: {rolling: 7d}, "+tc.slo+"}")
			r := Evaluate(s, tc.slices, time.Hour, t0, t0.Add(3*time.Hour), 7*day, nil)
			nan := math.NaN()
			checks := []check{
				{"SLI", r.SLI, nan},
				{"consumed share", r.Budget.Fraction.Consumed, nan},
				{"remaining share", r.Budget.Fraction.Remaining, nan},
				{"remaining events", r.Budget.Events.Remaining, nan},
				{"time consumed", r.Budget.Time.Consumed, time.Duration(0)},
				{"exhaustion", r.Exhaustion, Never},
			}
			for w, br := range r.BurnRates {
				checks = append(checks, check{"burn " + w.String(), br, nan})
			}
			for i, p := range r.Burndown {
				checks = append(checks, check{fmt.Sprintf("burndown %d", i), p.Remaining, nan})
			}
			for _, p := range r.Pairs {
				checks = append(checks, check{"pair " + p.Pair.Long.String(), p.Firing, false})
			}
			verify(t, checks)
		})
	}
}

func TestBurndown(t *testing.T) {
	// Against a 10 % budget: an hour without traffic, 1 bad of 10 (the budget
	// spent), then 0 of 10 (half of it back, as the events double).
	slices := []Slice{
		{End: t0.Add(time.Hour), Bad: 0, Total: 0},
		{End: t0.Add(2 * time.Hour), Bad: 1, Total: 10},
		{End: t0.Add(3 * time.Hour), Bad: 0, Total: 10},
	}
	s := catalog.SLO{Objective: 0.9, Window: catalog.SLOWindow{Rolling: catalog.Duration(7 * day)}}
	r := Evaluate(s, slices, time.Hour, t0, t0.Add(3*time.Hour), 7*day, nil)
	want := []Point{{t0.Add(time.Hour), math.NaN()}, {t0.Add(2 * time.Hour), 0}, {t0.Add(3 * time.Hour), 0.5}}
	if len(r.Burndown) != len(want) {
		t.Fatalf("want %d points, got %v", len(want), r.Burndown)
	}
	for i, p := range r.Burndown {
		verify(t, []check{{fmt.Sprintf("point %d time", i), p.T, want[i].T}, {fmt.Sprintf("point %d", i), p.Remaining, want[i].Remaining}})
	}
}

// Slices before the window start count towards burn windows only: at the start of
// a calendar period, a long window still sees the last hours of the one before.
func TestSlicesBeforeTheWindow(t *testing.T) {
	slices := series(t0, time.Hour, 3, func(i int) (float64, float64) {
		if i == 0 {
			return 30, 100
		}
		return 0, 100
	})
	from, to := t0.Add(2*time.Hour), t0.Add(3*time.Hour)
	s := catalog.SLO{Objective: 0.9, Window: catalog.SLOWindow{Calendar: "month"}}
	r := Evaluate(s, slices, time.Hour, from, to, 30*day, []time.Duration{time.Hour, 3 * time.Hour})
	verify(t, []check{
		{"SLI", r.SLI, 1.0},
		{"burn 1h", r.BurnRates[time.Hour], 0.0},
		// 30 of 300 against a 10 % budget.
		{"burn 3h", r.BurnRates[3*time.Hour], 1.0},
		{"burndown points", len(r.Burndown), 1},
	})
}

// DefaultPairs: a factor F sustained over the long window L of an SLO window P
// consumes F*L/P of the budget; the workbook's pairs consume 2 %, 5 %, 10 %, 10 %.
func TestDefaultPairFactors(t *testing.T) {
	cases := []struct {
		window time.Duration
		want   []float64
	}{
		{30 * day, []float64{14.4, 6, 3, 1}},
		{28 * day, []float64{13.44, 5.6, 2.8, 0.9333}},
	}
	shares := []float64{0.02, 0.05, 0.10, 0.10}
	for _, tc := range cases {
		t.Run(tc.window.String(), func(t *testing.T) {
			pairs := catalog.DefaultPairs(tc.window)
			if len(pairs) != len(tc.want) {
				t.Fatalf("want %d pairs, got %d", len(tc.want), len(pairs))
			}
			for i, p := range pairs {
				if p.Factor != tc.want[i] {
					t.Errorf("pair %d: want factor %v, got %v", i, tc.want[i], p.Factor)
				}
				if consumed := p.Factor * float64(p.Long) / float64(tc.window); math.Abs(consumed-shares[i]) > 1e-4 {
					t.Errorf("pair %d consumes %v of the budget in %s, want %v", i, consumed, p.Long, shares[i])
				}
			}
		})
	}
}

// Outputs read as people expect: computed naively, (9/10000)/0.001 is
// 0.8999999999999999 and the budget left 0.10000000000000009; Evaluate's are clean.
func TestReadableNumbers(t *testing.T) {
	s := parseSLO(t, "{objective: 0.999, window: {rolling: 30d}}")
	slices := series(t0, time.Hour, 2, func(i int) (float64, float64) { return 9, 10000 })
	r := Evaluate(s, slices, time.Hour, t0, t0.Add(2*time.Hour), 30*day, nil)
	verify(t, []check{
		{"SLI", r.SLI, 0.9991},
		{"budget share", r.Budget.Fraction.Total, 0.001},
		{"consumed share", r.Budget.Fraction.Consumed, 0.9},
		{"remaining share", r.Budget.Fraction.Remaining, 0.1},
		{"budget events", r.Budget.Events.Total, 20.0},
		{"remaining events", r.Budget.Events.Remaining, 2.0},
		{"burn 1h", r.BurnRates[time.Hour], 0.9},
	})
}
