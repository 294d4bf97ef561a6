// Package slo is the arithmetic of service level objectives: SLI, error budget
// (as a share, in events or slices, and as time), burn rates, multiwindow alert
// pairs, time to exhaustion and the burndown, from per-slice event counts. It
// knows nothing about Prometheus: the engine fetches the counts and calls it.
package slo

import (
	"fmt"
	"math"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
)

// Slice is the events counted in (End-Len, End], or in (Start, End] when Start
// is set: one long slice can stand for the old part of an occurrences window,
// whose burn windows only need short slices near its end.
type Slice struct {
	Start, End time.Time
	Bad, Total float64
}

// Budget is the error budget three ways. Fraction.Total is 1-T (a share of events
// or slices); Fraction.Consumed and Fraction.Remaining are shares of the budget,
// Remaining negative when overspent. Events counts events (occurrences) or slices
// (timeslices; bad-slice equivalents for ratioTimeslices). Time is (1-T)*length
// and its consumed and remaining parts.
//
// Without traffic in the window the consumed and remaining shares and events are
// NaN, and Time.Consumed and Time.Remaining are 0 (a Duration cannot be NaN):
// check Fraction.Remaining (or Result.SLI) before showing them.
type Budget struct {
	Fraction struct{ Total, Consumed, Remaining float64 }
	Events   struct{ Total, Consumed, Remaining float64 }
	Time     struct{ Total, Consumed, Remaining time.Duration }
}

// PairState is one alert pair evaluated: its burn rates (NaN = no data), whether
// it fires, and why a pair that would fire is held back ("" when it is not).
type PairState struct {
	Pair        catalog.BurnPair
	Long, Short float64
	Firing      bool
	Suppressed  string
}

// Point is one step of the burndown: the remaining budget share at T.
type Point struct {
	T         time.Time
	Remaining float64
}

// Never is the Exhaustion of a budget that is not burning.
const Never = time.Duration(math.MaxInt64)

// Result is everything known about one SLO at the end of its window.
type Result struct {
	// SLI is NaN when the window has no traffic: no data is never 100 %.
	SLI    float64
	Budget Budget
	// BurnRates has every window asked for: the pairs' long and short windows and
	// the extra ones. NaN when the window has no traffic.
	BurnRates map[time.Duration]float64
	Pairs     []PairState
	// Exhaustion is the time until the budget is spent at the current burn rate
	// (over the first pair's long window, 1h without pairs): 0 when it is already
	// spent, Never when nothing burns (burn 0 or no data).
	Exhaustion time.Duration
	// Burndown has the remaining budget share after each unit (slice, or method
	// slice for the timeslice methods) from the window start; NaN while there was
	// no traffic yet.
	Burndown []Point
}

// Evaluate computes everything for one SLO from slices of equal length `sliceLen`
// that tile (from, to]. Slices whose interval overlaps a budget exclusion are
// dropped entirely (neither good nor bad); for the timeslice methods the whole
// method slice is dropped. The method slice (budgeting.slice) may be a multiple of
// sliceLen: slices are regrouped into method slices counted from `from`.
// extraBurnWindows are additional windows to report in BurnRates.
//
// Slices ending at or before `from` count towards burn rates only, so a caller
// may pass earlier slices to give long burn windows full history at the start of
// a calendar period.
func Evaluate(s catalog.SLO, slices []Slice, sliceLen time.Duration, from, to time.Time, length time.Duration, extraBurnWindows []time.Duration) Result {
	e := evaluation{
		slo:    s,
		method: newMethod(s.Budgeting, sliceLen),
		from:   from,
		to:     to,
		length: length,
		budget: Clean(1 - s.Objective),
	}
	e.units = e.method.units(slices, sliceLen, from, to, s.Exclusions)

	window := sumUnits(e.units, from, to)
	res := Result{SLI: e.sli(window), Budget: e.budgetOf(window), BurnRates: map[time.Duration]float64{}}
	for _, p := range s.Alerting.Pairs {
		res.BurnRates[time.Duration(p.Long)] = e.burnRate(time.Duration(p.Long))
		res.BurnRates[time.Duration(p.Short)] = e.burnRate(time.Duration(p.Short))
		res.Pairs = append(res.Pairs, e.pair(p))
	}
	for _, w := range extraBurnWindows {
		if w > 0 {
			res.BurnRates[w] = e.burnRate(w)
		}
	}
	res.Exhaustion = e.exhaustion(res.Budget.Fraction.Remaining)
	res.Burndown = e.burndown()
	return res
}

// evaluation holds one Evaluate call's inputs.
type evaluation struct {
	slo      catalog.SLO
	method   method
	from, to time.Time
	length   time.Duration
	budget   float64 // 1-T
	units    []unit
}

func (e evaluation) sli(s sums) float64 {
	if s.scoreN == 0 {
		return math.NaN()
	}
	return Clean(1 - s.scoreBad/s.scoreN)
}

// budgetUnits is the budget in the method's units: (1-T) of the events seen so far
// (occurrences), or of all the slices in the whole period (timeslice methods).
func (e evaluation) budgetUnits(s sums) float64 {
	if e.method.timeslices() {
		return e.budget * float64(e.length) / float64(e.method.slice)
	}
	return e.budget * s.scoreN
}

// consumed is the share of the budget spent; NaN without traffic.
func (e evaluation) consumed(s sums) float64 {
	if s.scoreN == 0 {
		return math.NaN()
	}
	return Clean(s.scoreBad / e.budgetUnits(s))
}

func (e evaluation) budgetOf(s sums) Budget {
	var b Budget
	total := e.budgetUnits(s)
	b.Fraction.Total = e.budget
	b.Fraction.Consumed = e.consumed(s)
	// From the cleaned share, so that a budget spent exactly reads 0, not -4.69e-12.
	b.Fraction.Remaining = Clean(1 - b.Fraction.Consumed)
	b.Events.Total = Clean(total)
	b.Events.Consumed, b.Events.Remaining = math.NaN(), math.NaN()
	budgetTime := e.budget * float64(e.length)
	b.Time.Total = cleanDuration(budgetTime)
	if s.scoreN > 0 {
		b.Events.Consumed = Clean(s.scoreBad)
		b.Events.Remaining = Clean(total - s.scoreBad)
		b.Time.Consumed = cleanDuration(b.Fraction.Consumed * budgetTime)
		b.Time.Remaining = b.Time.Total - b.Time.Consumed
	}
	return b
}

// burnRate over the window w is the bad share of the units ending in (to-w, to]
// over the budget share; NaN when w has no traffic.
func (e evaluation) burnRate(w time.Duration) float64 {
	s := sumUnits(e.units, e.to.Add(-w), e.to)
	if s.scoreN == 0 || e.budget == 0 {
		return math.NaN()
	}
	return Clean(s.scoreBad / s.scoreN / e.budget)
}

func (e evaluation) pair(p catalog.BurnPair) PairState {
	long := time.Duration(p.Long)
	st := PairState{Pair: p, Long: e.burnRate(long), Short: e.burnRate(time.Duration(p.Short))}
	if !(st.Long >= p.Factor && st.Short >= p.Factor) {
		return st
	}
	// Low traffic: a handful of failures among a handful of events is no page.
	a := e.slo.Alerting
	s := sumUnits(e.units, e.to.Add(-long), e.to)
	switch {
	case s.total < a.MinEvents:
		st.Suppressed = fmt.Sprintf("fewer than minEvents events in the %s window (%s < %s)", p.Long, number(s.total), number(a.MinEvents))
	case s.bad < a.MinFailures:
		st.Suppressed = fmt.Sprintf("fewer than minFailures bad events in the %s window (%s < %s)", p.Long, number(s.bad), number(a.MinFailures))
	default:
		st.Firing = true
	}
	return st
}

func number(x float64) string {
	return fmt.Sprint(Clean(x))
}

// exhaustion is remaining*length/burn at the burn over the first pair's long
// window (1h without pairs).
func (e evaluation) exhaustion(remaining float64) time.Duration {
	w := time.Hour
	if pairs := e.slo.Alerting.Pairs; len(pairs) > 0 {
		w = time.Duration(pairs[0].Long)
	}
	burn := e.burnRate(w)
	switch {
	case math.IsNaN(remaining):
		return Never
	case remaining <= 0:
		return 0
	case !(burn > 0):
		return Never
	}
	ns := remaining * float64(e.length) / burn
	if ns >= float64(Never) {
		return Never
	}
	return cleanDuration(ns)
}

// burndown is the remaining share after each unit of the window, counting from
// the window start.
func (e evaluation) burndown() []Point {
	var points []Point
	var so sums
	for _, u := range e.units {
		if !u.end.After(e.from) {
			continue
		}
		so.scoreBad += u.scoreBad
		so.scoreN += u.scoreN
		points = append(points, Point{T: u.end, Remaining: Clean(1 - e.consumed(so))})
	}
	return points
}
