package sqlsource_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
	"github.com/northstar/kpi/pkg/sqlsource"
)

// updateGolden rewrites testdata/golden: go test ./pkg/sqlsource -run Golden -update
var updateGolden = flag.Bool("update", false, "rewrite the golden SQL files under testdata/golden")

// goldenDialects are the dialects every golden case is written for.
var goldenDialects = []string{sqlsource.TypePostgres, sqlsource.TypeMySQL, sqlsource.TypeSQLite}

// goldenCatalog has one KPI per form the SQL source writes.
const goldenCatalog = `apiVersion: northstar.kpi/v1
kpis:
  - {id: orders_count, name: Orders, owner: shop, version: "1", direction: higher, source: db,
     query: {sql: {table: orders, timeColumn: created_at, measure: {agg: count}}}}
  - {id: revenue_paid, name: Paid revenue, owner: shop, version: "1", direction: higher, source: db,
     query: {sql: {table: orders, timeColumn: created_at,
       measure: {agg: sum, column: amount, where: [{column: status, op: "=", value: paid}]}}}}
  - {id: basket_avg, name: Basket, owner: shop, version: "1", direction: higher, source: db,
     query: {sql: {table: orders, timeColumn: created_at, measure: {agg: avg, column: amount}}}}
  - {id: basket_min, name: Smallest basket, owner: shop, version: "1", direction: higher, source: db,
     query: {sql: {table: orders, timeColumn: created_at, measure: {agg: min, column: amount}}}}
  - {id: basket_max, name: Largest basket, owner: shop, version: "1", direction: higher, source: db,
     query: {sql: {table: orders, timeColumn: created_at, measure: {agg: max, column: amount}}}}
  - {id: customers, name: Customers, owner: shop, version: "1", direction: higher, source: db,
     query: {sql: {table: orders, timeColumn: created_at, measure: {agg: count_distinct, column: customer_id}}}}
  - {id: success_good, name: Success, owner: sre, version: "1", direction: higher, source: db, dimensions: [region],
     query: {sql: {table: requests, timeColumn: ts, timeType: timestamptz,
       ratio: {good: {agg: count, where: [{column: outcome, op: "=", value: ok}]}, total: {agg: count}}}}}
  - {id: failure_bad, name: Failures, owner: sre, version: "1", direction: higher, source: db, dimensions: [region],
     query: {sql: {table: requests, timeColumn: ts, where: [{column: method, op: "!=", value: OPTIONS}],
       ratio: {bad: {agg: sum, column: failed_items, where: [{column: status, op: ">=", value: 500}]}, total: {agg: sum, column: items}}}}}
  - id: every_op
    name: Every operator
    owner: shop
    version: "1"
    direction: higher
    source: db
    query:
      sql:
        table: orders
        timeColumn: created_at
        where:
          - {column: status, op: "=", value: paid}
          - {column: channel, op: "!=", value: test}
          - {column: amount, op: "<", value: 1000}
          - {column: amount, op: "<=", value: 999.5}
          - {column: items, op: ">", value: 0}
          - {column: items, op: ">=", value: 1}
          - {column: country, op: in, values: [DE, AT, CH]}
          - {column: coupon, op: not in, values: [STAFF, TEST]}
          - {column: refunded_at, op: is null}
          - {column: customer_id, op: is not null}
        measure: {agg: count, where: [{column: gift, op: "=", value: true}]}
  - {id: events_s, name: Events (s), owner: app, version: "1", direction: higher, source: db,
     query: {sql: {table: events, timeColumn: ts, timeType: epoch_s, measure: {agg: count}}}}
  - {id: events_ms, name: Events (ms), owner: app, version: "1", direction: higher, source: db,
     query: {sql: {table: events, timeColumn: ts_ms, timeType: epoch_ms, measure: {agg: count}}}}
  - {id: events_tz, name: Events (tz), owner: app, version: "1", direction: higher, source: db,
     query: {sql: {table: events, timeColumn: at, timeType: timestamptz, measure: {agg: count}}}}
  - {id: schema_orders, name: Analytics orders, owner: shop, version: "1", direction: higher, source: db,
     query: {sql: {table: analytics.orders, timeColumn: created_at, measure: {agg: count}}}}
  - {id: orders_dims, name: Orders by region and channel, owner: shop, version: "1", direction: higher, source: db, dimensions: [region, channel],
     query: {sql: {table: orders, timeColumn: created_at, measure: {agg: count}}}}
  - {id: orders_berlin, name: Orders per Berlin day, owner: shop, version: "1", direction: higher, source: db, dimensions: [region], timezone: Europe/Berlin,
     query: {sql: {table: orders, timeColumn: created_at, measure: {agg: count}}}}
  - {id: events_ms_berlin, name: Events per Berlin day, owner: app, version: "1", direction: higher, source: db, timezone: Europe/Berlin,
     query: {sql: {table: events, timeColumn: ts_ms, timeType: epoch_ms, measure: {agg: count}}}}
  - {id: raw_filter, name: Raw filter, owner: shop, version: "1", direction: higher, source: db, dimensions: [region],
     query: {sql: {raw: "SELECT created_at AS time, amount AS value, region FROM orders WHERE $__timeFilter(created_at)"}}}
  - {id: raw_from_to, name: Raw from and to, owner: shop, version: "1", direction: higher, source: db,
     query: {sql: {raw: "SELECT created_at AS time, amount AS value FROM orders WHERE $__timeFilter(created_at) AND created_at >= $__timeFrom() AND created_at < $__timeTo()"}}}
  - {id: raw_group, name: Raw group, owner: shop, version: "1", direction: higher, source: db, dimensions: [region],
     query: {sql: {raw: "SELECT $__timeGroup(created_at, $__interval) AS time, COUNT(*) AS value, region FROM orders WHERE $__timeFilter(created_at) GROUP BY 1, 3"}}}
  - {id: raw_group_berlin, name: Raw group per Berlin day, owner: shop, version: "1", direction: higher, source: db, timezone: Europe/Berlin,
     query: {sql: {raw: "SELECT $__timeGroup(created_at, $__interval) AS time, COUNT(*) AS value FROM orders WHERE $__timeFilter(created_at) GROUP BY 1"}}}
  - {id: raw_group_1h, name: Raw hourly group, owner: shop, version: "1", direction: higher, source: db,
     query: {sql: {raw: "SELECT $__timeGroup(created_at, 1h) AS time, COUNT(*) AS value FROM orders WHERE $__timeFilter(created_at) GROUP BY 1"}}}
  - {id: raw_epoch_filter, name: Raw epoch filter, owner: app, version: "1", direction: higher, source: db,
     query: {sql: {raw: "SELECT ts AS time, 1 AS value FROM events WHERE $__unixEpochFilter(ts) AND ts >= $__unixEpochFrom() AND ts < $__unixEpochTo()"}}}
  - {id: raw_epoch_group, name: Raw epoch group, owner: app, version: "1", direction: higher, source: db,
     query: {sql: {raw: "SELECT $__unixEpochGroup(ts, $__interval) AS time, COUNT(*) AS value FROM events WHERE $__unixEpochFilter(ts) GROUP BY 1"}}}
  - {id: raw_interval, name: Raw interval, owner: shop, version: "1", direction: higher, source: db,
     query: {sql: {raw: "SELECT MAX(created_at) AS time, COUNT(*) / $__interval AS value FROM orders WHERE $__timeFilter(created_at)"}}}
  - id: raw_wrapped
    name: Raw wrapped in filters
    owner: shop
    version: "1"
    direction: higher
    source: db
    dimensions: [region, channel]
    query:
      sql:
        raw: |
          -- orders per region and channel
          SELECT $__timeGroup(created_at, $__interval) AS time, region, channel, COUNT(*) AS value
          FROM orders
          WHERE $__timeFilter(created_at)
          GROUP BY 1, 2, 3;
`

func goldenKPIs(t *testing.T) *catalog.Catalog {
	t.Helper()
	cat, problems := catalog.Parse([]byte(goldenCatalog))
	if problems != nil {
		t.Fatalf("golden catalog: %v", problems)
	}
	return cat
}

func goldenKPI(t *testing.T, cat *catalog.Catalog, id string) *catalog.KPI {
	t.Helper()
	k, ok := cat.Find(id)
	if !ok {
		t.Fatalf("no KPI %q in the golden catalog", id)
	}
	return k
}

// goldenSource is a source on a connection that is never dialled: building
// statements needs no database.
func goldenSource(t *testing.T, dialect string) *sqlsource.Source {
	t.Helper()
	conn := sqlsource.Connection{Name: "golden", Type: dialect, Host: "db.invalid", Database: "shop"}
	if dialect == sqlsource.TypeSQLite {
		conn = sqlsource.Connection{Name: "golden", Type: dialect, Path: "/nonexistent/northstar-golden.db"}
	}
	c, err := sqlsource.NewClient(conn, sqlsource.Secrets{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return sqlsource.NewSource(c)
}

// build makes one statement of a KPI on a source.
type build func(s *sqlsource.Source, k *catalog.KPI) (sqlsource.Statement, error)

// fromStatements picks one of the statements Statements (Preview) returns.
func fromStatements(name string, f source.Filters, w kpimath.Window, step time.Duration) build {
	return func(s *sqlsource.Source, k *catalog.KPI) (sqlsource.Statement, error) {
		sts, err := s.Statements(k, f, w, step)
		if err != nil {
			return sqlsource.Statement{}, err
		}
		st, ok := sts[name]
		if !ok {
			return sqlsource.Statement{}, fmt.Errorf("no %q statement among %v", name, sts)
		}
		return st, nil
	}
}

func seriesOf(f source.Filters, w kpimath.Window, step time.Duration) build {
	return fromStatements("series", f, w, step)
}

func overallOf(f source.Filters, w kpimath.Window) build {
	return fromStatements("overall", f, w, time.Hour)
}

func windowsOf(f source.Filters, ws ...kpimath.Window) build {
	return func(s *sqlsource.Source, k *catalog.KPI) (sqlsource.Statement, error) {
		return s.WindowsStatement(k, f, ws)
	}
}

func intervalsOf(f source.Filters, bounds ...time.Time) build {
	return func(s *sqlsource.Source, k *catalog.KPI) (sqlsource.Statement, error) {
		return s.IntervalsStatement(k, f, bounds)
	}
}

func slicesOf(f source.Filters, from, to time.Time, slice time.Duration) build {
	return func(s *sqlsource.Source, k *catalog.KPI) (sqlsource.Statement, error) {
		return s.SlicesStatement(k, f, from, to, slice)
	}
}

// Times of the golden cases.
var (
	gDay  = time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)
	gW    = kpimath.Window{From: gDay, To: gDay.Add(24 * time.Hour)}
	gHalf = kpimath.Window{From: gDay.Add(500 * time.Millisecond), To: gDay.Add(24*time.Hour + 500*time.Millisecond)}
	// Berlin midnights around the end of DST (2026-10-25) and its start (2026-03-29).
	gBerlinOct = kpimath.Window{From: time.Date(2026, 10, 23, 22, 0, 0, 0, time.UTC), To: time.Date(2026, 10, 26, 23, 0, 0, 0, time.UTC)}
	gBerlinMar = kpimath.Window{From: time.Date(2026, 3, 27, 23, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 30, 22, 0, 0, 0, time.UTC)}
	// Off the hour grid: 10:07 to 14:52.
	gOff = kpimath.Window{From: gDay.Add(10*time.Hour + 7*time.Minute), To: gDay.Add(14*time.Hour + 52*time.Minute)}
)

type goldenCase struct {
	name  string
	kpi   string
	build build
}

func goldenCases() []goldenCase {
	none := source.Filters{}
	eu := source.Filters{"region": {"eu"}}
	dims := source.Filters{"region": {"eu", "us"}, "channel": {"web"}}
	return []goldenCase{
		{"count_series", "orders_count", seriesOf(none, gW, time.Hour)},
		{"count_overall", "orders_count", overallOf(none, gW)},
		{"sum_where_overall", "revenue_paid", overallOf(none, gW)},
		{"sum_where_series", "revenue_paid", seriesOf(none, gW, time.Hour)},
		{"avg_overall", "basket_avg", overallOf(none, gW)},
		{"min_overall", "basket_min", overallOf(none, gW)},
		{"max_overall", "basket_max", overallOf(none, gW)},
		{"count_distinct_overall", "customers", overallOf(none, gW)},
		{"ratio_good_overall", "success_good", overallOf(none, gW)},
		{"ratio_good_series", "success_good", seriesOf(eu, gW, 15*time.Minute)},
		{"ratio_bad_overall", "failure_bad", overallOf(none, gW)},
		{"ratio_bad_series", "failure_bad", seriesOf(none, gW, time.Hour)},
		{"every_op_overall", "every_op", overallOf(none, gW)},
		{"every_op_series", "every_op", seriesOf(none, gW, time.Hour)},
		{"epoch_s_overall", "events_s", overallOf(none, gHalf)},
		{"epoch_s_series", "events_s", seriesOf(none, gW, time.Hour)},
		{"epoch_ms_overall", "events_ms", overallOf(none, gHalf)},
		{"epoch_ms_series", "events_ms", seriesOf(none, gW, time.Hour)},
		{"timestamptz_overall", "events_tz", overallOf(none, gW)},
		{"timestamptz_series", "events_tz", seriesOf(none, gW, time.Hour)},
		{"schema_table_overall", "schema_orders", overallOf(none, gW)},
		{"dims_filters_overall", "orders_dims", overallOf(dims, gW)},
		{"dims_filters_series", "orders_dims", seriesOf(dims, gW, time.Hour)},
		{"dims_empty_filter_overall", "orders_dims", overallOf(source.Filters{"channel": {}}, gW)},
		{"berlin_day_dst_end_series", "orders_berlin", seriesOf(eu, gBerlinOct, 24*time.Hour)},
		{"berlin_day_dst_start_series", "orders_berlin", seriesOf(none, gBerlinMar, 24*time.Hour)},
		{"berlin_day_epoch_ms_series", "events_ms_berlin", seriesOf(none, gBerlinOct, 24*time.Hour)},
		{"berlin_hourly_series", "orders_berlin", seriesOf(none, gBerlinOct, time.Hour)},
		{"windows_previous_touching", "success_good", windowsOf(eu, gW, gW.Shift(24*time.Hour))},
		{"windows_previous_apart", "success_good", windowsOf(eu, gW, gW.Shift(7*24*time.Hour))},
		{"windows_measure_previous", "basket_avg", windowsOf(none, gW, gW.Shift(7*24*time.Hour))},
		{"intervals", "success_good", intervalsOf(eu, gDay, gDay.Add(time.Hour), gDay.Add(25*time.Hour), gDay.Add(28*24*time.Hour))},
		{"intervals_bad_sum", "failure_bad", intervalsOf(none, gDay, gDay.Add(6*time.Hour), gDay.Add(24*time.Hour))},
		{"slices", "failure_bad", slicesOf(eu, gDay, gDay.Add(time.Hour), 5*time.Minute)},
		{"raw_time_filter", "raw_filter", seriesOf(none, gW, time.Hour)},
		{"raw_time_filter_filtered", "raw_filter", seriesOf(eu, gW, time.Hour)},
		{"raw_time_from_to", "raw_from_to", seriesOf(none, gW, time.Hour)},
		{"raw_time_group_interval", "raw_group", seriesOf(none, gOff, 5*time.Minute)},
		{"raw_time_group_berlin_day", "raw_group_berlin", seriesOf(none, gBerlinOct, 24*time.Hour)},
		{"raw_time_group_1h", "raw_group_1h", seriesOf(none, gOff, 15*time.Minute)},
		{"raw_unix_epoch_filter", "raw_epoch_filter", seriesOf(none, gW, time.Hour)},
		{"raw_unix_epoch_group", "raw_epoch_group", seriesOf(none, gW, 10*time.Minute)},
		{"raw_interval", "raw_interval", seriesOf(none, gW, time.Minute)},
		{"raw_wrapped_filters", "raw_wrapped", seriesOf(dims, gW, time.Hour)},
	}
}

// TestGoldenSQL compares every case's statement with its golden file (run with
// -update to rewrite them, then read the diff), and checks the invariants every
// statement must keep: the dialect's quotes and placeholders, one placeholder
// per argument in order, and no value in the text.
func TestGoldenSQL(t *testing.T) {
	cat := goldenKPIs(t)
	for _, tc := range goldenCases() {
		for _, dialect := range goldenDialects {
			t.Run(tc.name+"."+dialect, func(t *testing.T) {
				st, err := tc.build(goldenSource(t, dialect), goldenKPI(t, cat, tc.kpi))
				if err != nil {
					t.Fatal(err)
				}
				checkStatementShape(t, dialect, st)
				got := formatGolden(dialect, st)
				path := filepath.Join("testdata", "golden", tc.name+"."+dialect+".sql")
				if *updateGolden {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./pkg/sqlsource -run Golden -update to write it)", err)
				}
				if got != string(want) {
					t.Errorf("%s differs from the statement (rewrite with -update and read the diff)\n--- want\n%s\n--- got\n%s", path, want, got)
				}
			})
		}
	}
}

// TestGoldenFilesAreAllUsed keeps testdata/golden free of files no case writes.
func TestGoldenFilesAreAllUsed(t *testing.T) {
	want := map[string]bool{}
	for _, tc := range goldenCases() {
		for _, dialect := range goldenDialects {
			want[tc.name+"."+dialect+".sql"] = true
		}
	}
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.sql"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !want[filepath.Base(f)] {
			t.Errorf("%s belongs to no golden case; remove it", f)
		}
	}
	if len(files) != len(want) && !*updateGolden {
		t.Errorf("%d golden files for %d cases", len(files), len(want))
	}
}

var (
	pgPlaceholderRE = regexp.MustCompile(`\$([0-9]+)`)
	// epochS and epochMS are the argument ranges read as instants (2001 to 2286).
	epochS  = [2]int64{1e9, 1e10}
	epochMS = [2]int64{1e12, 1e13}
)

// checkStatementShape checks what every statement of a dialect must be:
// PostgreSQL quotes "x" and numbers $1.. in text order; MySQL and SQLite quote
// `+"`x`"+` and use ?.
func checkStatementShape(t *testing.T, dialect string, st sqlsource.Statement) {
	t.Helper()
	text := st.SQL
	if strings.ContainsAny(text, "'\x00") {
		t.Errorf("the text has a string literal or a parameter marker left: %q", text)
	}
	switch dialect {
	case sqlsource.TypePostgres:
		if strings.Contains(text, "?") || strings.Contains(text, "`") {
			t.Errorf("postgres text with ? or a backtick: %s", text)
		}
		var nums []int
		for _, m := range pgPlaceholderRE.FindAllStringSubmatch(text, -1) {
			n, _ := strconv.Atoi(m[1])
			nums = append(nums, n)
		}
		if len(nums) != len(st.Args) {
			t.Errorf("%d placeholders for %d args: %s", len(nums), len(st.Args), text)
		}
		for i, n := range nums {
			if n != i+1 {
				t.Errorf("placeholder %d is $%d, want $%d (in text order): %s", i+1, n, i+1, text)
				break
			}
		}
	default:
		if pgPlaceholderRE.MatchString(text) {
			t.Errorf("%s text with $n: %s", dialect, text)
		}
		if n := strings.Count(text, "?"); n != len(st.Args) {
			t.Errorf("%d placeholders for %d args: %s", n, len(st.Args), text)
		}
		// MySQL and SQLite quote identifiers in backticks (SQLite reads a
		// double-quoted name that matches no column as a string literal).
		if strings.Contains(text, `"`) {
			t.Errorf("%s text with a double quote: %s", dialect, text)
		}
	}
}

// formatGolden is the statement's text, then "-- args:" and one line per
// argument: its placeholder, Go type and value (strings quoted, times in RFC
// 3339, integers that read as epoch seconds or milliseconds with that instant).
func formatGolden(dialect string, st sqlsource.Statement) string {
	var b strings.Builder
	b.WriteString(st.SQL)
	b.WriteString("\n-- args:\n")
	for i, a := range st.Args {
		ph := "?"
		if dialect == sqlsource.TypePostgres {
			ph = fmt.Sprintf("$%d", i+1)
		}
		fmt.Fprintf(&b, "-- %d %s %s\n", i+1, ph, formatArg(a))
	}
	return b.String()
}

func formatArg(a any) string {
	switch x := a.(type) {
	case string:
		return "string " + strconv.Quote(x)
	case time.Time:
		return "time.Time " + x.Format(time.RFC3339Nano)
	case int64:
		switch {
		case x >= epochS[0] && x < epochS[1]:
			return fmt.Sprintf("int64 %d (%s)", x, time.Unix(x, 0).UTC().Format(time.RFC3339))
		case x >= epochMS[0] && x < epochMS[1]:
			return fmt.Sprintf("int64 %d (%s)", x, time.UnixMilli(x).UTC().Format(time.RFC3339Nano))
		}
	}
	return fmt.Sprintf("%T %v", a, a)
}

// goldenRawKPI is a raw SQL KPI from the catalog (validated).
func goldenRawKPI(t *testing.T, raw string) *catalog.KPI {
	t.Helper()
	doc := fmt.Sprintf(`apiVersion: northstar.kpi/v1
kpis:
  - {id: raw, name: Raw, owner: shop, version: "1", direction: higher, source: db, dimensions: [region],
     query: {sql: {raw: %q}}}
`, raw)
	cat, problems := catalog.Parse([]byte(doc))
	if problems != nil {
		t.Fatalf("catalog: %v", problems)
	}
	return &cat.KPIs[0]
}

// argUnix reads a bound instant: epoch seconds, a time or SQLite's text.
func argUnix(t *testing.T, a any) int64 {
	t.Helper()
	switch x := a.(type) {
	case int64:
		return x
	case time.Time:
		return x.Unix()
	case string:
		tm, err := time.Parse(sqlsource.SQLiteTimeFormat, x)
		if err != nil {
			t.Fatalf("arg %q is not a time: %v", x, err)
		}
		return tm.Unix()
	}
	t.Fatalf("arg %v (%T) is not an instant", a, a)
	return 0
}

// TestGoldenRawGroupAndFilterShareBuckets: a raw query grouped with a fixed
// interval ($__timeGroup(col, 1h)) under a dashboard step that is not 1h must
// filter the same whole buckets it groups by, and $__timeFrom()/$__timeTo()
// must be the filter's bounds. Rows the filter lets in before the group's
// origin get negative bucket numbers (points before the range; SQLite's
// CAST(... AS INTEGER) even folds the last hour before the origin into bucket
// 0), and rows after the group's last bucket make a partial bucket after the
// range's end.
func TestGoldenRawGroupAndFilterShareBuckets(t *testing.T) {
	day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		raw  string
		w    kpimath.Window
		step time.Duration
	}{
		{"timeGroup interval (control)", "SELECT $__timeGroup(created_at, $__interval) AS time, COUNT(*) AS value, region FROM orders WHERE $__timeFilter(created_at) AND created_at >= $__timeFrom() AND created_at < $__timeTo() GROUP BY 1, 3",
			kpimath.Window{From: day.Add(10*time.Hour + 7*time.Minute), To: day.Add(14*time.Hour + 52*time.Minute)}, 15 * time.Minute},
		{"timeGroup 1h, step 15m", "SELECT $__timeGroup(created_at, 1h) AS time, COUNT(*) AS value, region FROM orders WHERE $__timeFilter(created_at) AND created_at >= $__timeFrom() AND created_at < $__timeTo() GROUP BY 1, 3",
			kpimath.Window{From: day.Add(10*time.Hour + 7*time.Minute), To: day.Add(14*time.Hour + 52*time.Minute)}, 15 * time.Minute},
		{"timeGroup 1h, step 6h", "SELECT $__timeGroup(created_at, 1h) AS time, COUNT(*) AS value, region FROM orders WHERE $__timeFilter(created_at) AND created_at >= $__timeFrom() AND created_at < $__timeTo() GROUP BY 1, 3",
			kpimath.Window{From: day.Add(10*time.Hour + 30*time.Minute), To: day.Add(30 * time.Hour)}, 6 * time.Hour},
		{"unixEpochGroup 1h, step 6h", "SELECT $__unixEpochGroup(ts, 1h) AS time, COUNT(*) AS value, region FROM events WHERE $__unixEpochFilter(ts) AND ts >= $__unixEpochFrom() AND ts < $__unixEpochTo() GROUP BY 1, 3",
			kpimath.Window{From: day.Add(10*time.Hour + 30*time.Minute), To: day.Add(30 * time.Hour)}, 6 * time.Hour},
	}
	for _, tc := range cases {
		for _, dialect := range goldenDialects {
			t.Run(tc.name+"."+dialect, func(t *testing.T) {
				sts, err := goldenSource(t, dialect).Statements(goldenRawKPI(t, tc.raw), source.Filters{}, tc.w, tc.step)
				if err != nil {
					t.Fatal(err)
				}
				st := sts["series"]
				// Text order: the group's origin and length, the filter's two
				// bounds, then $__timeFrom and $__timeTo.
				if len(st.Args) != 6 {
					t.Fatalf("want 6 args, got %v in %s", st.Args, st.SQL)
				}
				origin, length := argUnix(t, st.Args[0]), st.Args[1].(int64)
				from, to := argUnix(t, st.Args[2]), argUnix(t, st.Args[3])
				timeFrom, timeTo := argUnix(t, st.Args[4]), argUnix(t, st.Args[5])
				if from != origin || (to-from)%length != 0 {
					t.Errorf("the time filter [%s, %s) is not whole buckets of the group (origin %s, %d s)\n%s",
						time.Unix(from, 0).UTC(), time.Unix(to, 0).UTC(), time.Unix(origin, 0).UTC(), length, formatGolden(dialect, st))
				}
				if timeFrom != from || timeTo != to {
					t.Errorf("$__timeFrom()/$__timeTo() are [%s, %s) but the time filter is [%s, %s)",
						time.Unix(timeFrom, 0).UTC(), time.Unix(timeTo, 0).UTC(), time.Unix(from, 0).UTC(), time.Unix(to, 0).UTC())
				}
				if to > tc.w.To.Unix() || from > tc.w.From.Unix() {
					t.Errorf("the time filter [%s, %s) is not the window's whole buckets (window %v)", time.Unix(from, 0).UTC(), time.Unix(to, 0).UTC(), tc.w)
				}
			})
		}
	}
}

// TestGoldenRawTrailingLineComment: raw SQL whose last line is a -- comment is
// a valid SELECT (the catalog accepts it), so the wrapper that applies the
// dashboard's filters must not end up inside the comment. Against PostgreSQL,
// MariaDB and SQLite the wrapped statement is "syntax error at end of input" /
// "incomplete input".
func TestGoldenRawTrailingLineComment(t *testing.T) {
	raws := []string{
		"SELECT created_at AS time, amount AS value, region FROM orders WHERE $__timeFilter(created_at) -- recent orders",
		"SELECT created_at AS time, amount AS value, region FROM orders WHERE $__timeFilter(created_at) -- recent orders\n",
	}
	for _, raw := range raws {
		for _, dialect := range goldenDialects {
			for _, f := range []source.Filters{{}, {"region": {"eu"}}} {
				t.Run(fmt.Sprintf("%q.%s.%d", raw, dialect, len(f)), func(t *testing.T) {
					sts, err := goldenSource(t, dialect).Statements(goldenRawKPI(t, raw), f, gW, time.Hour)
					if err != nil {
						t.Fatal(err)
					}
					text := sts["series"].SQL
					for _, line := range strings.Split(text, "\n") {
						if i := strings.Index(line, "--"); i >= 0 && strings.Contains(line[i:], "kpi_raw") {
							t.Fatalf("the wrapper's \") kpi_raw ...\" is inside the raw SQL's trailing comment:\n%s", text)
						}
					}
				})
			}
		}
	}
}
