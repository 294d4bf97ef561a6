package catalog

import (
	"fmt"
	"strconv"
	"time"
)

// Calendar SLO windows.
const (
	CalendarWeek    = "week"
	CalendarMonth   = "month"
	CalendarQuarter = "quarter"
)

// Nominal is the SLO window's length for scaling burn-rate factors and naming:
// the rolling duration, or 7, 30 or 90 days for a calendar week, month or quarter.
// The exact length of a calendar period (DST, 28-31 days) is CalendarPeriod's.
func (w SLOWindow) Nominal() time.Duration {
	switch w.Calendar {
	case CalendarWeek:
		return 7 * 24 * time.Hour
	case CalendarMonth:
		return 30 * 24 * time.Hour
	case CalendarQuarter:
		return 90 * 24 * time.Hour
	}
	return time.Duration(w.Rolling)
}

// String names the window: "28d" or "calendar-month".
func (w SLOWindow) String() string {
	if w.Calendar != "" {
		return "calendar-" + w.Calendar
	}
	return w.Rolling.String()
}

// workbookPair is one row of the SRE Workbook's table for a 30-day window: the
// share of the budget a pair lets burn within its long window before it fires.
type workbookPair struct {
	severity    string
	long, short time.Duration
	budgetShare float64
}

// Fast burns are "critical" and slow burns "warning", as Grafana SLO labels them.
var workbook = []workbookPair{
	{"critical", time.Hour, 5 * time.Minute, 0.02},
	{"critical", 6 * time.Hour, 30 * time.Minute, 0.05},
	{"warning", 24 * time.Hour, 2 * time.Hour, 0.10},
	{"warning", 72 * time.Hour, 6 * time.Hour, 0.10},
}

// DefaultPairs are the SRE Workbook's multiwindow, multi-burn-rate pairs scaled to
// an SLO window: the factor that burns the same share of the budget in the long
// window is share * window / long (14.4, 6, 3, 1 for 30 days).
func DefaultPairs(window time.Duration) []BurnPair {
	pairs := make([]BurnPair, 0, len(workbook))
	for _, w := range workbook {
		factor := w.budgetShare * float64(window) / float64(w.long)
		pairs = append(pairs, BurnPair{
			Severity: w.severity,
			Long:     Duration(w.long),
			Short:    Duration(w.short),
			Factor:   roundFactor(factor),
		})
	}
	return pairs
}

// roundFactor keeps four significant decimals so that 0.1*28d/3d reads 0.9333,
// not 0.9333333333333332.
func roundFactor(f float64) float64 {
	v, _ := strconv.ParseFloat(fmt.Sprintf("%.4f", f), 64)
	return v
}
