package kpimath

import (
	"math"
	"testing"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
)

func pts(vals ...float64) []Point {
	out := make([]Point, len(vals))
	for i, v := range vals {
		out[i] = Point{T: time.Unix(int64(i*60), 0), V: v}
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestReduce(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		agg    catalog.Aggregation
		series []Point
		want   float64
		ok     bool
	}{
		{catalog.AggLast, pts(1, 2, 3), 3, true},
		{catalog.AggLast, pts(1, 2, nan), 2, true},
		{catalog.AggAvg, pts(1, 2, 6), 3, true},
		{catalog.AggSum, pts(1, 2, 6, nan), 9, true},
		{catalog.AggMin, pts(4, -2, 6), -2, true},
		{catalog.AggMax, pts(4, -2, 6, math.Inf(1)), 6, true},
		// 10 -> 15 (+5), reset to 3 (+3 since restart), 3 -> 7 (+4)
		{catalog.AggIncrease, pts(10, 15, 3, 7), 12, true},
		{catalog.AggAvg, pts(nan, nan), 0, false},
		{catalog.AggLast, nil, 0, false},
	}
	for _, tc := range cases {
		got, ok := Reduce(tc.agg, tc.series)
		if ok != tc.ok || (ok && !near(got, tc.want)) {
			t.Errorf("Reduce(%s, %v) = %v, %v; want %v, %v", tc.agg, tc.series, got, ok, tc.want, tc.ok)
		}
	}
}

func TestDelta(t *testing.T) {
	cases := []struct {
		value, prev, delta, pct float64
		pctOK                   bool
	}{
		{110, 100, 10, 0.10, true},
		{90, 100, -10, -0.10, true},
		{-5, -10, 5, 0.5, true}, // relative to |previous|
		{5, 0, 5, 0, false},
	}
	for _, tc := range cases {
		d, pct, ok := Delta(tc.value, tc.prev)
		if !near(d, tc.delta) || ok != tc.pctOK || (ok && !near(pct, tc.pct)) {
			t.Errorf("Delta(%v, %v) = %v, %v, %v", tc.value, tc.prev, d, pct, ok)
		}
	}
}

func TestAttainment(t *testing.T) {
	cases := []struct {
		dir                 catalog.Direction
		value, target, want float64
		ok                  bool
	}{
		{catalog.Higher, 99, 100, 0.99, true},
		{catalog.Lower, 200, 100, 0.5, true}, // twice the allowed latency: half attained
		{catalog.Lower, 50, 100, 2, true},
		{catalog.Higher, 5, 0, 0, false},
		{catalog.Lower, 0, 100, 0, false},
		{catalog.Higher, math.NaN(), 1, 0, false},
	}
	for _, tc := range cases {
		got, ok := Attainment(tc.dir, tc.value, tc.target)
		if ok != tc.ok || (ok && !near(got, tc.want)) {
			t.Errorf("Attainment(%s, %v, %v) = %v, %v", tc.dir, tc.value, tc.target, got, ok)
		}
	}
}

func f(v float64) *float64 { return &v }

func TestEvaluate(t *testing.T) {
	th := &catalog.Thresholds{Warning: f(0.99), Critical: f(0.98)}
	lowTh := &catalog.Thresholds{Warning: f(300), Critical: f(500)}
	nan := math.NaN()
	cases := []struct {
		dir    catalog.Direction
		value  float64
		th     *catalog.Thresholds
		target float64
		want   Status
	}{
		{catalog.Higher, 0.995, th, nan, StatusOK},
		{catalog.Higher, 0.99, th, nan, StatusOK}, // on the line is not worse
		{catalog.Higher, 0.985, th, nan, StatusWarning},
		{catalog.Higher, 0.97, th, nan, StatusCritical},
		{catalog.Lower, 250, lowTh, nan, StatusOK},
		{catalog.Lower, 400, lowTh, nan, StatusWarning},
		{catalog.Lower, 600, lowTh, nan, StatusCritical},
		{catalog.Higher, 0.5, nil, 0.9, StatusWarning}, // no thresholds: missing the target warns
		{catalog.Higher, 0.95, nil, 0.9, StatusOK},
		{catalog.Higher, 0.5, nil, nan, StatusOK},
		{catalog.Higher, nan, th, 0.9, StatusNoData},
	}
	for _, tc := range cases {
		if got := Evaluate(tc.dir, tc.value, tc.th, tc.target); got != tc.want {
			t.Errorf("Evaluate(%s, %v, target %v) = %s, want %s", tc.dir, tc.value, tc.target, got.Text(), tc.want.Text())
		}
	}
}

func TestStatisticAndBaseline(t *testing.T) {
	cases := []struct {
		stat string
		vals []float64
		want float64
	}{
		{"median", []float64{4, 1, 3}, 3},
		{"median", []float64{4, 1, 3, 2}, 2.5},
		{"mean", []float64{1, 2, 6}, 3},
		{"min", []float64{5, 2, 9}, 2},
		{"max", []float64{5, 2, 9}, 9},
	}
	for _, tc := range cases {
		if got, _ := Statistic(tc.stat, tc.vals); !near(got, tc.want) {
			t.Errorf("%s(%v) = %v, want %v", tc.stat, tc.vals, got, tc.want)
		}
	}
	if got := ImproveBaseline(catalog.Higher, 200, 0.05); !near(got, 210) {
		t.Errorf("higher: %v", got)
	}
	if got := ImproveBaseline(catalog.Lower, 200, 0.05); !near(got, 190) {
		t.Errorf("lower: %v", got)
	}
}

func TestScheduledTarget(t *testing.T) {
	cat, problems := catalog.Parse([]byte(`apiVersion: northstar.kpi/v1
kpis:
  - {id: k, name: K, owner: o, direction: higher, version: "1", source: p, query: {expr: up}, timezone: Europe/Berlin,
     target: {schedule: [{from: "2026-01-01", value: 0.95}, {from: "2026-07-01", value: 0.97}]}}
`))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	s := cat.KPIs[0].Target.Schedule
	berlin, _ := time.LoadLocation("Europe/Berlin")
	cases := []struct {
		at   time.Time
		want float64
	}{
		{time.Date(2025, 12, 31, 22, 59, 0, 0, time.UTC), math.NaN()},
		{time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC), 0.95}, // midnight in Berlin on Jan 1st is 23:00 UTC
		{time.Date(2025, 12, 31, 23, 0, 0, 0, berlin), math.NaN()},
		{time.Date(2026, 1, 1, 0, 0, 0, 0, berlin), 0.95},
		{time.Date(2026, 6, 30, 21, 59, 0, 0, time.UTC), 0.95},
		{time.Date(2026, 6, 30, 22, 0, 0, 0, time.UTC), 0.97}, // midnight CEST
	}
	for _, tc := range cases {
		got := ScheduledTarget(s, tc.at)
		if !(near(got, tc.want) || math.IsNaN(got) && math.IsNaN(tc.want)) {
			t.Errorf("at %v: got %v want %v", tc.at, got, tc.want)
		}
	}
}

func TestComparisonWindow(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	utc := time.UTC
	cur := Window{From: time.Date(2026, 11, 16, 0, 0, 0, 0, utc), To: time.Date(2026, 11, 23, 0, 0, 0, 0, utc)}
	cases := []struct {
		name      string
		c         catalog.Comparison
		cur       Window
		loc       *time.Location
		wantFrom  time.Time
		wantTo    time.Time
		wantLabel string
	}{
		{"previous range", catalog.Comparison{Type: catalog.ComparePreviousRange}, cur, utc,
			time.Date(2026, 11, 9, 0, 0, 0, 0, utc), cur.From, "previous 7 days"},
		{"offset", catalog.Comparison{Type: catalog.CompareOffset, Offset: catalog.Duration(24 * time.Hour)}, cur, utc,
			time.Date(2026, 11, 15, 0, 0, 0, 0, utc), time.Date(2026, 11, 22, 0, 0, 0, 0, utc), "1d earlier"},
		{"calendar week from Monday", catalog.Comparison{Type: catalog.CompareCalendar, Calendar: "week"}, cur, utc,
			time.Date(2026, 11, 16, 0, 0, 0, 0, utc), time.Date(2026, 11, 23, 0, 0, 0, 0, utc), "previous calendar week"},
		// October 2026 in Berlin has the switch from CEST to CET (25 Oct): 31 days and one hour.
		{"calendar month across DST", catalog.Comparison{Type: catalog.CompareCalendar, Calendar: "month"},
			Window{From: time.Date(2026, 11, 10, 0, 0, 0, 0, utc), To: time.Date(2026, 11, 20, 0, 0, 0, 0, utc)}, berlin,
			time.Date(2026, 9, 30, 22, 0, 0, 0, utc), time.Date(2026, 10, 31, 23, 0, 0, 0, utc), "previous calendar month"},
		{"calendar quarter", catalog.Comparison{Type: catalog.CompareCalendar, Calendar: "quarter"}, cur, utc,
			time.Date(2026, 7, 1, 0, 0, 0, 0, utc), time.Date(2026, 10, 1, 0, 0, 0, 0, utc), "previous calendar quarter"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, label := ComparisonWindow(tc.c, tc.cur, tc.loc)
			if !w.From.Equal(tc.wantFrom) || !w.To.Equal(tc.wantTo) || label != tc.wantLabel {
				t.Errorf("got %v..%v %q, want %v..%v %q", w.From.UTC(), w.To.UTC(), label, tc.wantFrom, tc.wantTo, tc.wantLabel)
			}
		})
	}
}

func TestHumanDuration(t *testing.T) {
	cases := map[time.Duration]string{
		time.Hour: "1 hour", 6 * time.Hour: "6 hours", 24 * time.Hour: "1 day",
		7 * 24 * time.Hour: "7 days", 30 * 24 * time.Hour: "30 days", 90 * time.Minute: "90 minutes",
	}
	for d, want := range cases {
		if got := HumanDuration(d); got != want {
			t.Errorf("%v: got %q want %q", d, got, want)
		}
	}
}
