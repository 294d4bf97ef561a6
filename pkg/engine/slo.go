package engine

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/slo"
	"github.com/northstar/kpi/pkg/source"
)

// SLO measures (docs/frames.md). Budget shares are fractions of the error budget;
// budget_total is the budget as a fraction of events (1 - objective); event
// budgets count events (or slices for timeslice SLOs); time budgets are seconds.
const (
	MSLI                  Measure = "sli"
	MBudgetTotal          Measure = "budget_total"
	MBudgetConsumed       Measure = "budget_consumed"
	MBudgetRemaining      Measure = "budget_remaining"
	MBudgetEventsTotal    Measure = "budget_events_total"
	MBudgetEventsConsumed Measure = "budget_events_consumed"
	MBudgetEventsRemain   Measure = "budget_events_remaining"
	MBudgetTimeTotal      Measure = "budget_time_total"
	MBudgetTimeConsumed   Measure = "budget_time_consumed"
	MBudgetTimeRemaining  Measure = "budget_time_remaining"
	MTimeToExhaustion     Measure = "time_to_exhaustion"
	MBudgetBurndown       Measure = "budget_burndown"
	// MBurnRates asks for the burn rate over every window of the SLO's alert pairs,
	// MBurnPairs for the state of every pair, MSLO for the whole SLO card.
	MBurnRates Measure = "burn_rates"
	MBurnPairs Measure = "burn_pairs"
	MSLO       Measure = "slo"
)

// SLOMeasures are the fixed-name SLO measures, in display order.
var SLOMeasures = []Measure{
	MSLI, MBudgetTotal, MBudgetConsumed, MBudgetRemaining,
	MBudgetEventsTotal, MBudgetEventsConsumed, MBudgetEventsRemain,
	MBudgetTimeTotal, MBudgetTimeConsumed, MBudgetTimeRemaining,
	MTimeToExhaustion, MBudgetBurndown, MBurnRates, MBurnPairs, MSLO, MBurnRateSeries,
}

// sloCard is what MSLO expands to, besides every burn rate and pair.
var sloCard = []Measure{MSLI, MBudgetRemaining, MBudgetEventsRemain, MBudgetTimeRemaining, MTimeToExhaustion}

// A window is a Prometheus duration of whole units, compound ones included:
// BurnRateMeasure and the alert rules name a 90m window "1h30m" and a 36h one
// "1d12h" (catalog.Duration.String), and those names must parse back.
var (
	burnRateRE = regexp.MustCompile(`^burn_rate_((?:[0-9]+[smhdwy])+)$`)
	burnPairRE = regexp.MustCompile(`^burn_pair_((?:[0-9]+[smhdwy])+)_((?:[0-9]+[smhdwy])+)$`)
)

// BurnRateMeasure names the burn rate over a window: burn_rate_1h.
func BurnRateMeasure(w time.Duration) Measure {
	return Measure("burn_rate_" + catalog.Duration(w).String())
}

// BurnPairMeasure names a pair's state: burn_pair_5m_1h (short, then long).
func BurnPairMeasure(p catalog.BurnPair) Measure {
	return Measure(fmt.Sprintf("burn_pair_%s_%s", p.Short, p.Long))
}

// IsSLOMeasure tells SLO measures from KPI measures.
func IsSLOMeasure(m Measure) bool {
	return slices.Contains(SLOMeasures, m) || burnRateRE.MatchString(string(m)) || burnPairRE.MatchString(string(m))
}

// wantsSLO tells whether any SLO measure was asked for.
func (r Request) wantsSLO() bool {
	return slices.ContainsFunc(r.Measures, IsSLOMeasure)
}

// wantsKPI tells whether any KPI (non-SLO) measure was asked for.
func (r Request) wantsKPI() bool {
	return slices.ContainsFunc(r.Measures, func(m Measure) bool { return !IsSLOMeasure(m) })
}

// SLOResult is one SLO of one dimension set.
type SLOResult struct {
	SLO *catalog.SLO
	// Measures is what the request asked for, expanded for this SLO: burn_rates,
	// burn_pairs and slo become the concrete burn_rate_<w> and burn_pair_<s>_<l>.
	Measures []Measure
	From, To time.Time
	Result   slo.Result
	// BurnSeries is the burn rate over each pair window at each step of the
	// request's range (burn_rate_series, burnseries.go), shortest window first.
	BurnSeries []BurnRateSeries
}

// expandSLO turns the request's SLO measures into this SLO's concrete measures.
func (r Request) expandSLO(s *catalog.SLO) []Measure {
	var out []Measure
	add := func(ms ...Measure) {
		for _, m := range ms {
			if !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	for _, m := range r.Measures {
		switch {
		case m == MSLO:
			add(sloCard...)
			add(burnRateMeasures(s)...)
			add(burnPairMeasures(s)...)
		case m == MBurnRates:
			add(burnRateMeasures(s)...)
		case m == MBurnPairs:
			add(burnPairMeasures(s)...)
		case burnPairRE.MatchString(string(m)):
			if _, ok := pairOf(s, m); ok {
				add(m)
			}
		case IsSLOMeasure(m):
			add(m)
		}
	}
	return out
}

func burnRateMeasures(s *catalog.SLO) []Measure {
	var out []Measure
	for _, w := range pairWindows(s) {
		out = append(out, BurnRateMeasure(w))
	}
	return out
}

func burnPairMeasures(s *catalog.SLO) []Measure {
	out := make([]Measure, 0, len(s.Alerting.Pairs))
	for _, p := range s.Alerting.Pairs {
		out = append(out, BurnPairMeasure(p))
	}
	return out
}

// pairWindows are the distinct windows of an SLO's pairs, shortest first.
func pairWindows(s *catalog.SLO) []time.Duration {
	var out []time.Duration
	for _, p := range s.Alerting.Pairs {
		for _, w := range []time.Duration{time.Duration(p.Short), time.Duration(p.Long)} {
			if !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
	}
	slices.Sort(out)
	return out
}

// pairOf finds the SLO's pair a burn_pair measure names.
func pairOf(s *catalog.SLO, m Measure) (catalog.BurnPair, bool) {
	for _, p := range s.Alerting.Pairs {
		if BurnPairMeasure(p) == m {
			return p, true
		}
	}
	return catalog.BurnPair{}, false
}

// burnWindow reads the window of a burn_rate measure.
func BurnWindow(m Measure) (time.Duration, bool) {
	s := burnRateRE.FindStringSubmatch(string(m))
	if s == nil {
		return 0, false
	}
	d, err := catalog.ParseDuration(s[1])
	return time.Duration(d), err == nil
}

// resolution is the slice length the SLO's events are fetched at: the largest
// length that divides every window it must add up to exactly.
func resolution(s *catalog.SLO, measures []Measure) time.Duration {
	r := time.Duration(0)
	for _, w := range pairWindows(s) {
		r = gcd(r, w)
	}
	for _, m := range measures {
		if w, ok := BurnWindow(m); ok {
			r = gcd(r, w)
		}
	}
	if s.Budgeting.Slice > 0 {
		r = gcd(r, time.Duration(s.Budgeting.Slice))
	}
	if s.Window.Rolling > 0 {
		r = gcd(r, time.Duration(s.Window.Rolling))
	}
	if r <= 0 {
		r = 5 * time.Minute
	}
	return max(r, time.Second)
}

func gcd(a, b time.Duration) time.Duration {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// sloWindow is the SLO window ending at the request's end, snapped to the slice
// grid: the end is truncated to it, and the start moved forward to the first
// slice boundary in the window, so no data from before the window is used.
func sloWindow(s *catalog.SLO, loc *time.Location, end time.Time, r time.Duration) (from, to time.Time, length time.Duration) {
	to = end.Truncate(r)
	from, length = slo.Period(s.Window, loc, to)
	n := to.Sub(from) / r
	return to.Add(-n * r), to, length
}

// sloAnswer is one SLO result for one dimension set, before it joins its group.
type sloAnswer struct {
	labels map[string]string
	result SLOResult
}

// evaluateSLOs computes every SLO of the KPI that the request selects, for every
// dimension set.
func (e *evaluation) evaluateSLOs(ctx context.Context) ([]sloAnswer, error) {
	var out []sloAnswer
	for i := range e.kpi.SLOs {
		s := &e.kpi.SLOs[i]
		if e.req.SLO != "" && s.Name != e.req.SLO {
			continue
		}
		answers, err := e.evaluateSLO(ctx, s)
		if err == nil {
			answers, err = e.withBurnSeries(ctx, s, answers)
		}
		if err != nil {
			return nil, fmt.Errorf("SLO %q: %w", s.Name, err)
		}
		out = append(out, answers...)
	}
	return out, nil
}

func (e *evaluation) evaluateSLO(ctx context.Context, s *catalog.SLO) ([]sloAnswer, error) {
	measures := e.req.expandSLO(s)
	var extra []time.Duration
	for _, m := range measures {
		if w, ok := BurnWindow(m); ok {
			extra = append(extra, w)
		}
	}
	if err := e.checkBurnWindows(s, extra); err != nil {
		return nil, err
	}
	between, exact := e.src.(source.IntervalEvents)
	if !exact || !occurrences(s) {
		return e.sloFromSlices(ctx, s, measures, extra)
	}
	answers, err := e.sloBetweenBounds(ctx, s, measures, extra, between)
	if err != nil || !slices.Contains(measures, MBudgetBurndown) {
		return answers, err
	}
	// The burndown needs a point per slice over the whole window; everything
	// else stays counted between exact bounds, so the slices need not divide
	// the burn windows asked for by name.
	fine, err := e.sloFromSlices(ctx, s, []Measure{MBudgetBurndown}, nil)
	if err != nil {
		return nil, err
	}
	burndown := map[string][]slo.Point{}
	for _, a := range fine {
		burndown[source.LabelKey(a.labels)] = a.result.Result.Burndown
	}
	for i := range answers {
		answers[i].result.Result.Burndown = burndown[source.LabelKey(answers[i].labels)]
	}
	return answers, nil
}

// checkBurnWindows refuses burn windows asked for by name that the data cannot
// answer: shorter than its resolution (the scrape interval, the SLO's slice),
// or longer than the SLO's window (docs/limits.md).
func (e *evaluation) checkBurnWindows(s *catalog.SLO, windows []time.Duration) error {
	finest := source.ResolutionInfo{Step: time.Second, Why: "one second"}
	if r, ok := e.src.(source.Resolution); ok {
		finest = r.Resolution()
	}
	if !occurrences(s) && time.Duration(s.Budgeting.Slice) > finest.Step {
		finest = source.ResolutionInfo{Step: time.Duration(s.Budgeting.Slice), Why: "the SLO's budgeting slice"}
	}
	longest := s.Window.Nominal()
	for _, w := range windows {
		m := BurnRateMeasure(w)
		switch {
		case w < finest.Step:
			return source.BadInput("measure %q: the burn window %s is shorter than the data's resolution, %s", m, catalog.Duration(w), finest)
		case w > longest:
			return source.BadInput("measure %q: the burn window %s is longer than the SLO's window (%s)", m, catalog.Duration(w), catalog.Duration(longest))
		}
	}
	return nil
}

func occurrences(s *catalog.SLO) bool {
	return s.Budgeting.Method == catalog.Occurrences || s.Budgeting.Method == ""
}

// sloBetweenBounds evaluates an occurrences SLO from counts between exact
// bounds (source.IntervalEvents): the window ends at the request's end, to the
// second, and every window is counted as the source itself counts it.
func (e *evaluation) sloBetweenBounds(ctx context.Context, s *catalog.SLO, measures []Measure, extra []time.Duration, between source.IntervalEvents) ([]sloAnswer, error) {
	const r = time.Second
	from, to, length := sloWindow(s, e.kpi.Location(), e.req.Range.To, r)
	events, err := between.EventsBetween(ctx, e.kpi, e.req.Filters, intervalBounds(s, append(pairWindows(s), extra...), from, to))
	if err != nil {
		return nil, err
	}
	return e.answers(s, measures, extra, events, r, from, to, length), nil
}

// sloFromSlices evaluates an SLO from slices of one length on the slice grid.
func (e *evaluation) sloFromSlices(ctx context.Context, s *catalog.SLO, measures []Measure, extra []time.Duration) ([]sloAnswer, error) {
	r := resolution(s, measures)
	from, to, length := sloWindow(s, e.kpi.Location(), e.req.Range.To, r)
	events, err := e.fetchEvents(ctx, s, measures, from, to, r, recentSpan(s, extra, r))
	if err != nil {
		return nil, err
	}
	return e.answers(s, measures, extra, events, r, from, to, length), nil
}

func (e *evaluation) answers(s *catalog.SLO, measures []Measure, extra []time.Duration, events []source.EventSeries, r time.Duration, from, to time.Time, length time.Duration) []sloAnswer {
	out := make([]sloAnswer, 0, len(events))
	for _, ev := range events {
		res := slo.Evaluate(*s, ev.Slices, r, from, to, length, extra)
		res.Burndown = thin(res.Burndown, int(e.req.Step/r))
		out = append(out, sloAnswer{labels: ev.Labels, result: SLOResult{SLO: s, Measures: measures, From: from, To: to, Result: res}})
	}
	return out
}

// recentSpan is how far back from the window's end burn rates look: the longest
// burn window, on the slice grid.
func recentSpan(s *catalog.SLO, extra []time.Duration, r time.Duration) time.Duration {
	longest := r
	for _, w := range append(pairWindows(s), extra...) {
		longest = max(longest, w)
	}
	return (longest + r - 1) / r * r
}

// fetchEvents gets the slices an SLO needs. Burn windows need short slices, but
// only near the end: for occurrences budgeting, everything older than the
// longest burn window is one total (one point per count), which makes a 28-day
// SLO a few hundred points instead of eight thousand. Timeslice methods and the
// burndown chart need short slices over the whole window. Short slices may start
// before the window (a calendar period that just began): they count towards burn
// rates only.
func (e *evaluation) fetchEvents(ctx context.Context, s *catalog.SLO, measures []Measure, from, to time.Time, r, recent time.Duration) ([]source.EventSeries, error) {
	fineFrom := to.Add(-recent)
	if wholeWindowFine(s, measures) || !fineFrom.After(from) {
		return e.src.Events(ctx, e.kpi, e.req.Filters, minTime(from, fineFrom), to, r)
	}
	var old, fine []source.EventSeries
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		old, err = e.src.Events(gctx, e.kpi, e.req.Filters, from, fineFrom, fineFrom.Sub(from))
		return err
	})
	g.Go(func() (err error) {
		fine, err = e.src.Events(gctx, e.kpi, e.req.Filters, fineFrom, to, r)
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for i := range old {
		for j := range old[i].Slices {
			old[i].Slices[j].Start = from
		}
	}
	return joinEvents(old, fine), nil
}

// wholeWindowFine tells whether an SLO needs short slices over its whole
// window: the timeslice methods and the burndown chart do.
func wholeWindowFine(s *catalog.SLO, measures []Measure) bool {
	return s.Budgeting.Method != catalog.Occurrences && s.Budgeting.Method != "" ||
		slices.Contains(measures, MBudgetBurndown)
}

// joinEvents puts the slices of two fetches together per dimension set.
func joinEvents(a, b []source.EventSeries) []source.EventSeries {
	byKey := map[string]int{}
	var out []source.EventSeries
	for _, part := range [][]source.EventSeries{a, b} {
		for _, ev := range part {
			key := source.LabelKey(ev.Labels)
			i, ok := byKey[key]
			if !ok {
				byKey[key] = len(out)
				out = append(out, source.EventSeries{Labels: ev.Labels})
				i = len(out) - 1
			}
			out[i].Slices = append(out[i].Slices, ev.Slices...)
		}
	}
	return out
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// thin keeps every k-th point of a burndown (and the last), so that the budget
// chart has about as many points as the panel's other series.
func thin(points []slo.Point, k int) []slo.Point {
	if k <= 1 || len(points) == 0 {
		return points
	}
	out := make([]slo.Point, 0, len(points)/k+1)
	for i := len(points) - 1; i >= 0; i -= k {
		out = append(out, points[i])
	}
	slices.Reverse(out)
	return out
}

// checkPattern validates the windows of burn_rate_<w> and burn_pair_<s>_<l>;
// other measures have none.
func checkPattern(m Measure) error {
	match := burnRateRE.FindStringSubmatch(string(m))
	if match == nil {
		match = burnPairRE.FindStringSubmatch(string(m))
	}
	for _, w := range match[min(1, len(match)):] {
		if d, err := catalog.ParseDuration(w); err != nil || d <= 0 {
			return fmt.Errorf("measure %q: %q is not a valid window", m, w)
		}
	}
	return nil
}
