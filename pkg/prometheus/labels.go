package prometheus

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/prometheus/promql/parser"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/promql"
	"github.com/northstar/kpi/pkg/source"
)

// Dimension values (docs/variables.md): the values a KPI's dimension takes in the
// series the KPI reads, for dashboard variables and ad hoc filters. They come
// from Prometheus's label values API restricted to the KPI's own series
// selectors (match[]), so a region dropdown lists the regions of that KPI, not
// of every metric on the server.

// Selectors are the series selectors a KPI's query reads, with the filters
// added as matchers (through the syntax tree: filter values are label values,
// never query text), sorted and without duplicates. Offsets and @ modifiers
// are dropped: the label values API takes its own time range.
func Selectors(k *catalog.KPI, f source.Filters) ([]string, error) {
	if err := source.CheckFilters(k, f); err != nil {
		return nil, err
	}
	tmpl, err := Template(k)
	if err != nil {
		return nil, source.BadInput("KPI %q: %v", k.ID, err)
	}
	// The durations only make the template parse; selectors do not depend on them.
	d := promql.Durations{Window: time.Minute, Interval: time.Minute, Range: time.Minute}
	final, err := promql.Finalize(tmpl, d, promql.Filters(f))
	if err != nil {
		return nil, source.BadInput("KPI %q: %v", k.ID, err)
	}
	tree, err := promql.Parse(final)
	if err != nil {
		return nil, source.BadInput("KPI %q: %v", k.ID, err)
	}
	var out []string
	parser.Inspect(tree, func(node parser.Node, _ []parser.Node) error {
		if vs, ok := node.(*parser.VectorSelector); ok {
			plain := &parser.VectorSelector{Name: vs.Name, LabelMatchers: vs.LabelMatchers}
			out = append(out, plain.String())
		}
		return nil
	})
	sort.Strings(out)
	return slices.Compact(out), nil
}

// DimensionValues lists the distinct values of one of the KPI's dimensions in
// the series its selectors match between w.From and w.To, narrowed by the
// filters on its other dimensions: sorted, at most limit of them; truncated
// tells whether there were more. Any name that is not a dimension of the KPI is
// refused before anything is sent.
func (c *Client) DimensionValues(ctx context.Context, k *catalog.KPI, dim string, f source.Filters, w kpimath.Window, limit int) (values []string, truncated bool, err error) {
	if !slices.Contains(k.Dimensions, dim) {
		return nil, false, source.BadInput("KPI %q has no dimension %q (dimensions: %v)", k.ID, dim, k.Dimensions)
	}
	if limit < 1 {
		return nil, false, fmt.Errorf("the limit of values must be at least 1, got %d", limit)
	}
	selectors, err := Selectors(k, f)
	if err != nil {
		return nil, false, err
	}
	if len(selectors) == 0 {
		// A scalar expression reads no series: it has no dimension values.
		return []string{}, false, nil
	}
	return c.LabelValues(ctx, dim, selectors, w.From, w.To, limit)
}

// LabelValues returns the distinct values of a label among the series that
// match any of the selectors between start and end, sorted, at most limit of
// them; truncated tells whether there were more. Servers that know the API's
// limit parameter stop at limit+1 values; the others send all of them, within
// the connection's response limit (docs/limits.md), and the list is cut here.
func (c *Client) LabelValues(ctx context.Context, label string, selectors []string, start, end time.Time, limit int) (values []string, truncated bool, err error) {
	if limit < 1 {
		return nil, false, fmt.Errorf("the limit of values must be at least 1, got %d", limit)
	}
	ctx, cancel := context.WithTimeout(ctx, c.conn.timeout())
	defer cancel()
	answer, _, _, err := c.api.LabelValues(ctx, label, selectors, start, end, v1.WithLimit(uint64(limit)+1))
	if err != nil {
		return nil, false, c.explain(err)
	}
	values = make([]string, 0, min(len(answer), limit+1))
	for _, v := range answer {
		values = append(values, string(v))
	}
	sort.Strings(values)
	values = slices.Compact(values)
	if len(values) > limit {
		return values[:limit], true, nil
	}
	return values, false, nil
}
