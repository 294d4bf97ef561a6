package prometheus

import (
	"context"
	"fmt"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/promql"
	"github.com/northstar/kpi/pkg/source"
	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/promql/parser"
)

// ValueOver is a value KPI over a window as Prometheus itself computes it: one
// instant query at the window's end (docs/catalog.md, "How the range reduces"):
//
//   - last: the expression at the end, $__window the series window;
//   - sum of an expression with $__window: the expression with $__window the
//     whole range (windows that tile the range add up to one window over it,
//     and none overlaps another or misses the range's ragged end);
//   - increase of a selector: sum(increase(selector[range])), every series
//     rated before it is summed so that resets count right; of another
//     expression: increase over its series (a subquery at the step).
//
// avg, min, max and a sum without $__window are reduced from the series
// (ok false): their points are exactly <agg>_over_time((expr)[range:step]).
func (s *Source) ValueOver(ctx context.Context, k *catalog.KPI, f source.Filters, w kpimath.Window, step time.Duration) ([]source.Series, bool, error) {
	q, ok, err := s.valueQuery(k, f, w, step)
	if err != nil || !ok {
		return nil, ok, err
	}
	series, err := s.do(ctx, Call{Query: q, End: w.To})
	return series, true, err
}

func (s *Source) valueQuery(k *catalog.KPI, f source.Filters, w kpimath.Window, step time.Duration) (string, bool, error) {
	if k.Query.Kind() != catalog.KindValue || w.Length() <= 0 {
		return "", false, nil
	}
	switch k.Aggregation {
	case catalog.AggLast, "":
		q, err := s.seriesQuery(k, f, w, step)
		return q, true, err
	case catalog.AggSum:
		if !promql.UsesWindow(k.Query.Expr) {
			return "", false, nil
		}
		q, err := build(k, f, promql.Durations{Window: w.Length(), Interval: step, Range: w.Length()})
		return q, true, err
	case catalog.AggIncrease:
		return s.increaseQuery(k, f, w, step)
	}
	return "", false, nil
}

// increaseQuery is the growth over the range of a counter-like value KPI.
func (s *Source) increaseQuery(k *catalog.KPI, f source.Filters, w kpimath.Window, step time.Duration) (string, bool, error) {
	if err := checkFilters(k, f); err != nil {
		return "", true, err
	}
	e, err := promql.Parse(k.Query.Expr)
	if err != nil {
		return "", true, source.BadInput("KPI %q: %v", k.ID, err)
	}
	var tmpl string
	switch {
	case e.Type() == parser.ValueTypeScalar:
		return "", false, nil
	case isSelector(e):
		tmpl = fmt.Sprintf("%s (increase(%s[%s]))", SumBy(k.Dimensions), k.Query.Expr, promql.FormatDuration(w.Length()))
	default:
		series, err := Template(k)
		if err != nil {
			return "", true, err
		}
		// The subquery's points are the series' points: multiples of the step
		// in (from, to]; 1 ms less than the range leaves out a point at `from`
		// on Prometheus 2.x, whose ranges include both ends.
		tmpl = fmt.Sprintf("increase((%s)[%s:%s])", series, model.Duration(w.Length()-time.Millisecond), model.Duration(step))
	}
	q, err := promql.Finalize(tmpl, promql.Durations{Window: s.SeriesWindow(step), Interval: step, Range: w.Length()}, promql.Filters(f))
	if err != nil {
		return "", true, source.BadInput("KPI %q: %v", k.ID, err)
	}
	return q, true, nil
}

func isSelector(e parser.Expr) bool {
	for {
		p, ok := e.(*parser.ParenExpr)
		if !ok {
			break
		}
		e = p.Expr
	}
	_, ok := e.(*parser.VectorSelector)
	return ok
}
