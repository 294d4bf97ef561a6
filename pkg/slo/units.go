package slo

import (
	"math"
	"sort"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
)

// unit is what a budgeting method counts: one slice for occurrences, one method
// slice (several fetched slices regrouped) for the timeslice methods.
type unit struct {
	start, end time.Time // the unit covers (start, end]
	bad, total float64   // events
	// score is the unit in the method's currency: bad events of total events
	// (occurrences); 1 bad slice of 1 (timeslices); the bad share of 1 slice
	// (ratioTimeslices). Units without traffic score 0 of 0.
	scoreBad, scoreN float64
}

// method knows how one SLO's budgeting method turns slices into units.
type method struct {
	kind        catalog.BudgetingMethod
	slice       time.Duration // the unit length
	sliceTarget float64
}

func newMethod(b catalog.Budgeting, sliceLen time.Duration) method {
	m := method{kind: b.Method, slice: sliceLen, sliceTarget: b.SliceTarget}
	if m.kind == "" {
		m.kind = catalog.Occurrences
	}
	if m.timeslices() && b.Slice > 0 {
		m.slice = time.Duration(b.Slice)
	}
	return m
}

func (m method) timeslices() bool {
	return m.kind == catalog.Timeslices || m.kind == catalog.RatioTimeslices
}

// units groups the slices ending by `to` into the method's units, in time order,
// and drops every unit that overlaps a budget exclusion. Slices before `from` are
// kept: they only count towards burn windows that reach back before the period.
func (m method) units(slices []Slice, sliceLen time.Duration, from, to time.Time, ex []catalog.Exclusion) []unit {
	byEnd := map[time.Time]*unit{}
	var out []*unit
	for _, s := range slices {
		if s.End.After(to) {
			continue
		}
		start, end := s.End.Add(-sliceLen), s.End
		if !s.Start.IsZero() {
			start = s.Start
		}
		if m.timeslices() {
			start, end = m.group(s.End, from, to)
		}
		u, ok := byEnd[end]
		if !ok {
			u = &unit{start: start, end: end}
			byEnd[end] = u
			out = append(out, u)
		}
		u.bad += s.Bad
		u.total += s.Total
	}
	sort.Slice(out, func(i, j int) bool { return out[i].end.Before(out[j].end) })
	units := make([]unit, 0, len(out))
	for _, u := range out {
		if excluded(*u, ex) {
			continue
		}
		u.scoreBad, u.scoreN = m.score(*u)
		units = append(units, *u)
	}
	return units
}

// group finds the method slice (from+kS, from+(k+1)S] holding a fetched slice that
// ends at end; slices count from the period start. A slice still in progress at
// `to` ends at `to`.
func (m method) group(end, from, to time.Time) (time.Time, time.Time) {
	k := floorDiv(end.Sub(from)-1, m.slice)
	start := from.Add(time.Duration(k) * m.slice)
	stop := start.Add(m.slice)
	if stop.After(to) {
		stop = to
	}
	return start, stop
}

func floorDiv(a, b time.Duration) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return int64(q)
}

// excluded reports whether a unit overlaps an exclusion [from, to) for a positive
// time: a maintenance window starting at 02:00 leaves the slice ending at 02:00.
func excluded(u unit, ex []catalog.Exclusion) bool {
	for _, e := range ex {
		from, to := e.Span()
		if from.IsZero() || to.IsZero() {
			continue
		}
		if u.start.Before(to) && from.Before(u.end) {
			return true
		}
	}
	return false
}

func (m method) score(u unit) (bad, n float64) {
	if m.kind == catalog.Occurrences {
		// Kept even when a slice's total is negative: a source that gives
		// slices as differences of overlapping windows (Prometheus's
		// extrapolated increase) needs them to add back up to the windows.
		if u.total == 0 || math.IsNaN(u.total) {
			return 0, 0
		}
		return u.bad, u.total
	}
	if !(u.total > 0) {
		return 0, 0
	}
	switch m.kind {
	case catalog.Timeslices:
		// The slice's own ratio decides; Clean keeps 1-50/1000 from missing 0.95.
		if Clean(1-u.bad/u.total) < m.sliceTarget {
			return 1, 1
		}
		return 0, 1
	case catalog.RatioTimeslices:
		return clamp01(u.bad / u.total), 1
	}
	return u.bad, u.total
}

func clamp01(x float64) float64 {
	return max(0, min(1, x))
}

// sums adds up the units ending in (after, until].
type sums struct{ bad, total, scoreBad, scoreN float64 }

func sumUnits(units []unit, after, until time.Time) sums {
	var s sums
	for _, u := range units {
		if u.end.After(after) && !u.end.After(until) {
			s.bad += u.bad
			s.total += u.total
			s.scoreBad += u.scoreBad
			s.scoreN += u.scoreN
		}
	}
	return s
}
