package sqlsource

import (
	"context"
	"fmt"
	"slices"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
)

// Dimension values (docs/variables.md): the distinct values of a structured
// KPI's dimension column among the KPI's own rows (its table, its population
// conditions, the time range), for dashboard variables and ad hoc filters.

// DistinctStatement is the SELECT DISTINCT of one dimension of a structured KPI
// over [w.From, w.To), with the KPI's population conditions and the filters on
// its dimensions, sorted and cut at limit+1 rows (so that the caller can tell
// that there were more than limit). The dimension, the table and the columns
// are catalog identifiers, quoted by the dialect; every value (time bounds,
// conditions, filters) is a bound parameter. Any name that is not a dimension
// of the KPI is refused.
func DistinctStatement(d Dialect, k *catalog.KPI, dim string, f source.Filters, w kpimath.Window, limit int) (Statement, error) {
	q, err := sqlOf(k)
	if err != nil {
		return Statement{}, err
	}
	if !q.Structured() {
		return Statement{}, source.BadInput("KPI %q: dimension values are not supported for raw SQL KPIs (only structured SQL KPIs name their table and dimension columns)", k.ID)
	}
	if !slices.Contains(k.Dimensions, dim) {
		return Statement{}, source.BadInput("KPI %q has no dimension %q (dimensions: %v)", k.ID, dim, k.Dimensions)
	}
	if err := source.CheckFilters(k, f); err != nil {
		return Statement{}, err
	}
	if limit < 1 {
		return Statement{}, fmt.Errorf("the limit of values must be at least 1, got %d", limit)
	}
	g := newStructured(d, k)
	col := d.Quote(dim)
	// limit is this package's integer, not request text.
	sql := fmt.Sprintf("SELECT DISTINCT %s FROM %s%s AND %s IS NOT NULL ORDER BY 1 LIMIT %d",
		col, QuoteTable(d, q.Table), g.where([]kpimath.Window{w}, f), col, limit+1)
	return g.p.render(d, sql), nil
}

// DimensionValues runs DistinctStatement on the connection: the values sorted,
// at most limit of them (and fewer than the connection's maxRows); truncated
// tells whether there were more.
func (c *Client) DimensionValues(ctx context.Context, k *catalog.KPI, dim string, f source.Filters, w kpimath.Window, limit int) (values []string, truncated bool, err error) {
	limit = min(limit, c.conn.maxRows()-1)
	st, err := DistinctStatement(c.dialect, k, dim, f, w, limit)
	if err != nil {
		return nil, false, err
	}
	res, err := c.run(ctx, st, 1)
	if err != nil {
		return nil, false, err
	}
	values = make([]string, 0, len(res.rows))
	for _, r := range res.rows {
		values = append(values, r.dims[0])
	}
	if len(values) > limit {
		return values[:limit], true, nil
	}
	return values, false, nil
}
