package source

import (
	"time"

	"github.com/northstar/kpi/pkg/slo"
)

// EventSeries is one dimension set's events in consecutive slices.
type EventSeries struct {
	Labels map[string]string
	Slices []slo.Slice
}

// CombineEvents joins per-slice counts of all events (total) with counts of good
// or bad events (part; good tells which) into one EventSeries per dimension set
// with a slice for every slice end in (from, to]. A slice without a total sample
// had no traffic; a missing part with traffic means no good (or no bad) events,
// since a counter that never moved may not exist yet.
func CombineEvents(total, part []Series, good bool, from, to time.Time, slice time.Duration) []EventSeries {
	parts := map[string]map[int64]float64{}
	for _, s := range part {
		parts[LabelKey(s.Labels)] = mergePoints(parts[LabelKey(s.Labels)], s)
	}
	totals := map[string]map[int64]float64{}
	labels := map[string]map[string]string{}
	var order []string
	for _, s := range total {
		key := LabelKey(s.Labels)
		if _, seen := totals[key]; !seen {
			order = append(order, key)
			labels[key] = s.Labels
		}
		totals[key] = mergePoints(totals[key], s)
	}
	out := make([]EventSeries, 0, len(order))
	for _, key := range order {
		out = append(out, EventSeries{Labels: labels[key], Slices: slicesOf(totals[key], parts[key], good, from, to, slice)})
	}
	return out
}

func mergePoints(m map[int64]float64, s Series) map[int64]float64 {
	if m == nil {
		m = map[int64]float64{}
	}
	for _, p := range s.Points {
		m[p.T.UnixMilli()] = p.V
	}
	return m
}

func slicesOf(total, part map[int64]float64, good bool, from, to time.Time, slice time.Duration) []slo.Slice {
	n := int(to.Sub(from) / slice)
	out := make([]slo.Slice, 0, n)
	for end := from.Add(slice); !end.After(to); end = end.Add(slice) {
		s := slo.Slice{End: end}
		if t, ok := total[end.UnixMilli()]; ok && t > 0 {
			s.Total = t
			p := part[end.UnixMilli()]
			s.Bad = p
			if good {
				s.Bad = max(t-p, 0)
			}
		}
		out = append(out, s)
	}
	return out
}
