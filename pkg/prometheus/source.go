package prometheus

import (
	"context"
	"fmt"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/promql"
	"github.com/northstar/kpi/pkg/source"
)

// Source implements source.Source for one request on one connection.
type Source struct {
	calls *Calls
}

// NewSource starts a request's source on a client.
func NewSource(c *Client) *Source { return &Source{calls: c.ForRequest()} }

// Calls is the number of upstream calls made.
func (s *Source) Calls() int { return s.calls.Made() }

// SeriesWindow is the rate window for a series at a step: the step itself, so that
// consecutive windows tile the range, but never shorter than the connection's
// minimum (four scrape intervals).
func (s *Source) SeriesWindow(step time.Duration) time.Duration {
	return max(step, s.calls.Client().MinWindow())
}

// Series runs the KPI as a range query at the step.
func (s *Source) Series(ctx context.Context, k *catalog.KPI, f source.Filters, w kpimath.Window, step time.Duration) ([]source.Series, error) {
	q, err := s.seriesQuery(k, f, w, step)
	if err != nil {
		return nil, err
	}
	start, end := align(w, step)
	if end.Before(start) {
		// No step window ends inside a range shorter than the step: no points,
		// and no range query whose end is before its start.
		return nil, nil
	}
	return s.do(ctx, Call{Query: q, Start: start, End: end, Step: step})
}

// Overall runs the KPI as an instant query whose window is the whole range.
func (s *Source) Overall(ctx context.Context, k *catalog.KPI, f source.Filters, w kpimath.Window) ([]source.Series, error) {
	q, err := s.overallQuery(k, f, w)
	if err != nil {
		return nil, err
	}
	return s.do(ctx, Call{Query: q, End: w.To})
}

// do makes one upstream call out of the KPI's call budget.
func (s *Source) do(ctx context.Context, call Call) ([]source.Series, error) {
	if err := source.SpendCalls(ctx, 1); err != nil {
		return nil, err
	}
	return s.calls.Do(ctx, call)
}

// Resolution is the connection's scrape interval: no window shorter than one
// scrape can hold two samples of a counter.
func (s *Source) Resolution() source.ResolutionInfo {
	return source.ResolutionInfo{Step: s.calls.Client().ScrapeInterval(), Why: fmt.Sprintf("the scrape interval of connection %q", s.calls.Client().Name())}
}

// Preview shows the PromQL that Series, Overall and ValueOver send: "series",
// "overall" (ratio and latency KPIs) and "value" (value KPIs whose value over
// the window Prometheus computes itself).
func (s *Source) Preview(k *catalog.KPI, f source.Filters, w kpimath.Window, step time.Duration) (map[string]string, error) {
	series, err := s.seriesQuery(k, f, w, step)
	if err != nil {
		return nil, err
	}
	calls, err := s.PreviewCalls(k, f, w, step)
	if err != nil {
		return nil, err
	}
	out := map[string]string{"series": series}
	for _, name := range []string{"overall", "value"} {
		if c, ok := calls[name]; ok {
			out[name] = c.Query
		}
	}
	return out, nil
}

// PreviewCalls are the calls, query and times, that Series, Overall and
// ValueOver send for a window, built as they build them:
//
//   - "series": the range query at the step over the window snapped to the
//     step grid; absent when no step ends inside the window (Series sends none);
//   - "overall": for ratio and latency KPIs, the instant query at the window's
//     end whose rate window is the whole window;
//   - "value": for value KPIs whose value over the window Prometheus computes
//     (ValueOver), the instant query at the window's end; absent for the
//     aggregations reduced from the series' points.
func (s *Source) PreviewCalls(k *catalog.KPI, f source.Filters, w kpimath.Window, step time.Duration) (map[string]Call, error) {
	out := map[string]Call{}
	series, err := s.seriesQuery(k, f, w, step)
	if err != nil {
		return nil, err
	}
	if start, end := align(w, step); !end.Before(start) {
		out["series"] = Call{Query: series, Start: start, End: end, Step: step}
	}
	if k.Query.Kind() != catalog.KindValue {
		overall, err := s.overallQuery(k, f, w)
		if err != nil {
			return nil, err
		}
		out["overall"] = Call{Query: overall, End: w.To}
		return out, nil
	}
	q, ok, err := s.valueQuery(k, f, w, step)
	if err != nil {
		return nil, err
	}
	if ok {
		out["value"] = Call{Query: q, End: w.To}
	}
	return out, nil
}

func (s *Source) seriesQuery(k *catalog.KPI, f source.Filters, w kpimath.Window, step time.Duration) (string, error) {
	d := promql.Durations{Window: s.SeriesWindow(step), Interval: step, Range: w.Length()}
	return build(k, f, d)
}

func (s *Source) overallQuery(k *catalog.KPI, f source.Filters, w kpimath.Window) (string, error) {
	d := promql.Durations{Window: w.Length(), Interval: w.Length(), Range: w.Length()}
	return build(k, f, d)
}

// Build returns the final PromQL of a KPI for given placeholder durations.
func build(k *catalog.KPI, f source.Filters, d promql.Durations) (string, error) {
	if err := checkFilters(k, f); err != nil {
		return "", err
	}
	tmpl, err := Template(k)
	if err != nil {
		return "", err
	}
	q, err := promql.Finalize(tmpl, d, promql.Filters(f))
	if err != nil {
		return "", source.BadInput("KPI %q: %v", k.ID, err)
	}
	return q, nil
}

func checkFilters(k *catalog.KPI, f source.Filters) error { return source.CheckFilters(k, f) }

// align snaps a range to the step grid. A point at T stands for the window that
// ends at T, so the first point is the first grid time after From: the points then
// cover (From, To] exactly once, and repeated requests hit the same samples.
func align(w kpimath.Window, step time.Duration) (time.Time, time.Time) {
	return w.From.Truncate(step).Add(step), w.To.Truncate(step)
}
