package sqlsource

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data/sqlutil"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
)

// rawPlan is what expanding a raw query's macros decided.
type rawPlan struct {
	b       buckets
	grouped bool // $__timeGroup was used: the time column holds bucket numbers
}

// rawStatement expands the macros of a raw SQL KPI into bound parameters and
// wraps it so that the dashboard's filters apply to its dimension columns.
func rawStatement(d Dialect, k *catalog.KPI, f source.Filters, w kpimath.Window, step time.Duration) (Statement, rawPlan, error) {
	g := newStructured(d, k)
	plan := rawPlan{b: seriesBuckets(w, step, k.Location())}
	timeBound := func(t time.Time) string { return g.p.bind(d.BindTime(t, catalog.TimeTimestamp)) }
	epochBound := func(t time.Time) string { return g.int(t.Unix()) }
	filter := func(bound func(time.Time) string) sqlutil.MacroFunc {
		return func(_ *sqlutil.Query, args []string) (string, error) {
			if len(args) != 1 || args[0] == "" {
				return "", fmt.Errorf("needs one column: $__timeFilter(created_at)")
			}
			return fmt.Sprintf("%s >= %s AND %s < %s", args[0], bound(plan.b.origin), args[0], bound(plan.b.end)), nil
		}
	}
	group := func(tt catalog.SQLTimeType) sqlutil.MacroFunc {
		return func(_ *sqlutil.Query, args []string) (string, error) {
			if len(args) < 1 || len(args) > 2 || args[0] == "" {
				return "", fmt.Errorf("needs a column and an interval: $__timeGroup(created_at, $__interval)")
			}
			if len(args) == 2 && args[1] != "$__interval" {
				d, err := catalog.ParseDuration(args[1])
				if err != nil || d < catalog.Duration(time.Second) {
					return "", fmt.Errorf("interval %q: use $__interval or a duration such as 1h", args[1])
				}
				plan.b = seriesBuckets(w, time.Duration(d), k.Location())
			}
			plan.grouped = true
			rg := &structured{d: d, k: k, q: &catalog.SQLQuery{TimeType: tt}, p: g.p, time: args[0]}
			return rg.bucketExpression(plan.b), nil
		}
	}
	macros := sqlutil.Macros{
		"timeFilter":      filter(timeBound),
		"unixEpochFilter": filter(epochBound),
		"timeFrom":        func(*sqlutil.Query, []string) (string, error) { return timeBound(plan.b.origin), nil },
		"timeTo":          func(*sqlutil.Query, []string) (string, error) { return timeBound(plan.b.end), nil },
		"unixEpochFrom":   func(*sqlutil.Query, []string) (string, error) { return epochBound(plan.b.origin), nil },
		"unixEpochTo":     func(*sqlutil.Query, []string) (string, error) { return epochBound(plan.b.end), nil },
		"timeGroup":       group(catalog.TimeTimestamp),
		"unixEpochGroup":  group(catalog.TimeEpochS),
		"interval":        func(*sqlutil.Query, []string) (string, error) { return g.int(int64(step / time.Second)), nil },
	}
	raw := &sqlutil.Query{RawSQL: strings.TrimRight(strings.TrimSpace(k.Query.SQL.Raw), ";")}
	// The SDK expands the longest macro names first, so $__timeFilter would be
	// bound before $__timeGroup(col, 1h) chose the buckets: a first pass only
	// reads the groups' intervals, so that every macro sees the same buckets.
	if _, err := sqlutil.Interpolate(raw, sqlutil.Macros{"timeGroup": macros["timeGroup"], "unixEpochGroup": macros["unixEpochGroup"]}); err != nil {
		return Statement{}, plan, source.BadInput("KPI %q: raw SQL: %v", k.ID, err)
	}
	g.p = &params{}
	text, err := sqlutil.Interpolate(raw, macros)
	if err != nil {
		return Statement{}, plan, source.BadInput("KPI %q: raw SQL: %v", k.ID, err)
	}
	// On lines of their own, so that a trailing -- comment ends before the wrap.
	wrapped := "SELECT * FROM (\n" + text + "\n) kpi_raw"
	if c := g.filters(f); c != "" {
		wrapped += " WHERE " + c
	}
	return g.p.render(d, wrapped), plan, nil
}

func (s *Source) rawSeries(ctx context.Context, k *catalog.KPI, f source.Filters, w kpimath.Window, step time.Duration) ([]source.Series, error) {
	st, plan, err := rawStatement(s.client.dialect, k, f, w, step)
	if err != nil {
		return nil, err
	}
	res, err := s.calls.doRaw(ctx, st, k)
	if err != nil {
		return nil, err
	}
	return rawToSeries(k, res, plan), nil
}

// rawToSeries sorts raw rows [dims.., time, value] into series; bucket numbers
// from $__timeGroup become the bucket's end.
func rawToSeries(k *catalog.KPI, res *result, plan rawPlan) []source.Series {
	byKey := map[string]*source.Series{}
	var order []string
	for _, r := range res.rows {
		labels := labelsOf(k, r.dims)
		key := source.LabelKey(labels)
		ser, ok := byKey[key]
		if !ok {
			ser = &source.Series{Labels: labels}
			byKey[key], order = ser, append(order, key)
		}
		t := time.Unix(0, int64(r.nums[0]*1e9)).UTC()
		if plan.grouped {
			t = plan.b.endOf(int(r.nums[0]))
		}
		ser.Points = append(ser.Points, kpimath.Point{T: t, V: r.nums[1]})
	}
	out := make([]source.Series, 0, len(order))
	for _, key := range order {
		ser := byKey[key]
		slices.SortFunc(ser.Points, func(a, b kpimath.Point) int { return a.T.Compare(b.T) })
		out = append(out, *ser)
	}
	return source.SortSeries(out)
}

// runRaw runs raw SQL and reads its time, value and dimension columns by name,
// saying which are missing when the SQL does not return them.
func (c *Client) runRaw(ctx context.Context, st Statement, k *catalog.KPI) (*result, error) {
	ctx, cancel := context.WithTimeout(ctx, c.conn.Timeout())
	defer cancel()
	rows, err := c.db.QueryContext(ctx, st.SQL, st.Args...)
	if err != nil {
		return nil, c.explain(ctx, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, c.explain(ctx, err)
	}
	idx, err := rawColumns(k, cols)
	if err != nil {
		return nil, err
	}
	vals := make([]any, len(cols))
	dest := make([]any, len(cols))
	for i := range vals {
		dest[i] = &vals[i]
	}
	out := &result{}
	for rows.Next() {
		if len(out.rows) >= c.conn.maxRows() {
			return nil, fmt.Errorf("the raw SQL returned more than %d rows, the connection's row limit (maxRows)", c.conn.maxRows())
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, c.explain(ctx, err)
		}
		r, err := rawRow(k, vals, idx)
		if err != nil {
			return nil, err
		}
		out.rows = append(out.rows, r)
	}
	if err := rows.Err(); err != nil {
		return nil, c.explain(ctx, err)
	}
	return out, nil
}

// rawColumns finds time, value and each dimension among the columns.
func rawColumns(k *catalog.KPI, cols []string) (map[string]int, error) {
	idx := map[string]int{}
	for i, c := range cols {
		idx[strings.ToLower(c)] = i
	}
	var missing []string
	for _, want := range append([]string{"time", "value"}, k.Dimensions...) {
		if _, ok := idx[strings.ToLower(want)]; !ok {
			missing = append(missing, want)
		}
	}
	if len(missing) > 0 {
		return nil, source.BadInput("KPI %q: the raw SQL must return the columns time, value and one per dimension; %s missing (it returned %s)",
			k.ID, strings.Join(missing, ", "), strings.Join(cols, ", "))
	}
	return idx, nil
}

func rawRow(k *catalog.KPI, vals []any, idx map[string]int) (row, error) {
	r := row{dims: make([]string, len(k.Dimensions)), nums: make([]float64, 2)}
	for i, d := range k.Dimensions {
		r.dims[i] = stringOf(vals[idx[strings.ToLower(d)]])
	}
	t, err := timeOf(vals[idx["time"]])
	if err != nil {
		return r, source.BadInput("KPI %q: the raw SQL's time column: %v", k.ID, err)
	}
	v, err := numberOf(vals[idx["value"]])
	if err != nil {
		return r, source.BadInput("KPI %q: the raw SQL's value column: %v", k.ID, err)
	}
	r.nums[0], r.nums[1] = t, v
	return r, nil
}

func stringOf(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []byte:
		return string(x)
	default:
		return fmt.Sprint(x)
	}
}

// timeOf reads a time as seconds since the epoch (or a bucket number).
func timeOf(v any) (float64, error) {
	switch x := v.(type) {
	case time.Time:
		return float64(x.UnixNano()) / 1e9, nil
	case nil:
		return 0, fmt.Errorf("is NULL")
	case []byte, string:
		s := stringOf(x)
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999", "2006-01-02"} {
			if t, err := time.Parse(layout, s); err == nil {
				return float64(t.UnixNano()) / 1e9, nil
			}
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f, nil
		}
		return 0, fmt.Errorf("%q is not a time", s)
	}
	return numberOf(v)
}

func numberOf(v any) (float64, error) {
	switch x := v.(type) {
	case nil:
		return math.NaN(), nil
	case int64:
		return float64(x), nil
	case int32:
		return float64(x), nil
	case int:
		return float64(x), nil
	case uint64:
		return float64(x), nil
	case float64:
		return x, nil
	case float32:
		return float64(x), nil
	case bool:
		if x {
			return 1, nil
		}
		return 0, nil
	case []byte, string:
		f, err := strconv.ParseFloat(strings.TrimSpace(stringOf(x)), 64)
		if err != nil {
			return 0, fmt.Errorf("%q is not a number", stringOf(x))
		}
		return f, nil
	}
	var n sql.NullFloat64
	if err := n.Scan(v); err == nil && n.Valid {
		return n.Float64, nil
	}
	return 0, fmt.Errorf("%v (%T) is not a number", v, v)
}
