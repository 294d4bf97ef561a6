package kpimath

import (
	"math"
	"strconv"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
)

// Delta is value - previous and the relative change against |previous|; pctOK is
// false when previous is zero (no meaningful percentage).
func Delta(value, previous float64) (delta, pct float64, pctOK bool) {
	delta = value - previous
	if previous == 0 || math.IsNaN(previous) {
		return delta, math.NaN(), false
	}
	return delta, delta / math.Abs(previous), true
}

// Attainment compares a value with its target so that 1 means on target and more
// is better, whatever the KPI's direction.
func Attainment(dir catalog.Direction, value, target float64) (float64, bool) {
	if math.IsNaN(value) || math.IsNaN(target) {
		return math.NaN(), false
	}
	if dir == catalog.Lower {
		if value == 0 {
			return math.NaN(), false
		}
		return target / value, true
	}
	if target == 0 {
		return math.NaN(), false
	}
	return value / target, true
}

// Status is how a KPI stands against its thresholds.
type Status int

const (
	StatusOK       Status = 0
	StatusWarning  Status = 1
	StatusCritical Status = 2
	StatusNoData   Status = -1
)

// Text names a status for people.
func (s Status) Text() string {
	switch s {
	case StatusOK:
		return "ok"
	case StatusWarning:
		return "warning"
	case StatusCritical:
		return "critical"
	default:
		return "no data"
	}
}

// Evaluate returns the status of a value: from the thresholds when they are set,
// otherwise warning when a target exists and is missed.
func Evaluate(dir catalog.Direction, value float64, th *catalog.Thresholds, target float64) Status {
	if math.IsNaN(value) {
		return StatusNoData
	}
	worse := func(limit float64) bool {
		if dir == catalog.Lower {
			return value > limit
		}
		return value < limit
	}
	if th != nil && (th.Warning != nil || th.Critical != nil) {
		switch {
		case th.Critical != nil && worse(*th.Critical):
			return StatusCritical
		case th.Warning != nil && worse(*th.Warning):
			return StatusWarning
		}
		return StatusOK
	}
	if !math.IsNaN(target) && worse(target) {
		return StatusWarning
	}
	return StatusOK
}

// ScheduledTarget returns the target in force at t, NaN before the first date.
func ScheduledTarget(schedule []catalog.ScheduledTarget, t time.Time) float64 {
	v := math.NaN()
	for _, s := range schedule {
		if s.Start().After(t) {
			break
		}
		v = s.Value
	}
	return v
}

// ImproveBaseline applies the baseline's improvement in the KPI's good direction:
// up when higher is better, down when lower is better.
func ImproveBaseline(dir catalog.Direction, base, improvement float64) float64 {
	if dir == catalog.Lower {
		return base * (1 - improvement)
	}
	return base * (1 + improvement)
}

// TextKey is the status code as text, the key of a value mapping.
func (s Status) TextKey() string {
	return strconv.Itoa(int(s))
}
