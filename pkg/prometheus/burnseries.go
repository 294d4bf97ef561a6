package prometheus

import (
	"context"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/promql"
	"github.com/northstar/kpi/pkg/source"
)

var _ source.BadRatioSeries = (*Source)(nil)

// BadRatioSeries is bad/total over each window at the points of [from, to] on
// the step grid: for every window one range query (in chunks of at most
// maxPointsPerCall points) of the total and the other count (good or bad),
// each sum(increase(counter[w])) by the KPI's dimensions, the very expression
// of Prometheus's own ratio over w at each step.
func (s *Source) BadRatioSeries(ctx context.Context, k *catalog.KPI, f source.Filters, windows []time.Duration, from, to time.Time, step time.Duration) ([]source.RatioSeries, error) {
	if step <= 0 {
		return nil, source.BadInput("the step must be positive")
	}
	tmpl, err := checkedCounts(k, f)
	if err != nil {
		return nil, err
	}
	part, _ := tmpl.part()
	good := tmpl.good != ""
	first := from.Truncate(step)
	if first.Before(from) {
		first = first.Add(step)
	}
	last := to.Truncate(step)
	if last.Before(first) {
		return nil, nil
	}
	var out []source.RatioSeries
	for _, w := range windows {
		d := promql.Durations{Window: w, Interval: step, Range: last.Sub(first)}
		var terms []string
		for _, c := range [][2]string{{"total", tmpl.total}, {"part", part}} {
			t, err := tagged(k, c[1], d, f, c[0])
			if err != nil {
				return nil, err
			}
			terms = append(terms, t)
		}
		// counts asks for the points after its start: one step before the first.
		both, err := s.counts(ctx, strings.Join(terms, " or "), first.Add(-step), last, step)
		if err != nil {
			return nil, err
		}
		out = append(out, ratios(both, good, w)...)
	}
	return out, nil
}

// ratios pairs the tagged totals and parts of one window into bad/total per
// dimension set; a point without a total had no traffic.
func ratios(both []source.Series, good bool, w time.Duration) []source.RatioSeries {
	totals := map[string][]kpimath.Point{}
	parts := map[string]map[int64]float64{}
	labels := map[string]map[string]string{}
	var order []string
	for _, sr := range both {
		l := withoutCountLabel(sr.Labels)
		key := source.LabelKey(l)
		if sr.Labels[countLabel] == "total" {
			if _, seen := labels[key]; !seen {
				order = append(order, key)
				labels[key] = l
			}
			totals[key] = append(totals[key], sr.Points...)
			continue
		}
		if parts[key] == nil {
			parts[key] = map[int64]float64{}
		}
		for _, p := range sr.Points {
			parts[key][p.T.UnixMilli()] = p.V
		}
	}
	slices.Sort(order)
	out := make([]source.RatioSeries, 0, len(order))
	for _, key := range order {
		rs := source.RatioSeries{Labels: labels[key], Window: w}
		pts := totals[key]
		slices.SortFunc(pts, func(a, b kpimath.Point) int { return a.T.Compare(b.T) })
		for _, tp := range pts {
			v := math.NaN()
			if tp.V > 0 {
				bad := parts[key][tp.T.UnixMilli()]
				if good {
					bad = max(tp.V-bad, 0)
				}
				v = bad / tp.V
			}
			rs.Points = append(rs.Points, kpimath.Point{T: tp.T, V: v})
		}
		out = append(out, rs)
	}
	return out
}
