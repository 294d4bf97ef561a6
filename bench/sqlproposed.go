package main

// Proposed forms of the generated SQL (-sql-proposed), written here the way
// pkg/sqlsource/structured.go would write them (quoted identifiers, every value
// bound), so that a change to the generator can be judged on the same data,
// with the same checks, before anyone makes it:
//
//	A "one-sided bounds" (value + previous): each window's CASE leaves out the
//	  comparisons the WHERE already implies (the earliest window needs no lower
//	  bound, the latest no upper bound), and PostgreSQL gets one placeholder per
//	  distinct value, so identical aggregates (a window's row count and a
//	  COUNT(*) total) are the same expression and computed once.
//	B "window key" (value + previous, SLO card): one expression per row picks the
//	  window (disjoint windows) and the statement groups by it, so the aggregates
//	  need no conditions. PostgreSQL groups by boolean comparisons (ts >= $n)
//	  rather than a CASE: it estimates two groups per boolean, but cannot
//	  estimate a CASE and then plans a serial, spilling hash aggregate
//	  instead of a parallel one.
//	C "UNION ALL of intervals" (value + previous, SLO card): one SELECT per
//	  interval between consecutive bounds (the windows' bounds; disjoint, so
//	  every row is read once, as in A and B), each with plain aggregates and
//	  its own index range; overlapping windows are sums of intervals, added in
//	  Go as the SLO card's already are.

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/sqlsource"
)

// binder binds values as the generator does: a marker per value, turned into
// placeholders by render in text order. An equal value gets the same marker,
// which PostgreSQL turns into the same numbered placeholder; "?" dialects get
// one argument per occurrence.
type binder struct {
	dialect string
	values  []any
	pos     map[string]int
}

func newBinder(dialect string) *binder { return &binder{dialect: dialect, pos: map[string]int{}} }

var binderMarker = regexp.MustCompile("\x00v([0-9]+)\x00")

func (b *binder) bind(v any) string {
	key := fmt.Sprintf("%T:%v", v, v)
	i, ok := b.pos[key]
	if !ok {
		b.values = append(b.values, v)
		i = len(b.values) - 1
		b.pos[key] = i
	}
	return fmt.Sprintf("\x00v%d\x00", i)
}

func (b *binder) render(sql string) sqlsource.Statement {
	var args []any
	text := binderMarker.ReplaceAllStringFunc(sql, func(m string) string {
		i, _ := strconv.Atoi(binderMarker.FindStringSubmatch(m)[1])
		if b.dialect == sqlsource.TypePostgres {
			return fmt.Sprintf("$%d", i+1)
		}
		args = append(args, b.values[i])
		return "?"
	})
	if b.dialect == sqlsource.TypePostgres {
		args = b.values
	}
	return sqlsource.Statement{SQL: text, Args: args}
}

func (b *binder) time(t time.Time) string {
	if b.dialect == sqlsource.TypeSQLite {
		return b.bind(t.UTC().Format(sqlsource.SQLiteTimeFormat))
	}
	return b.bind(t.UTC())
}

// quoteIdent quotes as the dialect's generator does.
func quoteIdent(dialect, id string) string {
	d, _ := sqlsource.DialectOf(dialect)
	return d.Quote(id)
}

// proposedFilter is the dashboard filter as the generator writes it.
func proposedFilter(b *binder, c *sqlCase, q func(string) string) string {
	vals, ok := c.filters["region"]
	if !ok {
		return ""
	}
	marks := make([]string, len(vals))
	for i, v := range vals {
		marks[i] = b.bind(v)
	}
	return " AND " + q("region") + " IN (" + strings.Join(marks, ", ") + ")"
}

// measureCols are the KPI's measure columns over the rows where cond holds
// ("" = all): part and total of the ratio, or the average's sum and count.
func measureCols(b *binder, c *sqlCase, cond string, q func(string) string) []string {
	and := func(a, x string) string {
		if a == "" {
			return x
		}
		return a + " AND " + x
	}
	ok := and(cond, q("outcome")+" = "+b.bind("ok"))
	if c.kind == kindRatioWindows {
		total := "COUNT(*)"
		if cond != "" {
			total = "COUNT(CASE WHEN " + cond + " THEN 1 END)"
		}
		return []string{"COUNT(CASE WHEN " + ok + " THEN 1 END)", total}
	}
	lat := q("latency_ms")
	return []string{"SUM(CASE WHEN " + ok + " THEN " + lat + " END)", "COUNT(CASE WHEN " + ok + " THEN " + lat + " END)"}
}

// proposedVariants are the proposals for a case, each with its parser.
func (r *dialectRun) proposedVariants(c *sqlCase) ([]variant, error) {
	var out []variant
	var err error
	add := func(name string, st sqlsource.Statement, dims int, parse func([]sqlRow) numbers) {
		db, e := r.pool()
		if e != nil {
			err = e
			return
		}
		out = append(out, variant{name: name, st: st, db: db, run: runParsed(db, st, dims, parse)})
	}
	if c.kind != kindSLO {
		st := r.oneSided(c)
		add("proposed A: one-sided bounds", st, 1, func(rows []sqlRow) numbers { return windowNumbers(c, rows, false) })
		st = r.windowKey(c)
		add("proposed B: window key", st, 1, func(rows []sqlRow) numbers { return windowNumbers(c, rows, true) })
		st = r.intervalUnion(c, []time.Time{c.prev.From, c.cur.From, c.cur.To}, measureCols)
		add("proposed C: UNION ALL of intervals", st, 1, func(rows []sqlRow) numbers { return windowNumbers(c, rows, true) })
		return out, err
	}
	if r.dialect == sqlsource.TypePostgres {
		// MySQL and SQLite: the generated statement already has form B.
		st := r.sloKey(c)
		add("proposed B: window key", st, 1, func(rows []sqlRow) numbers { return sloNumbers(c, rows) })
	}
	st := r.intervalUnion(c, c.bounds, func(b *binder, _ *sqlCase, cond string, q func(string) string) []string {
		return []string{"COUNT(CASE WHEN " + q("outcome") + " = " + b.bind("ok") + " THEN 1 END)", "COUNT(*)"}
	})
	add("proposed C: UNION ALL of intervals", st, 1, func(rows []sqlRow) numbers { return sloNumbers(c, rows) })
	return out, err
}

// intervalUnion is proposal C: one SELECT per interval between consecutive
// bounds (disjoint, so every row is read once), each with plain aggregates,
// numbered like B's key.
func (r *dialectRun) intervalUnion(c *sqlCase, bounds []time.Time, measures func(*binder, *sqlCase, string, func(string) string) []string) sqlsource.Statement {
	b := newBinder(r.dialect)
	q := func(id string) string { return quoteIdent(r.dialect, id) }
	ts := q("ts")
	var parts []string
	for i := 0; i+1 < len(bounds); i++ {
		cols := append([]string{q("region"), fmt.Sprint(i), "COUNT(*)"}, measures(b, c, "", q)...)
		where := fmt.Sprintf(" WHERE %s >= %s AND %s < %s", ts, b.time(bounds[i]), ts, b.time(bounds[i+1])) + proposedFilter(b, c, q)
		parts = append(parts, "SELECT "+strings.Join(cols, ", ")+" FROM "+q("requests")+where+" GROUP BY 1")
	}
	return b.render(strings.Join(parts, " UNION ALL "))
}

// oneSided is proposal A for the value cases.
func (r *dialectRun) oneSided(c *sqlCase) sqlsource.Statement {
	b := newBinder(r.dialect)
	q := func(id string) string { return quoteIdent(r.dialect, id) }
	ts := q("ts")
	lo, hi := c.prev.From, c.cur.To
	cols := []string{q("region")}
	for _, w := range []kpimath.Window{c.cur, c.prev} {
		var parts []string
		if w.From.After(lo) {
			parts = append(parts, ts+" >= "+b.time(w.From))
		}
		if w.To.Before(hi) {
			parts = append(parts, ts+" < "+b.time(w.To))
		}
		cond := strings.Join(parts, " AND ")
		cols = append(cols, "COUNT(CASE WHEN "+cond+" THEN 1 END)")
		cols = append(cols, measureCols(b, c, cond, q)...)
	}
	where := fmt.Sprintf(" WHERE (%s >= %s AND %s < %s)", ts, b.time(lo), ts, b.time(hi)) + proposedFilter(b, c, q)
	return b.render("SELECT " + strings.Join(cols, ", ") + " FROM " + q("requests") + where + " GROUP BY 1")
}

// keyExpr is the window number of a row between increasing inner bounds, and
// the GROUP BY that goes with it.
func (r *dialectRun) keyExpr(b *binder, inner []time.Time) (key, groupBy string) {
	ts := quoteIdent(r.dialect, "ts")
	if r.dialect == sqlsource.TypePostgres {
		var sum, grp []string
		for _, t := range inner {
			cmp := ts + " >= " + b.time(t)
			sum = append(sum, "CAST("+cmp+" AS INTEGER)")
			grp = append(grp, cmp)
		}
		return strings.Join(sum, " + "), " GROUP BY 1, " + strings.Join(grp, ", ")
	}
	var c strings.Builder
	c.WriteString("CASE")
	for i, t := range inner {
		fmt.Fprintf(&c, " WHEN %s < %s THEN %d", ts, b.time(t), i)
	}
	fmt.Fprintf(&c, " ELSE %d END", len(inner))
	return c.String(), " GROUP BY 1, 2"
}

// windowKey is proposal B for the value cases: key 0 is the previous period,
// 1 the current one.
func (r *dialectRun) windowKey(c *sqlCase) sqlsource.Statement {
	b := newBinder(r.dialect)
	q := func(id string) string { return quoteIdent(r.dialect, id) }
	key, groupBy := r.keyExpr(b, []time.Time{c.cur.From})
	cols := append([]string{q("region"), key, "COUNT(*)"}, measureCols(b, c, "", q)...)
	ts := q("ts")
	where := fmt.Sprintf(" WHERE (%s >= %s AND %s < %s)", ts, b.time(c.prev.From), ts, b.time(c.cur.To)) + proposedFilter(b, c, q)
	return b.render("SELECT " + strings.Join(cols, ", ") + " FROM " + q("requests") + where + groupBy)
}

// sloKey is proposal B for the SLO card in PostgreSQL (for MySQL and SQLite
// it is the generated statement's form).
func (r *dialectRun) sloKey(c *sqlCase) sqlsource.Statement {
	b := newBinder(r.dialect)
	q := func(id string) string { return quoteIdent(r.dialect, id) }
	key, groupBy := r.keyExpr(b, c.bounds[1:len(c.bounds)-1])
	cols := []string{q("region"), key, "COUNT(*)", "COUNT(CASE WHEN " + q("outcome") + " = " + b.bind("ok") + " THEN 1 END)", "COUNT(*)"}
	ts := q("ts")
	where := fmt.Sprintf(" WHERE (%s >= %s AND %s < %s)", ts, b.time(c.bounds[0]), ts, b.time(c.bounds[len(c.bounds)-1])) + proposedFilter(b, c, q)
	return b.render("SELECT " + strings.Join(cols, ", ") + " FROM " + q("requests") + where + groupBy)
}

// windowNumbers reads proposal A's rows (per window: rows, then the measure's
// columns) or B's (window key, rows, measure columns) into the hand-written
// keys.
func windowNumbers(c *sqlCase, rows []sqlRow, keyed bool) numbers {
	out := numbers{}
	put := func(region, period string, m []float64) {
		if c.kind == kindRatioWindows {
			out[region+" "+period+" good"] = nz(m[0])
			out[region+" "+period+" total"] = nz(m[1])
			return
		}
		avg := math.NaN()
		if m[1] > 0 {
			avg = m[0] / m[1]
		}
		out[region+" "+period+" avg"] = avg
	}
	for _, row := range rows {
		if keyed {
			put(row.dims[0], []string{"previous", "current"}[int(row.nums[0])], row.nums[2:])
			continue
		}
		put(row.dims[0], "current", row.nums[1:3])
		put(row.dims[0], "previous", row.nums[4:6])
	}
	return out
}

// sloNumbers sums a keyed SLO statement's intervals into the SLO's windows.
func sloNumbers(c *sqlCase, rows []sqlRow) numbers {
	out := numbers{}
	to := c.bounds[len(c.bounds)-1]
	for _, row := range rows {
		interval := int(row.nums[0])
		good, total := nz(row.nums[2]), nz(row.nums[3])
		for _, w := range c.windows {
			if !c.bounds[interval].Before(to.Add(-w)) {
				out[row.dims[0]+" "+windowLabel(w)+" bad"] += total - good
				out[row.dims[0]+" "+windowLabel(w)+" total"] += total
			}
		}
	}
	return out
}
