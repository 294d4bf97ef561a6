package sqlsource_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/northstar/kpi/internal/sqltest"
	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
	"github.com/northstar/kpi/pkg/sqlsource"
)

// distinctCatalog: dimension values of structured KPIs (with and without a
// population), a KPI with two dimensions for narrowed values, and a raw KPI.
const distinctCatalog = `apiVersion: northstar.kpi/v1
kpis:
  - {id: orders, name: Orders, owner: shop, version: "1", direction: higher, source: db, dimensions: [region],
     query: {sql: {table: orders, timeColumn: created_at, measure: {agg: count}}}}
  - {id: failed, name: Failed orders, owner: shop, version: "1", direction: lower, source: db, dimensions: [region, status],
     query: {sql: {table: orders, timeColumn: created_at, where: [{column: status, op: "in", values: [failed, refunded]}], measure: {agg: count}}}}
  - {id: raw_orders, name: Raw orders, owner: shop, version: "1", direction: higher, source: db, dimensions: [region],
     query: {sql: {raw: "SELECT $__timeGroup(created_at, $__interval) AS time, region, count(*) AS value FROM orders WHERE $__timeFilter(created_at) GROUP BY 1, 2"}}}
`

// distinctValues computes, from the events, the values a dimension of the
// orders table takes in [from, to) among the orders that keep accepts.
func distinctValues(from, to time.Time, keep func(sqltest.Order) bool, dim func(sqltest.Order) string) []string {
	var out []string
	for _, o := range data.OrdersIn(from, to, keep) {
		out = append(out, dim(o))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestDimensionValuesAreTheKPIsDistinctRows(t *testing.T) {
	cat, problems := catalog.Parse([]byte(distinctCatalog))
	if problems != nil {
		t.Fatal(problems)
	}
	region := func(o sqltest.Order) string { return o.Region }
	status := func(o sqltest.Order) string { return o.Status }
	failedOrRefunded := func(o sqltest.Order) bool { return o.Status == "failed" || o.Status == "refunded" }
	week := kpimath.Window{From: offFrom, To: offFrom.Add(7 * 24 * time.Hour)}
	// apac has no rows between QuietFrom and QuietTo.
	quiet := kpimath.Window{From: sqltest.QuietFrom.Add(time.Hour), To: sqltest.QuietTo.Add(-time.Hour)}
	cases := []struct {
		name, kpi, dim string
		f              source.Filters
		w              kpimath.Window
		want           []string
	}{
		{"all regions", "orders", "region", nil, week, distinctValues(week.From, week.To, nil, region)},
		{"apac is quiet", "orders", "region", nil, quiet, distinctValues(quiet.From, quiet.To, nil, region)},
		{"the population's statuses", "failed", "status", nil, week, distinctValues(week.From, week.To, failedOrRefunded, status)},
		{"narrowed by a filter", "failed", "region", source.Filters{"status": {"failed"}}, week,
			distinctValues(week.From, week.To, func(o sqltest.Order) bool { return o.Status == "failed" }, region)},
		{"narrowed to nothing", "failed", "status", source.Filters{"region": {"apac"}}, quiet, []string{}},
	}
	if got := cases[1].want; slices.Contains(got, "apac") || len(got) != 2 {
		t.Fatalf("the data set changed: regions in the quiet window %v", got)
	}
	if got := cases[2].want; !reflect.DeepEqual(got, []string{"failed", "refunded"}) {
		t.Fatalf("the data set changed: statuses %v", got)
	}
	for _, dialect := range sqltest.Dialects {
		c, err := sqlsource.NewClient(dbs[dialect].Conn, sqlsource.Secrets{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		for _, tc := range cases {
			t.Run(dialect+"/"+tc.name, func(t *testing.T) {
				got, truncated, err := c.DimensionValues(context.Background(), kpi(t, cat, tc.kpi), tc.dim, tc.f, tc.w, 1000)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, tc.want) || truncated {
					t.Errorf("got %q (truncated %v), want %q", got, truncated, tc.want)
				}
			})
		}
		t.Run(dialect+"/limit", func(t *testing.T) {
			got, truncated, err := c.DimensionValues(context.Background(), kpi(t, cat, "orders"), "region", nil, week, 2)
			if err != nil {
				t.Fatal(err)
			}
			if want := cases[0].want[:2]; !reflect.DeepEqual(got, want) || !truncated {
				t.Errorf("limit 2: got %q (truncated %v), want %q truncated", got, truncated, want)
			}
		})
		t.Run(dialect+"/hostile", func(t *testing.T) {
			for _, v := range hostileValues {
				got, _, err := c.DimensionValues(context.Background(), kpi(t, cat, "failed"), "region", source.Filters{"status": {v}}, week, 1000)
				if err != nil && !strings.Contains(err.Error(), "invalid byte sequence") && !strings.Contains(err.Error(), "Incorrect string value") {
					t.Errorf("filter value %q: %v", v, err)
				}
				if len(got) != 0 {
					t.Errorf("filter value %q matched rows: %q", v, got)
				}
			}
			var n int
			if err := dbs[dialect].Admin.QueryRow("SELECT COUNT(*) FROM orders").Scan(&n); err != nil || n != len(data.Orders) {
				t.Errorf("orders table changed: %d rows, %v", n, err)
			}
		})
	}
}

func TestDimensionValuesRefuseWhatIsNotADimension(t *testing.T) {
	cat, problems := catalog.Parse([]byte(distinctCatalog))
	if problems != nil {
		t.Fatal(problems)
	}
	w := kpimath.Window{From: offFrom, To: offTo}
	d, _ := sqlsource.DialectOf(sqlsource.TypePostgres)
	cases := []struct {
		name, kpi, dim string
		f              source.Filters
		want           string
	}{
		{"another column", "orders", "status", nil, `has no dimension "status"`},
		{"an injection", "orders", `region" FROM orders; DROP TABLE orders; --`, nil, "has no dimension"},
		{"an empty name", "orders", "", nil, "has no dimension"},
		{"a filter on another column", "orders", "region", source.Filters{"status": {"paid"}}, `no dimension "status" to filter on`},
		{"raw SQL", "raw_orders", "region", nil, "not supported for raw SQL KPIs"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := sqlsource.DistinctStatement(d, kpi(t, cat, tc.kpi), tc.dim, tc.f, w, 10)
			var input *source.InputError
			if err == nil || !errors.As(err, &input) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an input error with %q", err, tc.want)
			}
		})
	}
}

// The statement of each dialect: quoted identifiers, every value bound, the
// limit one above the one asked for.
func TestDistinctStatementGolden(t *testing.T) {
	cat, problems := catalog.Parse([]byte(distinctCatalog))
	if problems != nil {
		t.Fatal(problems)
	}
	w := kpimath.Window{From: offFrom, To: offTo}
	f := source.Filters{"region": {"eu", "us"}}
	want := map[string]string{
		sqlsource.TypePostgres: `SELECT DISTINCT "status" FROM "orders" WHERE ("created_at" >= $1 AND "created_at" < $2) AND "status" IN ($3, $4) AND "region" IN ($5, $6) AND "status" IS NOT NULL ORDER BY 1 LIMIT 11`,
		sqlsource.TypeMySQL:    "SELECT DISTINCT `status` FROM `orders` WHERE (`created_at` >= ? AND `created_at` < ?) AND `status` IN (?, ?) AND `region` IN (?, ?) AND `status` IS NOT NULL ORDER BY 1 LIMIT 11",
		sqlsource.TypeSQLite:   "SELECT DISTINCT `status` FROM `orders` WHERE (`created_at` >= ? AND `created_at` < ?) AND `status` IN (?, ?) AND `region` IN (?, ?) AND `status` IS NOT NULL ORDER BY 1 LIMIT 11",
	}
	for dialect, sql := range want {
		d, _ := sqlsource.DialectOf(dialect)
		st, err := sqlsource.DistinctStatement(d, kpi(t, cat, "failed"), "status", f, w, 10)
		if err != nil {
			t.Fatal(err)
		}
		if st.SQL != sql {
			t.Errorf("%s:\n got %s\nwant %s", dialect, st.SQL, sql)
		}
		if got := st.Args[2:]; !reflect.DeepEqual(got, []any{"failed", "refunded", "eu", "us"}) {
			t.Errorf("%s: bound values %v", dialect, st.Args)
		}
	}
}
