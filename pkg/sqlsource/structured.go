package sqlsource

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
)

// structured writes the SQL of a structured KPI. Every statement groups by the
// KPI's dimensions and returns them first, then numeric columns.
type structured struct {
	d    Dialect
	k    *catalog.KPI
	q    *catalog.SQLQuery
	p    *params
	time string // the quoted time column
}

func newStructured(d Dialect, k *catalog.KPI) *structured {
	q := k.Query.SQL
	return &structured{d: d, k: k, q: q, p: &params{}, time: d.Quote(q.TimeColumn)}
}

// columns is the number of numeric columns per window or bucket: the row count
// and each measure.
func (g *structured) columns() int {
	n := 1
	for _, m := range g.measures() {
		n += width(m)
	}
	return n
}

// measures are the aggregates a statement computes per window or bucket: the
// value for a measure KPI, the part (good or bad) and the total for a ratio.
func (g *structured) measures() []*catalog.SQLMeasure {
	if r := g.q.Ratio; r != nil {
		part, _ := r.Part()
		return []*catalog.SQLMeasure{part, r.Total}
	}
	return []*catalog.SQLMeasure{g.q.Measure}
}

// between is the half-open time condition [from, to).
func (g *structured) between(from, to time.Time) string {
	tt := g.q.TimeType
	return fmt.Sprintf("%s >= %s AND %s < %s", g.time, g.p.bind(g.d.BindTime(from, tt)), g.time, g.p.bind(g.d.BindTime(to, tt)))
}

// where is the statement's WHERE: the time ranges (merged), the population and
// the dashboard's filters on dimensions.
func (g *structured) where(ranges []kpimath.Window, f source.Filters) string {
	var timeParts []string
	for _, w := range mergeWindows(ranges) {
		timeParts = append(timeParts, g.between(w.From, w.To))
	}
	parts := []string{"(" + strings.Join(timeParts, " OR ") + ")"}
	if c := g.conditions(g.q.Where); c != "" {
		parts = append(parts, c)
	}
	if c := g.filters(f); c != "" {
		parts = append(parts, c)
	}
	return " WHERE " + strings.Join(parts, " AND ")
}

// conditions ANDs catalog conditions; values are bound.
func (g *structured) conditions(cs []catalog.SQLCondition) string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		col := g.d.Quote(c.Column)
		switch c.Op {
		case "is null", "is not null":
			out = append(out, col+" "+strings.ToUpper(c.Op))
		case "in", "not in":
			out = append(out, fmt.Sprintf("%s %s (%s)", col, strings.ToUpper(c.Op), g.bindList(c.Values)))
		case "!=":
			out = append(out, fmt.Sprintf("%s <> %s", col, g.p.bind(c.Value)))
		default:
			out = append(out, fmt.Sprintf("%s %s %s", col, c.Op, g.p.bind(c.Value)))
		}
	}
	return strings.Join(out, " AND ")
}

func (g *structured) bindList(vs []any) string {
	marks := make([]string, len(vs))
	for i, v := range vs {
		marks[i] = g.p.bind(v)
	}
	return strings.Join(marks, ", ")
}

// filters restrict dimensions to the dashboard's values, each one bound.
func (g *structured) filters(f source.Filters) string {
	var out []string
	for _, dim := range g.k.Dimensions {
		vals, ok := f[dim]
		if !ok {
			continue
		}
		if len(vals) == 0 {
			out = append(out, "1 = 0")
			continue
		}
		anys := make([]any, len(vals))
		for i, v := range vals {
			anys[i] = v
		}
		out = append(out, fmt.Sprintf("%s IN (%s)", g.d.Quote(dim), g.bindList(anys)))
	}
	return strings.Join(out, " AND ")
}

// aggregate is a measure over the rows where `when` holds ("" = every row of
// the statement): one column, or two for avg (sum and count, divided in Go:
// MySQL's AVG of a DECIMAL rounds to four more decimals).
func (g *structured) aggregate(m *catalog.SQLMeasure, when string) []string {
	cond := joinAnd(when, g.conditions(m.Where))
	arg := "1"
	if m.Column != "" {
		arg = g.d.Quote(m.Column)
	}
	if cond != "" {
		arg = fmt.Sprintf("CASE WHEN %s THEN %s END", cond, arg)
	} else if m.Agg == catalog.SQLCount {
		arg = "*"
	}
	switch m.Agg {
	case catalog.SQLCount:
		return []string{"COUNT(" + arg + ")"}
	case catalog.SQLCountDistinct:
		return []string{"COUNT(DISTINCT " + arg + ")"}
	case catalog.SQLAvg:
		return []string{"SUM(" + arg + ")", "COUNT(" + arg + ")"}
	default:
		return []string{strings.ToUpper(string(m.Agg)) + "(" + arg + ")"}
	}
}

// width is the number of columns a measure takes.
func width(m *catalog.SQLMeasure) int {
	if m.Agg == catalog.SQLAvg {
		return 2
	}
	return 1
}

// measureValue reads a measure from its columns.
func measureValue(m *catalog.SQLMeasure, cols []float64) float64 {
	if m.Agg == catalog.SQLAvg {
		if !(cols[1] > 0) {
			return math.NaN()
		}
		return cols[0] / cols[1]
	}
	return cols[0]
}

func joinAnd(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " AND " + b
}

// rowCount counts the population rows where `when` holds.
func rowCount(when string) string {
	if when == "" {
		return "COUNT(*)"
	}
	return "COUNT(CASE WHEN " + when + " THEN 1 END)"
}

func (g *structured) selectDims() []string {
	out := make([]string, len(g.k.Dimensions))
	for i, dim := range g.k.Dimensions {
		out[i] = g.d.Quote(dim)
	}
	return out
}

// groupBy groups by the dimensions and `extra` more leading-position columns.
func (g *structured) groupBy(extra int) string {
	n := len(g.k.Dimensions) + extra
	if n == 0 {
		return ""
	}
	pos := make([]string, n)
	for i := range pos {
		pos[i] = fmt.Sprint(i + 1)
	}
	return " GROUP BY " + strings.Join(pos, ", ")
}

// windowsStatement computes the KPI over several windows in one scan:
// for each window its row count, then each measure (conditional aggregation).
func (g *structured) windowsStatement(ws []kpimath.Window, f source.Filters) Statement {
	cols := g.selectDims()
	for _, w := range ws {
		when := ""
		if len(ws) > 1 {
			when = g.between(w.From, w.To)
		}
		cols = append(cols, rowCount(when))
		for _, m := range g.measures() {
			cols = append(cols, g.aggregate(m, when)...)
		}
	}
	sql := "SELECT " + strings.Join(cols, ", ") + " FROM " + QuoteTable(g.d, g.q.Table) + g.where(ws, f) + g.groupBy(0)
	return g.p.render(g.d, sql)
}

// bucketsStatement counts in buckets: the bucket number, the row count and each
// measure per dimension set and bucket.
func (g *structured) bucketsStatement(b buckets, f source.Filters) Statement {
	cols := append(g.selectDims(), b.expression(g), "COUNT(*)")
	for _, m := range g.measures() {
		cols = append(cols, g.aggregate(m, "")...)
	}
	rng := []kpimath.Window{{From: b.origin, To: b.end}}
	sql := "SELECT " + strings.Join(cols, ", ") + " FROM " + QuoteTable(g.d, g.q.Table) + g.where(rng, f) + g.groupBy(1)
	return g.p.render(g.d, sql)
}

// intervalsStatement counts between consecutive bounds (a CASE picks the
// interval), for SLO windows of unequal length in one scan.
func (g *structured) intervalsStatement(bounds []time.Time, f source.Filters) Statement {
	var c strings.Builder
	c.WriteString("CASE")
	tt := g.q.TimeType
	for i, b := range bounds[1 : len(bounds)-1] {
		fmt.Fprintf(&c, " WHEN %s < %s THEN %d", g.time, g.p.bind(g.d.BindTime(b, tt)), i)
	}
	fmt.Fprintf(&c, " ELSE %d END", len(bounds)-2)
	cols := append(g.selectDims(), c.String(), "COUNT(*)")
	for _, m := range g.measures() {
		cols = append(cols, g.aggregate(m, "")...)
	}
	rng := []kpimath.Window{{From: bounds[0], To: bounds[len(bounds)-1]}}
	sql := "SELECT " + strings.Join(cols, ", ") + " FROM " + QuoteTable(g.d, g.q.Table) + g.where(rng, f) + g.groupBy(1)
	return g.p.render(g.d, sql)
}

// mergeWindows sorts windows and joins those that overlap or touch, so each
// row is read once.
func mergeWindows(ws []kpimath.Window) []kpimath.Window {
	sorted := append([]kpimath.Window(nil), ws...)
	for i := 1; i < len(sorted); i++ {
		for j := i; j > 0 && sorted[j].From.Before(sorted[j-1].From); j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	var out []kpimath.Window
	for _, w := range sorted {
		if n := len(out); n > 0 && !w.From.After(out[n-1].To) {
			if w.To.After(out[n-1].To) {
				out[n-1].To = w.To
			}
			continue
		}
		out = append(out, w)
	}
	return out
}
