package catalog

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// sqlIdentRE is one SQL identifier; a table may add a schema (two parts).
var sqlIdentRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,62}$`)

// IsSQLIdentifier reports whether s is a plain identifier that needs no
// escaping in any dialect (it is still quoted when SQL is written).
func IsSQLIdentifier(s string) bool { return sqlIdentRE.MatchString(s) }

// macroRE finds the macros raw SQL may use.
var macroRE = regexp.MustCompile(`\$__[A-Za-z_]+`)

// RawMacros are the macros raw SQL may use.
var RawMacros = []string{"$__timeFilter", "$__timeFrom", "$__timeTo", "$__timeGroup", "$__interval",
	"$__unixEpochFilter", "$__unixEpochFrom", "$__unixEpochTo", "$__unixEpochGroup"}

func (v *validator) sql(path string, q *SQLQuery) {
	if q.Raw != "" {
		v.rawSQL(path, q)
		return
	}
	v.sqlTable(path+".table", q.Table)
	v.sqlColumn(path+".timeColumn", q.TimeColumn, true)
	if q.TimeType == "" {
		q.TimeType = TimeTimestamp
	}
	if !slices.Contains(SQLTimeTypes, q.TimeType) {
		v.add(path+".timeType", "must be one of %s (got %q)", joinQuoted(SQLTimeTypes), q.TimeType)
	}
	v.sqlConditions(path+".where", q.Where)
	if (q.Measure == nil) == (q.Ratio == nil) {
		v.add(path, "needs exactly one of measure, ratio or raw")
		return
	}
	if q.Measure != nil {
		v.sqlMeasure(path+".measure", q.Measure)
		return
	}
	v.sqlRatio(path+".ratio", q.Ratio)
}

func (v *validator) rawSQL(path string, q *SQLQuery) {
	if q.Table != "" || q.TimeColumn != "" || q.Measure != nil || q.Ratio != nil || len(q.Where) > 0 {
		v.add(path, "raw SQL stands alone: remove table, timeColumn, where, measure and ratio, or remove raw")
	}
	head := strings.ToLower(strings.TrimSpace(stripSQLComments(q.Raw)))
	if !strings.HasPrefix(head, "select") && !strings.HasPrefix(head, "with") {
		v.add(path+".raw", "must be one SELECT (or WITH … SELECT) statement")
	}
	for _, m := range macroRE.FindAllString(q.Raw, -1) {
		if !slices.Contains(RawMacros, m) {
			v.add(path+".raw", "unknown macro %s (macros: %s)", m, strings.Join(RawMacros, ", "))
		}
	}
	if !strings.Contains(q.Raw, "$__timeFilter") && !strings.Contains(q.Raw, "$__unixEpochFilter") {
		v.add(path+".raw", "must restrict time with $__timeFilter(column) or $__unixEpochFilter(column), or every query scans the whole table")
	}
}

// stripSQLComments drops leading -- and /* */ comments, to find the statement's first word.
func stripSQLComments(s string) string {
	for {
		s = strings.TrimSpace(s)
		switch {
		case strings.HasPrefix(s, "--"):
			i := strings.IndexByte(s, '\n')
			if i < 0 {
				return ""
			}
			s = s[i+1:]
		case strings.HasPrefix(s, "/*"):
			i := strings.Index(s, "*/")
			if i < 0 {
				return ""
			}
			s = s[i+2:]
		default:
			return s
		}
	}
}

func (v *validator) sqlTable(path, t string) {
	if t == "" {
		v.add(path, "is required (a table or view, optionally schema.table)")
		return
	}
	parts := strings.Split(t, ".")
	if len(parts) > 2 || !allIdentifiers(parts) {
		v.add(path, "%q is not a table name: use letters, digits and underscores, optionally schema.table", t)
	}
}

func allIdentifiers(parts []string) bool {
	for _, p := range parts {
		if !IsSQLIdentifier(p) {
			return false
		}
	}
	return true
}

func (v *validator) sqlColumn(path, c string, required bool) {
	switch {
	case c == "" && required:
		v.add(path, "is required")
	case c != "" && !IsSQLIdentifier(c):
		v.add(path, "%q is not a column name: use letters, digits and underscores", c)
	}
}

func (v *validator) sqlMeasure(path string, m *SQLMeasure) {
	if !slices.Contains(SQLAggs, m.Agg) {
		v.add(path+".agg", "must be one of %s (got %q)", joinQuoted(SQLAggs), m.Agg)
	}
	if m.Agg == SQLCount && m.Column != "" {
		v.add(path+".column", "count counts rows; use count_distinct to count distinct values of a column")
	}
	v.sqlColumn(path+".column", m.Column, m.Agg != SQLCount && m.Agg != "")
	v.sqlConditions(path+".where", m.Where)
}

func (v *validator) sqlRatio(path string, r *SQLRatio) {
	if (r.Good == nil) == (r.Bad == nil) {
		v.add(path, "needs exactly one of good or bad, and total")
	}
	if r.Total == nil {
		v.add(path+".total", "is required")
	}
	for name, m := range map[string]*SQLMeasure{"good": r.Good, "bad": r.Bad, "total": r.Total} {
		if m == nil {
			continue
		}
		v.sqlMeasure(path+"."+name, m)
		if m.Agg != "" && !m.Agg.CountLike() {
			v.add(path+"."+name+".agg", "a ratio divides counts or sums: use count, count_distinct or sum (got %q)", m.Agg)
		}
	}
}

func (v *validator) sqlConditions(path string, cs []SQLCondition) {
	for i, c := range cs {
		p := fmt.Sprintf("%s[%d]", path, i)
		v.sqlColumn(p+".column", c.Column, true)
		op := strings.ToLower(strings.Join(strings.Fields(c.Op), " "))
		if !slices.Contains(SQLOps, op) {
			v.add(p+".op", "must be one of %s (got %q)", strings.Join(SQLOps, ", "), c.Op)
			continue
		}
		cs[i].Op = op
		v.sqlOperands(p, op, c)
	}
}

func (v *validator) sqlOperands(p, op string, c SQLCondition) {
	switch op {
	case "is null", "is not null":
		if c.Value != nil || len(c.Values) > 0 {
			v.add(p, "%s takes no value", op)
		}
	case "in", "not in":
		if c.Value != nil || len(c.Values) == 0 {
			v.add(p+".values", "%s needs a non-empty list of values", op)
		}
		for j, x := range c.Values {
			v.sqlValue(fmt.Sprintf("%s.values[%d]", p, j), x)
		}
	default:
		if c.Value == nil || len(c.Values) > 0 {
			v.add(p+".value", "%s needs exactly one value", op)
			return
		}
		v.sqlValue(p+".value", c.Value)
	}
}

func (v *validator) sqlValue(path string, x any) {
	switch x := x.(type) {
	case float64:
		v.finite(path, x)
	case string, int, int64, bool:
	default:
		v.add(path, "must be a string, a number or a boolean (got %T)", x)
	}
}

func (v *validator) sqlAggregation(path string, k *KPI) {
	q := k.Query.SQL
	want := AggWindow
	if q.Ratio != nil {
		want = AggRatio
	}
	if !q.Structured() {
		if k.Aggregation == "" {
			k.Aggregation = AggLast
		}
		switch k.Aggregation {
		case AggLast, AggAvg, AggSum, AggMin, AggMax, AggIncrease:
		default:
			v.add(path+".aggregation", "raw SQL gives a series: reduce it with last, avg, sum, min, max or increase (got %q)", k.Aggregation)
		}
		return
	}
	if k.Aggregation == "" {
		k.Aggregation = want
	}
	if k.Aggregation != want {
		v.add(path+".aggregation", "a structured SQL %s is computed over the whole range: leave aggregation out or set %q (got %q)", sqlForm(q), want, k.Aggregation)
	}
}

func sqlForm(q *SQLQuery) string {
	if q.Ratio != nil {
		return "ratio"
	}
	return "measure"
}

func joinQuoted[T ~string](xs []T) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return strings.Join(out, ", ")
}
