package sqlsource_test

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/northstar/kpi/internal/sqltest"
	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
	"github.com/northstar/kpi/pkg/sqlsource"
)

// testCatalog has a KPI of every structured form over the two test tables.
const testCatalog = `apiVersion: northstar.kpi/v1
kpis:
  - {id: orders, name: Orders, owner: shop, version: "1", direction: higher, source: db, dimensions: [region], timezone: Europe/Berlin,
     query: {sql: {table: orders, timeColumn: created_at, measure: {agg: count}}}}
  - {id: orders_epoch, name: Orders, owner: shop, version: "1", direction: higher, source: db, dimensions: [region],
     query: {sql: {table: orders, timeColumn: created_s, timeType: epoch_s, measure: {agg: count}}}}
  - {id: revenue, name: Revenue, owner: shop, version: "1", direction: higher, source: db, dimensions: [region],
     query: {sql: {table: orders, timeColumn: created_at, measure: {agg: sum, column: amount, where: [{column: status, op: "=", value: paid}]}}}}
  - {id: failed_orders, name: Failed orders, owner: shop, version: "1", direction: lower, source: db, dimensions: [region],
     query: {sql: {table: orders, timeColumn: created_at, measure: {agg: count, where: [{column: status, op: "=", value: failed}]}}}}
  - {id: avg_order, name: Average order, owner: shop, version: "1", direction: higher, source: db, dimensions: [region],
     query: {sql: {table: orders, timeColumn: created_at, where: [{column: status, op: "in", values: [paid, refunded]}], measure: {agg: avg, column: amount}}}}
  - {id: min_order, name: Smallest order, owner: shop, version: "1", direction: higher, source: db,
     query: {sql: {table: orders, timeColumn: created_at, measure: {agg: min, column: amount}}}}
  - {id: max_order, name: Largest order, owner: shop, version: "1", direction: higher, source: db,
     query: {sql: {table: orders, timeColumn: created_at, measure: {agg: max, column: amount}}}}
  - {id: customers, name: Customers, owner: shop, version: "1", direction: higher, source: db,
     query: {sql: {table: orders, timeColumn: created_at, measure: {agg: count_distinct, column: customer_id}}}}
  - {id: availability, name: Availability, owner: sre, version: "1", direction: higher, source: db, dimensions: [region],
     query: {sql: {table: requests, timeColumn: ts, timeType: timestamptz,
       ratio: {good: {agg: count, where: [{column: outcome, op: "=", value: ok}]}, total: {agg: count}}}}}
  - {id: availability_ms, name: Availability, owner: sre, version: "1", direction: higher, source: db, dimensions: [region],
     query: {sql: {table: requests, timeColumn: ts_ms, timeType: epoch_ms,
       ratio: {bad: {agg: count, where: [{column: outcome, op: "!=", value: ok}]}, total: {agg: count}}}}}
`

func testKPIs(t *testing.T) *catalog.Catalog {
	t.Helper()
	cat, problems := catalog.Parse([]byte(testCatalog))
	if problems != nil {
		t.Fatalf("test catalog: %v", problems)
	}
	return cat
}

func newSource(t *testing.T, db *sqltest.DB) *sqlsource.Source {
	t.Helper()
	c, err := sqlsource.NewClient(db.Conn, sqlsource.Secrets{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return sqlsource.NewSource(c)
}

func kpi(t *testing.T, cat *catalog.Catalog, id string) *catalog.KPI {
	t.Helper()
	k, ok := cat.Find(id)
	if !ok {
		t.Fatalf("no KPI %q", id)
	}
	return k
}

// Off every grid: seconds and minutes that no step or slice divides.
var (
	offFrom = time.Date(2026, 10, 20, 3, 17, 29, 0, time.UTC)
	offTo   = time.Date(2026, 11, 3, 11, 2, 41, 0, time.UTC)
)

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

func nanIfEmpty(n int, v float64) float64 {
	if n == 0 {
		return math.NaN()
	}
	return v
}

// expectedValue computes each test KPI over [from, to) for one region ("" =
// all regions) from the events.
func expectedValue(id string, from, to time.Time, region string) float64 {
	inRegion := func(o sqltest.Order) bool { return region == "" || o.Region == region }
	orders := data.OrdersIn(from, to, inRegion)
	n := len(orders)
	switch id {
	case "orders", "orders_epoch":
		return nanIfEmpty(n, float64(n))
	case "revenue":
		paid := data.OrdersIn(from, to, func(o sqltest.Order) bool { return inRegion(o) && o.Status == "paid" })
		return nanIfEmpty(n, sum(sqltest.Amounts(paid)))
	case "failed_orders":
		failed := data.OrdersIn(from, to, func(o sqltest.Order) bool { return inRegion(o) && o.Status == "failed" })
		return nanIfEmpty(n, float64(len(failed)))
	case "avg_order":
		kept := data.OrdersIn(from, to, func(o sqltest.Order) bool { return inRegion(o) && o.Status != "failed" })
		return nanIfEmpty(len(kept), sum(sqltest.Amounts(kept))/float64(len(kept)))
	case "min_order":
		return nanIfEmpty(n, slices.Min(append(sqltest.Amounts(orders), math.Inf(1))))
	case "max_order":
		return nanIfEmpty(n, slices.Max(append(sqltest.Amounts(orders), math.Inf(-1))))
	case "customers":
		seen := map[int]bool{}
		for _, o := range orders {
			seen[o.CustomerID] = true
		}
		return nanIfEmpty(n, float64(len(seen)))
	case "availability", "availability_ms":
		return sqltest.Availability(data.RequestsIn(from, to, func(r sqltest.Request) bool { return region == "" || r.Region == region }))
	}
	panic("unknown KPI " + id)
}

func close(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

func valueByRegion(series []source.Series) map[string]float64 {
	out := map[string]float64{}
	for _, s := range series {
		out[s.Labels["region"]] = s.Points[len(s.Points)-1].V
	}
	return out
}

// TestWindowValuesAreExactCounts checks every measure over off-grid windows
// against the rows, and the comparison window from the same scan.
func TestWindowValuesAreExactCounts(t *testing.T) {
	cat := testKPIs(t)
	windows := []kpimath.Window{
		{From: offFrom, To: offTo},
		{From: offFrom.Add(-7 * 24 * time.Hour), To: offTo.Add(-7 * 24 * time.Hour)},
		// apac is quiet for the whole window: no rows, so no value (not 0).
		{From: sqltest.QuietFrom.Add(time.Hour), To: sqltest.QuietTo.Add(-time.Hour)},
		// A few minutes: rows, but (mostly) no failed orders, so 0 failed.
		{From: time.Date(2026, 11, 5, 8, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 5, 8, 9, 0, 0, time.UTC)},
	}
	for _, dialect := range sqltest.Dialects {
		src := newSource(t, dbs[dialect])
		for _, k := range cat.KPIs {
			t.Run(dialect+"/"+k.ID, func(t *testing.T) {
				all, err := src.OverallMany(context.Background(), &k, source.Filters{}, windows)
				if err != nil {
					t.Fatal(err)
				}
				for i, w := range windows {
					got := valueByRegion(all[i])
					regions := []string{""}
					if len(k.Dimensions) > 0 {
						regions = sqltest.Regions
					}
					for _, r := range regions {
						want := expectedValue(k.ID, w.From, w.To, r)
						v, ok := got[r]
						if !ok {
							v = math.NaN()
						}
						if !close(v, want) {
							t.Errorf("window %d region %q: got %v, want %v", i, r, v, want)
						}
					}
				}
			})
		}
	}
}

// TestDayBucketsFollowBerlinAcrossDST: daily buckets are local days of 24, 25
// and 23 hours, identical in every dialect, with 0 for a day without orders.
func TestDayBucketsFollowBerlinAcrossDST(t *testing.T) {
	cat := testKPIs(t)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	from := time.Date(2026, 10, 22, 13, 5, 0, 0, berlin)
	to := time.Date(2026, 11, 13, 9, 0, 0, 0, berlin)
	for _, dialect := range sqltest.Dialects {
		src := newSource(t, dbs[dialect])
		series, err := src.Series(context.Background(), kpi(t, cat, "orders"), source.Filters{"region": {"apac"}}, kpimath.Window{From: from, To: to}, 24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if len(series) != 1 {
			t.Fatalf("%s: %d series, want 1 (apac)", dialect, len(series))
		}
		// Whole local days from the day that contains `from` to the last midnight before `to`.
		var want []kpimath.Point
		for day := time.Date(2026, 10, 22, 0, 0, 0, 0, berlin); ; day = day.AddDate(0, 0, 1) {
			end := day.AddDate(0, 0, 1)
			if end.After(to) {
				break
			}
			n := len(data.OrdersIn(day, end, sqltest.InRegion("apac")))
			want = append(want, kpimath.Point{T: end, V: float64(n)})
		}
		got := series[0].Points
		if len(got) != len(want) {
			t.Fatalf("%s: %d points, want %d", dialect, len(got), len(want))
		}
		for i := range want {
			if !got[i].T.Equal(want[i].T) || got[i].V != want[i].V {
				t.Errorf("%s point %d: got %v %v, want %v %v", dialect, i, got[i].T, got[i].V, want[i].T, want[i].V)
			}
		}
		if dst := got[3]; dst.T.Sub(got[2].T) != 25*time.Hour {
			t.Errorf("%s: the day of the DST change should be 25 h long, got %s", dialect, dst.T.Sub(got[2].T))
		}
		// 11 November (Berlin) lies wholly in apac's quiet period.
		if quiet := got[len(got)-2]; quiet.V != 0 || !quiet.T.Equal(time.Date(2026, 11, 12, 0, 0, 0, 0, berlin)) {
			t.Errorf("%s: a quiet day must count 0 orders, got %v", dialect, quiet)
		}
	}
}

// TestHourlySeriesOnTheStepGrid: sub-day steps are UTC step buckets; a ratio
// without traffic in a bucket has no value.
func TestHourlySeriesOnTheStepGrid(t *testing.T) {
	cat := testKPIs(t)
	w := kpimath.Window{From: sqltest.QuietFrom.Add(-3*time.Hour - 17*time.Minute), To: sqltest.QuietFrom.Add(2*time.Hour + 41*time.Second)}
	for _, dialect := range sqltest.Dialects {
		src := newSource(t, dbs[dialect])
		for _, id := range []string{"availability", "availability_ms"} {
			series, err := src.Series(context.Background(), kpi(t, cat, id), source.Filters{"region": {"apac", "eu"}}, w, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if len(series) != 2 {
				t.Fatalf("%s %s: %d series, want apac and eu", dialect, id, len(series))
			}
			for _, s := range series {
				region := s.Labels["region"]
				first := w.From.Truncate(time.Hour).Add(time.Hour)
				for i, p := range s.Points {
					end := first.Add(time.Duration(i) * time.Hour)
					want := sqltest.Availability(data.RequestsIn(end.Add(-time.Hour), end, sqltest.RequestsInRegion(region)))
					if !p.T.Equal(end) || !close(p.V, want) {
						t.Errorf("%s %s %s point %d: got %v %v, want %v %v", dialect, id, region, i, p.T, p.V, end, want)
					}
				}
				// Whole hours from 4 h before the quiet period to 2 h into it.
				if len(s.Points) != 6 {
					t.Errorf("%s %s %s: %d points, want 6", dialect, id, region, len(s.Points))
				}
			}
		}
	}
}

// TestEventsAreExactCounts: SLO events between bounds and in fixed slices are
// the row counts, with no extrapolation.
func TestEventsAreExactCounts(t *testing.T) {
	cat := testKPIs(t)
	bounds := []time.Time{offFrom, sqltest.OutageFrom.Add(-3 * time.Hour), sqltest.OutageFrom.Add(17 * time.Second), sqltest.OutageTo.Add(5 * time.Minute)}
	for _, dialect := range sqltest.Dialects {
		src := newSource(t, dbs[dialect])
		for _, id := range []string{"availability", "availability_ms"} {
			k := kpi(t, cat, id)
			evs, err := src.EventsBetween(context.Background(), k, source.Filters{"region": {"eu"}}, bounds)
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) != 1 || len(evs[0].Slices) != len(bounds)-1 {
				t.Fatalf("%s %s: got %v", dialect, id, evs)
			}
			for i, s := range evs[0].Slices {
				rs := data.RequestsIn(bounds[i], bounds[i+1], sqltest.RequestsInRegion("eu"))
				if s.Total != float64(len(rs)) || s.Bad != float64(sqltest.Errors(rs)) || !s.Start.Equal(bounds[i]) || !s.End.Equal(bounds[i+1]) {
					t.Errorf("%s %s interval %d: got %+v, want total %d bad %d", dialect, id, i, s, len(rs), sqltest.Errors(rs))
				}
			}
			from, slice := sqltest.OutageFrom.Add(-30*time.Minute), 5*time.Minute
			evs, err = src.Events(context.Background(), k, source.Filters{}, from, from.Add(2*time.Hour), slice)
			if err != nil {
				t.Fatal(err)
			}
			for _, ev := range evs {
				for i, s := range ev.Slices {
					end := from.Add(time.Duration(i+1) * slice)
					rs := data.RequestsIn(end.Add(-slice), end, sqltest.RequestsInRegion(ev.Labels["region"]))
					if !s.End.Equal(end) || s.Total != float64(len(rs)) || s.Bad != float64(sqltest.Errors(rs)) {
						t.Errorf("%s %s %s slice %d: got %+v, want total %d bad %d", dialect, id, ev.Labels["region"], i, s, len(rs), sqltest.Errors(rs))
					}
				}
			}
		}
	}
}
