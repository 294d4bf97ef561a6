package engine

import (
	"context"
	"math"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
)

// MBurnRateSeries asks for the burn rate over every window of the SLO's alert
// pairs (burn_rates' windows) as a series over the request's range at its step:
// the value at T is bad/total over (T−w, T] divided by 1 − objective.
const MBurnRateSeries Measure = "burn_rate_series"

// BurnRateSeries is the burn rate over one window at each step of the range;
// NaN where the window had no traffic.
type BurnRateSeries struct {
	Window time.Duration
	Points []kpimath.Point
}

// seriesGrid is the request's range on the step grid: the first and last step
// boundary in [from, to].
func seriesGrid(w kpimath.Window, step time.Duration) (first, last time.Time, ok bool) {
	first = w.From.Truncate(step)
	if first.Before(w.From) {
		first = first.Add(step)
	}
	last = w.To.Truncate(step)
	return first, last, !last.Before(first)
}

// withBurnSeries adds the burn-rate series to the answers of an SLO that asked
// for them: from the source's own ratio over sliding windows when it has one
// (source.BadRatioSeries), else from slices of gcd(step, windows) summed over
// each window.
func (e *evaluation) withBurnSeries(ctx context.Context, s *catalog.SLO, answers []sloAnswer) ([]sloAnswer, error) {
	if len(answers) == 0 || !containsMeasure(answers[0].result.Measures, MBurnRateSeries) {
		return answers, nil
	}
	windows := pairWindows(s)
	step := e.req.Step
	if step <= 0 {
		step = max(e.req.Range.To.Sub(e.req.Range.From)/300, time.Second)
	}
	first, last, ok := seriesGrid(e.req.Range, step)
	if len(windows) == 0 || !ok {
		return answers, nil
	}
	var ratios []source.RatioSeries
	var err error
	if src, ok := e.src.(source.BadRatioSeries); ok {
		ratios, err = src.BadRatioSeries(ctx, e.kpi, e.req.Filters, windows, first, last, step)
	} else {
		ratios, err = e.ratiosFromSlices(ctx, windows, first, last, step)
	}
	if err != nil {
		return nil, err
	}
	budget := 1 - s.Objective
	byKey := map[string][]BurnRateSeries{}
	for _, r := range ratios {
		pts := make([]kpimath.Point, len(r.Points))
		for i, p := range r.Points {
			pts[i] = kpimath.Point{T: p.T, V: p.V / budget}
		}
		key := source.LabelKey(r.Labels)
		byKey[key] = append(byKey[key], BurnRateSeries{Window: r.Window, Points: pts})
	}
	for i := range answers {
		answers[i].result.BurnSeries = byKey[source.LabelKey(answers[i].labels)]
	}
	return answers, nil
}

func containsMeasure(ms []Measure, m Measure) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}

// ratiosFromSlices computes bad/total over each window at each step from one
// Events fetch of slices of gcd(step, windows) covering (first−longest, last]:
// a window's counts at T are a difference of running sums.
func (e *evaluation) ratiosFromSlices(ctx context.Context, windows []time.Duration, first, last time.Time, step time.Duration) ([]source.RatioSeries, error) {
	r := step
	longest := time.Duration(0)
	for _, w := range windows {
		r = gcd(r, w)
		longest = max(longest, w)
	}
	r = max(r, time.Second)
	start := first.Add(-longest).Truncate(r)
	end := last.Truncate(r)
	if end.Before(last) {
		end = end.Add(r)
	}
	events, err := e.src.Events(ctx, e.kpi, e.req.Filters, start, end, r)
	if err != nil {
		return nil, err
	}
	n := int(end.Sub(start) / r)
	var out []source.RatioSeries
	for _, ev := range events {
		// bad[i], total[i] are the sums over the first i slices.
		bad := make([]float64, n+1)
		total := make([]float64, n+1)
		for _, sl := range ev.Slices {
			i := int(sl.End.Sub(start) / r)
			if i >= 1 && i <= n && sl.End.Equal(start.Add(time.Duration(i)*r)) {
				bad[i] += sl.Bad
				total[i] += sl.Total
			}
		}
		for i := 1; i <= n; i++ {
			bad[i] += bad[i-1]
			total[i] += total[i-1]
		}
		for _, w := range windows {
			rs := source.RatioSeries{Labels: ev.Labels, Window: w}
			for t := first; !t.After(last); t = t.Add(step) {
				hi := int(t.Sub(start) / r)
				lo := int(t.Add(-w).Sub(start) / r)
				v := math.NaN()
				if lo >= 0 && hi <= n {
					if tot := total[hi] - total[lo]; tot > 0 {
						v = (bad[hi] - bad[lo]) / tot
					}
				}
				rs.Points = append(rs.Points, kpimath.Point{T: t, V: v})
			}
			out = append(out, rs)
		}
	}
	return out, nil
}
