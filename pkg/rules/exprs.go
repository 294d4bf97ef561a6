package rules

import (
	"fmt"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/prometheus"
	"github.com/northstar/kpi/pkg/promql"
	"github.com/prometheus/prometheus/promql/parser"
)

// events builds the PromQL of one SLO's event counts over a window, summed by the
// KPI's dimensions. Every expression reads raw counters only: no rule depends on
// another recorded series, so `promtool tsdb create-blocks-from rules` can
// backfill them all.
type events struct {
	good, bad, total string // selectors; exactly one of good and bad is set
	by               string // "sum" or "sum by (dims)"
}

func newEvents(k *catalog.KPI) (events, error) {
	e := events{by: prometheus.SumBy(k.Dimensions)}
	switch k.Query.Kind() {
	case catalog.KindRatio:
		r := k.Query.Ratio
		e.good, e.bad, e.total = r.Good, r.Bad, r.Total
	case catalog.KindLatency:
		l := k.Query.Latency
		var err error
		if e.good, err = prometheus.WithLabel(l.Histogram, "le", promql.FormatFloat(l.Threshold)); err != nil {
			return events{}, err
		}
		if e.total, err = prometheus.WithLabel(l.Histogram, "le", "+Inf"); err != nil {
			return events{}, err
		}
	default:
		return events{}, fmt.Errorf("KPI %q has SLOs but a value query: an SLO needs a ratio or latency query", k.ID)
	}
	return e, nil
}

// increase sums a counter's increase over w. increase() handles counter resets
// per series before the sum, never after.
func (e events) increase(selector string, w time.Duration) string {
	return fmt.Sprintf("%s (increase(%s[%s]))", e.by, selector, promql.FormatDuration(w))
}

func (e events) totalOver(w time.Duration) string { return e.increase(e.total, w) }

// badOver is the bad events over w. A missing good or bad series counts as zero
// events (or 0 * total), so that a dimension set with no errors gives 0, not no
// data.
func (e events) badOver(w time.Duration) string {
	total := e.totalOver(w)
	if e.bad != "" {
		return fmt.Sprintf("(%s or 0 * %s)", e.increase(e.bad, w), total)
	}
	return fmt.Sprintf("(%s - (%s or 0 * %s))", total, e.increase(e.good, w), total)
}

// goodOver is the good events over w, counted like badOver.
func (e events) goodOver(w time.Duration) string {
	total := e.totalOver(w)
	if e.good != "" {
		return fmt.Sprintf("(%s or 0 * %s)", e.increase(e.good, w), total)
	}
	return fmt.Sprintf("(%s - %s)", total, e.badOver(w))
}

// errorRatio is bad over total events in w, from the totals (never an average of
// shorter ratios). A window without events gives no sample: neither 0 nor 1 would
// be true.
func (e events) errorRatio(w time.Duration) string {
	return fmt.Sprintf("%s / (%s > 0)", e.badOver(w), e.totalOver(w))
}

// goodRatio is the SLI over w: good over total events. Dividing the two counts
// (rather than 1 - bad/total) gives exactly the double nearest the true ratio,
// so a slice at exactly its target compares equal to it.
func (e events) goodRatio(w time.Duration) string {
	return fmt.Sprintf("%s / (%s > 0)", e.goodOver(w), e.totalOver(w))
}

// sliceSLI is the SLI over the time slices that end within w: for timeslices the
// share of slices whose own SLI reaches the slice target, for ratio timeslices the
// mean of the slices' SLIs. The subquery evaluates at multiples of the slice since
// the Unix epoch; its range is 1s short of w because Prometheus 2 ranges include
// both ends, so that exactly w/slice slices count in Prometheus 2 and 3 alike.
// Slices without events are left out.
func (e events) sliceSLI(b catalog.Budgeting, w time.Duration) string {
	return fmt.Sprintf("avg_over_time((%s)[%s:%s])", e.sliceScore(b), promql.FormatDuration(w-time.Second), promql.FormatDuration(time.Duration(b.Slice)))
}

// sliceScore is one slice's SLI: 1 or 0 (timeslices), its ratio (ratio timeslices).
func (e events) sliceScore(b catalog.Budgeting) string {
	inner := e.goodRatio(time.Duration(b.Slice))
	if b.Method == catalog.Timeslices {
		inner = fmt.Sprintf("(%s) >= bool %s", inner, promql.FormatFloat(b.SliceTarget))
	}
	return inner
}

// badSlices counts the bad slices (bad slice shares for ratio timeslices) that
// end within w.
func (e events) badSlices(b catalog.Budgeting, w time.Duration) string {
	return fmt.Sprintf("sum_over_time((1 - (%s))[%s:%s])", e.sliceScore(b), promql.FormatDuration(w-time.Second), promql.FormatDuration(time.Duration(b.Slice)))
}

// sli is the SLI over w by the SLO's budgeting method.
func (e events) sli(s catalog.SLO, w time.Duration) string {
	if isTimeslices(s) {
		return e.sliceSLI(s.Budgeting, w)
	}
	return e.goodRatio(w)
}

// burnRate is the share of the budget spent per share of the window elapsed:
// (1 - SLI over w) / (1 - objective); for occurrences that is
// (bad_w / total_w) / (1 - objective).
func (e events) burnRate(s catalog.SLO, w time.Duration) string {
	if isTimeslices(s) {
		return fmt.Sprintf("(1 - %s) / %s", e.sliceSLI(s.Budgeting, w), errorBudget(s))
	}
	return fmt.Sprintf("(%s) / %s", e.errorRatio(w), errorBudget(s))
}

// budgetRemaining is 1 - (1 - SLI) / (1 - objective); it goes negative when the
// budget is overspent. For the timeslice methods the budget is a number of slices,
// (1 - objective) * w / slice as OpenSLO counts it, and bad slices spend it.
func (e events) budgetRemaining(s catalog.SLO, w time.Duration) string {
	if isTimeslices(s) {
		slices := float64(w / time.Duration(s.Budgeting.Slice))
		return fmt.Sprintf("1 - %s / (%s * %s)", e.badSlices(s.Budgeting, w), errorBudget(s), promql.FormatFloat(slices))
	}
	return fmt.Sprintf("1 - (%s) / %s", e.errorRatio(w), errorBudget(s))
}

// errorBudget is written as 1 - objective so that the objective can be read in the
// rule as the catalog states it.
func errorBudget(s catalog.SLO) string {
	return fmt.Sprintf("(1 - %s)", promql.FormatFloat(s.Objective))
}

func isTimeslices(s catalog.SLO) bool {
	return s.Budgeting.Method == catalog.Timeslices || s.Budgeting.Method == catalog.RatioTimeslices
}

// promParser is Prometheus's own parser. Selectors are parsed as they are, without
// the catalog's placeholder expansion: a rule has no $__window.
var promParser = parser.NewParser(parser.Options{})

// canonical parses an expression with Prometheus's parser and prints it back, so
// that nothing is written that Prometheus does not read.
func canonical(expr string) (string, error) {
	e, err := promParser.ParseExpr(expr)
	if err != nil {
		return "", fmt.Errorf("internal error: generated PromQL does not parse: %w: %s", err, expr)
	}
	return e.String(), nil
}
