package sqlsource_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
	"github.com/northstar/kpi/pkg/sqlsource"
)

// hostileValues are dashboard filter values that would break out of a string
// literal, a comment or a placeholder if they ever reached the statement text.
var hostileValues = []string{
	`'`,
	`''`,
	`\'`,
	`\`,
	`\\`,
	`"`,
	"`",
	"``; DROP TABLE orders; --",
	`'; DROP TABLE orders; --`,
	`" OR 1=1 --`,
	`' OR '1'='1`,
	`eu') OR ('1'='1`,
	`); DELETE FROM orders; (`,
	"\x00",
	"eu\x00' OR 1=1 --",
	"\x00p0\x00", // the builder's own parameter marker
	"\x00p999\x00",
	"ünïcødé ✓ 漢字 🙂",
	"\u202e' -- \u202d", // bidi overrides
	"\xff\xfe",          // not UTF-8
	strings.Repeat("x", 1<<16),
	strings.Repeat("'", 10000),
	`$1`,
	`$2 OR $1`,
	`?`,
	`??`,
	`$__timeFilter(x)`,
	`$__interval`,
	`*/`,
	`/*`,
	`-- `,
	"\n",
	"\r\n' OR 1=1\n--",
	"",
	" ",
	"%s %d %v %!",
	"NULL",
}

// hostileCatalog has a structured measure, a structured ratio and a raw KPI,
// each with the dimensions region and channel.
const hostileCatalog = `apiVersion: northstar.kpi/v1
kpis:
  - {id: measure, name: Measure, owner: shop, version: "1", direction: higher, source: db, dimensions: [region, channel], timezone: Europe/Berlin,
     query: {sql: {table: shop.orders, timeColumn: created_at, where: [{column: status, op: "=", value: paid}],
       measure: {agg: avg, column: amount, where: [{column: items, op: ">", value: 0}]}}}}
  - {id: ratio, name: Ratio, owner: sre, version: "1", direction: higher, source: db, dimensions: [region, channel],
     query: {sql: {table: requests, timeColumn: ts_ms, timeType: epoch_ms,
       ratio: {good: {agg: count, where: [{column: outcome, op: in, values: [ok, cached]}]}, total: {agg: count}}}}}
  - {id: raw, name: Raw, owner: shop, version: "1", direction: higher, source: db, dimensions: [region, channel],
     query: {sql: {raw: "SELECT $__timeGroup(created_at, $__interval) AS time, region, channel, COUNT(*) AS value FROM orders WHERE $__timeFilter(created_at) GROUP BY 1, 2, 3"}}}
`

func hostileKPIs(t *testing.T) *catalog.Catalog {
	t.Helper()
	cat, problems := catalog.Parse([]byte(hostileCatalog))
	if problems != nil {
		t.Fatalf("hostile catalog: %v", problems)
	}
	return cat
}

// hostileForm is one statement a KPI gets, for some filters.
type hostileForm struct {
	name  string
	kpi   string
	build func(s *sqlsource.Source, k *catalog.KPI, f source.Filters) (sqlsource.Statement, error)
}

var (
	hDay = time.Date(2026, 10, 24, 0, 0, 0, 0, time.UTC)
	hW   = kpimath.Window{From: hDay, To: hDay.Add(3 * 24 * time.Hour)}
)

func statementNamed(name string, step time.Duration) func(*sqlsource.Source, *catalog.KPI, source.Filters) (sqlsource.Statement, error) {
	return func(s *sqlsource.Source, k *catalog.KPI, f source.Filters) (sqlsource.Statement, error) {
		sts, err := s.Statements(k, f, hW, step)
		if err != nil {
			return sqlsource.Statement{}, err
		}
		return sts[name], nil
	}
}

var hostileForms = []hostileForm{
	{"measure series", "measure", statementNamed("series", time.Hour)},
	{"measure day series", "measure", statementNamed("series", 24*time.Hour)},
	{"measure overall", "measure", statementNamed("overall", time.Hour)},
	{"measure windows", "measure", func(s *sqlsource.Source, k *catalog.KPI, f source.Filters) (sqlsource.Statement, error) {
		return s.WindowsStatement(k, f, []kpimath.Window{hW, hW.Shift(7 * 24 * time.Hour)})
	}},
	{"ratio series", "ratio", statementNamed("series", 5*time.Minute)},
	{"ratio overall", "ratio", statementNamed("overall", time.Hour)},
	{"ratio windows", "ratio", func(s *sqlsource.Source, k *catalog.KPI, f source.Filters) (sqlsource.Statement, error) {
		return s.WindowsStatement(k, f, []kpimath.Window{hW, hW.Shift(hW.Length())})
	}},
	{"ratio intervals", "ratio", func(s *sqlsource.Source, k *catalog.KPI, f source.Filters) (sqlsource.Statement, error) {
		return s.IntervalsStatement(k, f, []time.Time{hW.From, hW.From.Add(time.Hour), hW.To})
	}},
	{"ratio slices", "ratio", func(s *sqlsource.Source, k *catalog.KPI, f source.Filters) (sqlsource.Statement, error) {
		return s.SlicesStatement(k, f, hW.From, hW.To, time.Hour)
	}},
	{"raw series", "raw", statementNamed("series", time.Hour)},
	{"raw day series", "raw", statementNamed("series", 24*time.Hour)},
}

// hostileFilters put the value in different places: the only value of a
// dimension, one value among others, and in both dimensions.
var hostileFilters = []struct {
	name string
	f    func(v string) source.Filters
}{
	{"only value", func(v string) source.Filters { return source.Filters{"region": {v}} }},
	{"among others", func(v string) source.Filters {
		return source.Filters{"region": {"eu", v, "us"}, "channel": {"web"}}
	}},
	{"both dimensions", func(v string) source.Filters { return source.Filters{"region": {v}, "channel": {"app", v}} }},
}

// TestHostileFilterValuesOnlyChangeArgs: for every dialect, form and hostile
// value, the statement's text is the one a benign value gets; the args differ
// exactly where the benign value was, and there hold the hostile value as is.
func TestHostileFilterValuesOnlyChangeArgs(t *testing.T) {
	const benign = "benign"
	cat := hostileKPIs(t)
	for _, dialect := range goldenDialects {
		for _, form := range hostileForms {
			k := goldenKPI(t, cat, form.kpi)
			for _, fl := range hostileFilters {
				t.Run(dialect+"/"+form.name+"/"+fl.name, func(t *testing.T) {
					src := goldenSource(t, dialect)
					want, err := form.build(src, k, fl.f(benign))
					if err != nil {
						t.Fatal(err)
					}
					if !strings.Contains(fmt.Sprint(want.Args), benign) {
						t.Fatalf("setup: the benign value is not among the args %v", want.Args)
					}
					for i, v := range hostileValues {
						got, err := form.build(src, k, fl.f(v))
						if err != nil {
							t.Fatalf("value %d %q: %v", i, short(v), err)
						}
						if got.SQL != want.SQL {
							t.Fatalf("value %d %q changed the text:\nbenign:  %q\nhostile: %q", i, short(v), want.SQL, got.SQL)
						}
						if len(got.Args) != len(want.Args) {
							t.Fatalf("value %d %q: %d args, benign %d", i, short(v), len(got.Args), len(want.Args))
						}
						found := false
						for j := range want.Args {
							if want.Args[j] == benign {
								if s, ok := got.Args[j].(string); !ok || s != v {
									t.Fatalf("value %d %q: arg %d is %q, want the value verbatim", i, short(v), j+1, got.Args[j])
								}
								found = true
								continue
							}
							if !reflect.DeepEqual(got.Args[j], want.Args[j]) {
								t.Fatalf("value %d %q: arg %d changed from %v to %v", i, short(v), j+1, want.Args[j], got.Args[j])
							}
						}
						if !found {
							t.Fatalf("value %d %q is not among the args", i, short(v))
						}
					}
				})
			}
		}
	}
}

func short(s string) string {
	if len(s) > 40 {
		return s[:40] + fmt.Sprintf("…(%d bytes)", len(s))
	}
	return s
}

// TestHostileFiltersOnUnknownDimensions: a filter on anything but the KPI's
// dimensions is the caller's input error, in every dialect and form, and no
// statement is made.
func TestHostileFiltersOnUnknownDimensions(t *testing.T) {
	cat := hostileKPIs(t)
	names := []string{"country", "Region", "region ", "", "region; DROP TABLE orders; --", `"region"`, "`region`", "kpi", "__name__", "\x00"}
	for _, dialect := range goldenDialects {
		for _, form := range hostileForms {
			k := goldenKPI(t, cat, form.kpi)
			for _, name := range names {
				t.Run(fmt.Sprintf("%s/%s/%q", dialect, form.name, name), func(t *testing.T) {
					f := source.Filters{"region": {"eu"}, name: {"x"}}
					st, err := form.build(goldenSource(t, dialect), k, f)
					var inputErr *source.InputError
					if !errors.As(err, &inputErr) {
						t.Fatalf("want a source.InputError, got %v (statement %q)", err, st.SQL)
					}
					if st.SQL != "" || st.Args != nil {
						t.Fatalf("a statement came with the error: %q %v", st.SQL, st.Args)
					}
				})
			}
		}
	}
}

// TestHostileValuesKeepStatementsApart: a request runs each distinct statement
// once (Calls counts them). Two statements with the same text and different
// args must stay two, whatever the filter values hold; a NUL in a value must
// not make ["a\x00string:b", "c"] and ["a", "b\x00string:c"] the same
// statement. No database is needed: the connection is never reachable, and a
// failed statement counts as run.
func TestHostileValuesKeepStatementsApart(t *testing.T) {
	cat := hostileKPIs(t)
	k := goldenKPI(t, cat, "measure")
	pairs := []struct{ a, b source.Filters }{
		{source.Filters{"region": {"eu"}, "channel": {"web"}}, source.Filters{"region": {"eu"}, "channel": {"app"}}},
		{source.Filters{"region": {"a\x00string:b"}, "channel": {"c"}}, source.Filters{"region": {"a"}, "channel": {"b\x00string:c"}}},
		{source.Filters{"region": {"x", "y\x00string:z"}}, source.Filters{"region": {"x\x00string:y", "z"}}},
	}
	for i, p := range pairs {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			src := goldenSource(t, sqlsource.TypeSQLite)
			sa, err := src.Statements(k, p.a, hW, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			sb, err := src.Statements(k, p.b, hW, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if sa["overall"].SQL != sb["overall"].SQL || reflect.DeepEqual(sa["overall"].Args, sb["overall"].Args) {
				t.Fatalf("setup: want the same text with different args")
			}
			ctx := context.Background()
			w := []kpimath.Window{hW}
			_, errA := src.OverallMany(ctx, k, p.a, w)
			_, errB := src.OverallMany(ctx, k, p.b, w)
			if errA == nil || errB == nil {
				t.Fatalf("setup: the golden connection must not be reachable (%v, %v)", errA, errB)
			}
			if n := src.Calls(); n != 2 {
				t.Errorf("two different statements ran as %d (args %#v and %#v)", n, sa["overall"].Args, sb["overall"].Args)
			}
		})
	}
}
