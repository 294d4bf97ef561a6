package slo

import (
	"math"
	"strconv"
	"time"
)

// Clean rounds float noise away so that numbers read as people expect: 12
// significant digits (1-0.999 based budgets give 0.4, not 0.39999999999999997) and
// anything smaller than 1e-12 in magnitude is 0. NaN and ±Inf pass through.
func Clean(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	if math.Abs(x) < 1e-12 {
		return 0
	}
	v, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	if err != nil {
		return x
	}
	return v
}

// cleanDuration turns a float number of nanoseconds into a Duration without the
// float noise (43.2 min, not 43m11.999999999s). Callers keep x finite and in range.
func cleanDuration(x float64) time.Duration {
	return time.Duration(math.Round(Clean(x)))
}
