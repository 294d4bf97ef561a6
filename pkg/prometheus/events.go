package prometheus

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/promql"
	"github.com/northstar/kpi/pkg/source"
)

// maxPointsPerCall stays under Prometheus's limit of 11,000 points per series in
// one range query; longer SLO windows are fetched in several calls.
const maxPointsPerCall = 10000

// eventCounts are the two counts an SLO needs: either good or bad events, and all
// events, each as a template with the slice length still a placeholder.
type eventCounts struct {
	good, bad, total string
}

// part is the count besides the total, and its name: bad, or good.
func (c eventCounts) part() (string, string) {
	if c.bad != "" {
		return c.bad, "bad"
	}
	return c.good, "good"
}

// countTemplates sums the increase of each counter per slice by the KPI's
// dimensions: counters are rated (increase) before they are summed, so a counter
// reset inside a slice is handled by Prometheus.
func countTemplates(k *catalog.KPI) (eventCounts, error) {
	by := SumBy(k.Dimensions)
	count := func(sel string) string {
		return fmt.Sprintf("%s (increase(%s[%s]))", by, sel, promql.Window)
	}
	switch k.Query.Kind() {
	case catalog.KindRatio:
		r := k.Query.Ratio
		c := eventCounts{total: count(r.Total)}
		if r.Good != "" {
			c.good = count(r.Good)
		} else {
			c.bad = count(r.Bad)
		}
		return c, nil
	case catalog.KindLatency:
		l := k.Query.Latency
		good, err := WithLabel(l.Histogram, "le", promql.FormatFloat(l.Threshold))
		if err != nil {
			return eventCounts{}, err
		}
		total, err := WithLabel(l.Histogram, "le", "+Inf")
		if err != nil {
			return eventCounts{}, err
		}
		return eventCounts{good: count(good), total: count(total)}, nil
	}
	return eventCounts{}, source.BadInput("KPI %q is a value KPI: SLOs need a ratio or latency query", k.ID)
}

// Events counts bad and total events in slices of length slice that tile
// (from, to]; from and to must lie on the slice grid of to. Both counts come
// from one range query (tagged by countLabel), in chunks of at most
// maxPointsPerCall slices.
func (s *Source) Events(ctx context.Context, k *catalog.KPI, f source.Filters, from, to time.Time, slice time.Duration) ([]source.EventSeries, error) {
	tmpl, err := checkedCounts(k, f)
	if err != nil {
		return nil, err
	}
	part, _ := tmpl.part()
	d := promql.Durations{Window: slice, Interval: slice, Range: to.Sub(from)}
	var terms []string
	for _, c := range [][2]string{{"total", tmpl.total}, {"part", part}} {
		t, err := tagged(k, c[1], d, f, c[0])
		if err != nil {
			return nil, err
		}
		terms = append(terms, t)
	}
	both, err := s.counts(ctx, strings.Join(terms, " or "), from, to, slice)
	if err != nil {
		return nil, err
	}
	var total, other []source.Series
	for _, sr := range both {
		which := sr.Labels[countLabel]
		sr.Labels = withoutCountLabel(sr.Labels)
		if which == "total" {
			total = append(total, sr)
		} else {
			other = append(other, sr)
		}
	}
	return source.CombineEvents(total, other, tmpl.good != "", from, to, slice), nil
}

// EventQueries shows the PromQL that Events sends, for previews and the rules export.
func EventQueries(k *catalog.KPI, f source.Filters, slice time.Duration) (map[string]string, error) {
	tmpl, err := countTemplates(k)
	if err != nil {
		return nil, err
	}
	d := promql.Durations{Window: slice, Interval: slice, Range: slice}
	out := map[string]string{}
	for name, t := range map[string]string{"good": tmpl.good, "bad": tmpl.bad, "total": tmpl.total} {
		if t == "" {
			continue
		}
		if out[name], err = promql.Finalize(t, d, promql.Filters(f)); err != nil {
			return nil, source.BadInput("KPI %q: %v", k.ID, err)
		}
	}
	return out, nil
}

// counts runs a query over (from, to] at the slice step, in chunks of at
// most maxPointsPerCall points.
func (s *Source) counts(ctx context.Context, q string, from, to time.Time, slice time.Duration) ([]source.Series, error) {
	var out []source.Series
	points := int(to.Sub(from) / slice)
	if err := source.SpendCalls(ctx, (points+maxPointsPerCall-1)/maxPointsPerCall); err != nil {
		return nil, err
	}
	// Counted in points, not as a duration: 10,000 slices of 25 days overflow one.
	for first := 0; first < points; first += maxPointsPerCall {
		last := min(first+maxPointsPerCall, points)
		start := from.Add(time.Duration(first+1) * slice)
		end := from.Add(time.Duration(last) * slice)
		part, err := s.calls.Do(ctx, Call{Query: q, Start: start, End: end, Step: slice})
		if err != nil {
			return nil, err
		}
		out = append(out, part...)
	}
	return out, nil
}
