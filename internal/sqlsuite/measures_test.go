package sqlsuite_test

import (
	"math"
	"sort"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/northstar/kpi/internal/sqltest"
	"github.com/northstar/kpi/pkg/catalog"
)

const suiteCatalog = `apiVersion: northstar.kpi/v1
kpis:
  - id: availability
    name: Availability
    owner: sre
    unit: percentunit
    direction: higher
    version: "1"
    source: db
    dimensions: [region]
    timezone: Europe/Berlin
    query:
      sql:
        table: requests
        timeColumn: ts
        timeType: timestamptz
        ratio:
          good: {agg: count, where: [{column: outcome, op: "=", value: ok}]}
          total: {agg: count}
    target: {value: 0.99}
    thresholds: {warning: 0.99, critical: 0.985}
    comparison: {type: offset, offset: 7d}
    slos:
      - name: rolling
        objective: 0.99
        window: {rolling: 28d}
        alerting: {minEvents: 10}
      - name: month
        objective: 0.99
        window: {calendar: month}
      - name: slices
        objective: 0.95
        window: {rolling: 7d}
        budgeting: {method: timeslices, slice: 5m, sliceTarget: 0.9}
        alerting:
          pairs: [{severity: page, long: 1h, short: 5m, factor: 14.4}]
      - name: ratio_slices
        objective: 0.95
        window: {rolling: 7d}
        budgeting: {method: ratioTimeslices, slice: 5m}
        alerting:
          pairs: [{severity: page, long: 1h, short: 5m, factor: 14.4}]
  - id: orders
    name: Orders
    owner: shop
    unit: short
    direction: higher
    version: "1"
    source: db
    dimensions: [region]
    timezone: Europe/Berlin
    query: {sql: {table: orders, timeColumn: created_at, measure: {agg: count}}}
    target: {baseline: {periods: 4, every: 1w, statistic: median, improvement: 0.05}}
    comparison: {type: calendar, calendar: month}
  - id: revenue
    name: Revenue
    owner: shop
    unit: currencyEUR
    direction: higher
    version: "1"
    source: db
    query:
      sql:
        table: orders
        timeColumn: created_s
        timeType: epoch_s
        measure: {agg: sum, column: amount, where: [{column: status, op: "=", value: paid}]}
    target:
      schedule:
        - {from: "2026-10-01", value: 150000}
        - {from: "2026-11-01", value: 160000}
    comparison: {type: previous_range}
`

func suiteKPIs(t *testing.T) *catalog.Catalog {
	t.Helper()
	cat, problems := catalog.Parse([]byte(suiteCatalog))
	if problems != nil {
		t.Fatal(problems)
	}
	return cat
}

var (
	offFrom = time.Date(2026, 10, 20, 3, 17, 29, 0, time.UTC)
	offTo   = time.Date(2026, 11, 3, 11, 2, 41, 0, time.UTC)
)

func regionLabels(kpi, region string) data.Labels {
	return data.Labels{"kpi": kpi, "region": region}
}

func availability(from, to time.Time, region string) float64 {
	return sqltest.Availability(events.RequestsIn(from, to, sqltest.RequestsInRegion(region)))
}

func ordersIn(from, to time.Time, region string) float64 {
	return float64(len(events.OrdersIn(from, to, sqltest.InRegion(region))))
}

func paidRevenue(from, to time.Time) float64 {
	s := 0.0
	for _, o := range events.OrdersIn(from, to, func(o sqltest.Order) bool { return o.Status == "paid" }) {
		s += o.Amount
	}
	return s
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// status follows docs/frames.md: thresholds first (worse than critical, then
// warning), else a missed target warns.
func status(value, warning, critical float64) float64 {
	switch {
	case value < critical:
		return 2
	case value < warning:
		return 1
	}
	return 0
}

// TestEveryKPIMeasureOnSQL: value, previous, delta, delta_pct, target,
// attainment and status of all three target kinds and comparison kinds, on
// every dialect, at off-grid instants, against the rows.
func TestEveryKPIMeasureOnSQL(t *testing.T) {
	measures := []string{"value", "previous", "delta", "delta_pct", "target", "attainment", "status"}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for _, dialect := range sqltest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ds := newDS(t, suiteCatalog, connection(dbs[dialect]))
			resp := run(t, ds,
				query("A", offFrom, offTo, time.Hour, map[string]any{"kpi": "availability", "measures": measures}),
				query("B", offFrom, offTo, time.Hour, map[string]any{"kpi": "orders", "measures": measures}),
				query("C", offFrom, offTo, time.Hour, map[string]any{"kpi": "revenue", "measures": measures}))
			for ref, r := range resp.Responses {
				if r.Error != nil {
					t.Fatalf("%s: %v", ref, r.Error)
				}
			}
			week := 7 * 24 * time.Hour
			for _, region := range sqltest.Regions {
				l := regionLabels("availability", region)
				v, p := availability(offFrom, offTo, region), availability(offFrom.Add(-week), offTo.Add(-week), region)
				fs := resp.Responses["A"].Frames
				check(t, region+" availability value", measure(t, fs, "value", l), v)
				check(t, region+" availability previous (7d offset)", measure(t, fs, "previous", l), p)
				check(t, region+" availability delta", measure(t, fs, "delta", l), v-p)
				check(t, region+" availability delta_pct", measure(t, fs, "delta_pct", l), (v-p)/p)
				check(t, region+" availability target", measure(t, fs, "target", l), 0.99)
				check(t, region+" availability attainment", measure(t, fs, "attainment", l), v/0.99)
				check(t, region+" availability status", measure(t, fs, "status", l), status(v, 0.99, 0.985))

				// Orders: the previous calendar month in Berlin (October, 745 h), and a
				// baseline of the same range in the 4 weeks before, median, +5 %.
				l = regionLabels("orders", region)
				fs = resp.Responses["B"].Frames
				oct := time.Date(2026, 10, 1, 0, 0, 0, 0, berlin)
				nov := time.Date(2026, 11, 1, 0, 0, 0, 0, berlin)
				v, p = ordersIn(offFrom, offTo, region), ordersIn(oct, nov, region)
				var base []float64
				for i := 1; i <= 4; i++ {
					base = append(base, ordersIn(offFrom.Add(-time.Duration(i)*week), offTo.Add(-time.Duration(i)*week), region))
				}
				target := median(base) * 1.05
				check(t, region+" orders value", measure(t, fs, "value", l), v)
				check(t, region+" orders previous (calendar October in Berlin)", measure(t, fs, "previous", l), p)
				check(t, region+" orders delta", measure(t, fs, "delta", l), v-p)
				check(t, region+" orders target (baseline)", measure(t, fs, "target", l), target)
				check(t, region+" orders attainment", measure(t, fs, "attainment", l), v/target)
				wantStatus := 0.0
				if v < target {
					wantStatus = 1
				}
				check(t, region+" orders status (missed target warns)", measure(t, fs, "status", l), wantStatus)
			}
			// Revenue on an epoch column: the previous range of equal length and
			// the scheduled target in force at the range's end (from 1 November).
			l := data.Labels{"kpi": "revenue"}
			fs := resp.Responses["C"].Frames
			length := offTo.Sub(offFrom)
			v, p := paidRevenue(offFrom, offTo), paidRevenue(offFrom.Add(-length), offFrom)
			check(t, "revenue value", measure(t, fs, "value", l), v)
			check(t, "revenue previous", measure(t, fs, "previous", l), p)
			check(t, "revenue delta_pct", measure(t, fs, "delta_pct", l), (v-p)/math.Abs(p))
			check(t, "revenue target (schedule)", measure(t, fs, "target", l), 160000)
			check(t, "revenue attainment", measure(t, fs, "attainment", l), v/160000)
		})
	}
}

// TestSeriesOnSQL: the series at the panel's step with the target series, and
// count KPIs 0 in buckets without rows.
func TestSeriesOnSQL(t *testing.T) {
	from, to := sqltest.QuietFrom.Add(-90*time.Minute-13*time.Second), sqltest.QuietFrom.Add(95*time.Minute)
	for _, dialect := range sqltest.Dialects {
		ds := newDS(t, suiteCatalog, connection(dbs[dialect]))
		r := run(t, ds, query("A", from, to, 30*time.Minute, map[string]any{"kpi": "orders", "measures": []string{"series"}, "filters": map[string][]string{"region": {"apac"}}})).Responses["A"]
		if r.Error != nil {
			t.Fatal(r.Error)
		}
		var points int
		for _, f := range r.Frames {
			if f.Meta == nil || f.Meta.Type != data.FrameTypeTimeSeriesMulti || len(f.Fields) != 2 || f.Fields[1].Name != "value" {
				continue
			}
			for i := 0; i < f.Rows(); i++ {
				end := f.Fields[0].At(i).(time.Time)
				v, _ := f.Fields[1].ConcreteAt(i)
				check(t, dialect+" orders at "+end.String(), v.(float64), ordersIn(end.Add(-30*time.Minute), end, "apac"))
				points++
			}
		}
		// Whole half hours from 2 h before the quiet period to 1.5 h into it.
		if points != 7 {
			t.Errorf("%s: %d points, want 7", dialect, points)
		}
	}
}
