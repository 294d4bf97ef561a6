// Package source is the contract between the KPI engine and a data source
// (Prometheus today; SQL dialects later): a new source is one package that
// implements Source.
package source

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
)

// Series is one labelled series; its labels are the KPI's dimensions.
type Series struct {
	Labels map[string]string
	Points []kpimath.Point
}

// Filters restricts dimensions to sets of values (dashboard data, never query text).
type Filters map[string][]string

// Source answers KPI queries for one request; implementations deduplicate
// identical upstream calls and honour the context's deadline.
type Source interface {
	// Series is the KPI over a window at a step: one series per dimension set.
	Series(ctx context.Context, k *catalog.KPI, f Filters, w kpimath.Window, step time.Duration) ([]Series, error)
	// Overall is a ratio or latency KPI computed over the whole window from its
	// totals, one single-point series per dimension set.
	Overall(ctx context.Context, k *catalog.KPI, f Filters, w kpimath.Window) ([]Series, error)
	// Events counts a ratio or latency KPI's bad and total events in slices of
	// length slice that tile (from, to], one EventSeries per dimension set.
	Events(ctx context.Context, k *catalog.KPI, f Filters, from, to time.Time, slice time.Duration) ([]EventSeries, error)
	// Preview shows the upstream queries for a KPI, for editors.
	Preview(k *catalog.KPI, f Filters, w kpimath.Window, step time.Duration) (map[string]string, error)
	// Calls is the number of upstream calls made so far.
	Calls() int
}

// LabelKey is a stable identity for a label set.
func LabelKey(l map[string]string) string {
	keys := make([]string, 0, len(l))
	for k := range l {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%q,", k, l[k])
	}
	return b.String()
}

// SortSeries orders series by their labels, so answers are stable.
func SortSeries(s []Series) []Series {
	sort.Slice(s, func(i, j int) bool { return LabelKey(s[i].Labels) < LabelKey(s[j].Labels) })
	return s
}

// InputError is a problem with the query itself (a filter on an unknown dimension,
// an invalid label name), as opposed to an upstream failure.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

// BadInput makes an InputError.
func BadInput(format string, args ...any) error {
	return &InputError{Msg: fmt.Sprintf(format, args...)}
}

// CheckFilters rejects filters on anything but the KPI's dimensions.
func CheckFilters(k *catalog.KPI, f Filters) error {
	for name := range f {
		if !slices.Contains(k.Dimensions, name) {
			return BadInput("KPI %q has no dimension %q to filter on (dimensions: %v)", k.ID, name, k.Dimensions)
		}
	}
	return nil
}

// MultiWindow is a source that computes a window-aggregated KPI (AggRatio,
// AggWindow) over several windows in one upstream call: the current range and
// its comparison period come from one scan. The answer has one entry per window.
type MultiWindow interface {
	OverallMany(ctx context.Context, k *catalog.KPI, f Filters, ws []kpimath.Window) ([][]Series, error)
}

// IntervalEvents is a source that counts an SLO's events between arbitrary
// bounds in one upstream call: slice i is (bounds[i], bounds[i+1]], with Start set.
type IntervalEvents interface {
	EventsBetween(ctx context.Context, k *catalog.KPI, f Filters, bounds []time.Time) ([]EventSeries, error)
}

// RangeValue is a source that computes a value KPI over a window itself, as its
// query language reduces it (Prometheus: one instant query at the window's
// end), so that the value equals the source's own answer for the range. ok is
// false for aggregations the engine reduces from the series.
type RangeValue interface {
	ValueOver(ctx context.Context, k *catalog.KPI, f Filters, w kpimath.Window, step time.Duration) (series []Series, ok bool, err error)
}
