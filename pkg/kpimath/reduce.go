// Package kpimath holds the KPI formulas: reducing a series over a range, deltas,
// targets, attainment, status and comparison periods. It knows nothing of any source.
package kpimath

import (
	"math"
	"sort"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
)

// Point is one sample of a series.
type Point struct {
	T time.Time
	V float64
}

// Reduce folds a series into one value by an aggregation. NaN samples are skipped;
// ok is false when no sample is left.
func Reduce(agg catalog.Aggregation, points []Point) (value float64, ok bool) {
	vals := finite(points)
	if len(vals) == 0 {
		return math.NaN(), false
	}
	switch agg {
	case catalog.AggAvg:
		return sum(vals) / float64(len(vals)), true
	case catalog.AggSum:
		return sum(vals), true
	case catalog.AggMin:
		return minOf(vals), true
	case catalog.AggMax:
		return maxOf(vals), true
	case catalog.AggIncrease:
		return increase(vals), true
	default: // last, and ratio KPIs reduced from their series
		return vals[len(vals)-1], true
	}
}

func finite(points []Point) []float64 {
	out := make([]float64, 0, len(points))
	for _, p := range points {
		if !math.IsNaN(p.V) && !math.IsInf(p.V, 0) {
			out = append(out, p.V)
		}
	}
	return out
}

func sum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

func minOf(v []float64) float64 {
	m := v[0]
	for _, x := range v[1:] {
		m = math.Min(m, x)
	}
	return m
}

func maxOf(v []float64) float64 {
	m := v[0]
	for _, x := range v[1:] {
		m = math.Max(m, x)
	}
	return m
}

// increase is how much a counter grew across the samples; a drop is a counter
// reset, after which the counter restarted from zero.
func increase(v []float64) float64 {
	total := 0.0
	for i := 1; i < len(v); i++ {
		if d := v[i] - v[i-1]; d >= 0 {
			total += d
		} else {
			total += v[i]
		}
	}
	return total
}

// Statistic folds baseline values: median, mean, min or max.
func Statistic(name string, vals []float64) (float64, bool) {
	if len(vals) == 0 {
		return math.NaN(), false
	}
	switch name {
	case "mean":
		return sum(vals) / float64(len(vals)), true
	case "min":
		return minOf(vals), true
	case "max":
		return maxOf(vals), true
	default:
		return median(vals), true
	}
}

func median(vals []float64) float64 {
	s := append([]float64(nil), vals...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
