package sqlsource

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func utc(y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, time.UTC)
}

// TestBucketOffsets: offsets finds each change of the zone's UTC offset at the
// exact second, wherever the scan starts, and only the changes in [from, to].
func TestBucketOffsets(t *testing.T) {
	berlin := mustZone(t, "Europe/Berlin")
	spring := utc(2026, 3, 29, 1, 0, 0)  // 02:00 CET becomes 03:00 CEST
	autumn := utc(2026, 10, 25, 1, 0, 0) // 03:00 CEST becomes 02:00 CET
	cases := []struct {
		name     string
		from, to time.Time
		loc      *time.Location
		want     []shift // from of the first is the range's from
	}{
		{"spring", utc(2026, 3, 1, 0, 0, 0), utc(2026, 4, 15, 0, 0, 0), berlin, []shift{{offset: 3600}, {spring, 7200}}},
		{"autumn", utc(2026, 10, 1, 0, 0, 0), utc(2026, 11, 15, 0, 0, 0), berlin, []shift{{offset: 7200}, {autumn, 3600}}},
		{"whole year", utc(2026, 1, 1, 0, 0, 0), utc(2027, 1, 1, 0, 0, 0), berlin, []shift{{offset: 3600}, {spring, 7200}, {autumn, 3600}}},
		{"Berlin day midnight to midnight", utc(2026, 3, 28, 23, 0, 0), utc(2026, 3, 29, 22, 0, 0), berlin, []shift{{offset: 3600}, {spring, 7200}}},
		{"start off the hour grid", utc(2026, 3, 28, 23, 17, 31), utc(2026, 3, 30, 0, 0, 0), berlin, []shift{{offset: 3600}, {spring, 7200}}},
		{"start a second before", spring.Add(-time.Second), spring.Add(time.Hour), berlin, []shift{{offset: 3600}, {spring, 7200}}},
		{"start at the change", spring, spring.Add(48 * time.Hour), berlin, []shift{{offset: 7200}}},
		{"start a second after", autumn.Add(time.Second), autumn.Add(48 * time.Hour), berlin, []shift{{offset: 3600}}},
		{"end at the change", autumn.Add(-2 * time.Hour), autumn, berlin, []shift{{offset: 7200}, {autumn, 3600}}},
		{"end a second before the change", autumn.Add(-2 * time.Hour), autumn.Add(-time.Second), berlin, []shift{{offset: 7200}}},
		// The hourly scan must not report a change after to.
		{"end before the change, off the grid", autumn.Add(-30 * time.Minute), autumn.Add(-15 * time.Minute), berlin, []shift{{offset: 7200}}},
		{"summer", utc(2026, 6, 1, 0, 0, 0), utc(2026, 7, 1, 0, 0, 0), berlin, []shift{{offset: 7200}}},
		{"empty range", spring, spring, berlin, []shift{{offset: 7200}}},
		{"UTC", utc(2026, 1, 1, 0, 0, 0), utc(2027, 2, 5, 0, 0, 0), time.UTC, []shift{{offset: 0}}},
		{"New York", utc(2026, 1, 1, 0, 0, 0), utc(2027, 1, 1, 0, 0, 0), mustZone(t, "America/New_York"),
			[]shift{{offset: -5 * 3600}, {utc(2026, 3, 8, 7, 0, 0), -4 * 3600}, {utc(2026, 11, 1, 6, 0, 0), -5 * 3600}}},
		// Half-hour daylight saving time.
		{"Lord Howe", utc(2026, 1, 1, 0, 0, 0), utc(2027, 1, 1, 0, 0, 0), mustZone(t, "Australia/Lord_Howe"),
			[]shift{{offset: 39600}, {utc(2026, 4, 4, 15, 0, 0), 37800}, {utc(2026, 10, 3, 15, 30, 0), 39600}}},
		{"Kolkata", utc(2026, 1, 1, 0, 0, 0), utc(2027, 1, 1, 0, 0, 0), mustZone(t, "Asia/Kolkata"), []shift{{offset: 19800}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := append([]shift(nil), tc.want...)
			want[0].from = tc.from
			got := offsets(tc.from, tc.to, tc.loc)
			if len(got) != len(want) {
				t.Fatalf("got %d shifts %v, want %v", len(got), fmtShifts(got), fmtShifts(want))
			}
			for i := range want {
				if !got[i].from.Equal(want[i].from) || got[i].offset != want[i].offset {
					t.Errorf("shift %d: got %v, want %v", i, fmtShifts(got[i:i+1]), fmtShifts(want[i:i+1]))
				}
			}
			// At the exact second: the second before has the old offset.
			for i := 1; i < len(got); i++ {
				_, before := got[i].from.Add(-time.Second).In(tc.loc).Zone()
				_, at := got[i].from.In(tc.loc).Zone()
				if before != got[i-1].offset || at != got[i].offset {
					t.Errorf("shift %d at %s: offset %d the second before and %d at it", i, got[i].from, before, at)
				}
			}
		})
	}
}

// TestBucketOffsetsMissNoChange compares offsets over many years and zones
// with a scan every 15 minutes.
func TestBucketOffsetsMissNoChange(t *testing.T) {
	for _, name := range []string{"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Sao_Paulo", "Europe/London", "UTC"} {
		loc := mustZone(t, name)
		from, to := utc(2019, 1, 1, 0, 0, 0), utc(2027, 1, 1, 0, 0, 0)
		changes := 0
		_, prev := from.In(loc).Zone()
		for tm := from; tm.Before(to); tm = tm.Add(15 * time.Minute) {
			if _, o := tm.In(loc).Zone(); o != prev {
				changes, prev = changes+1, o
			}
		}
		if got := offsets(from, to, loc); len(got)-1 != changes {
			t.Errorf("%s: %d changes, the scan found %d: %v", name, len(got)-1, changes, fmtShifts(got))
		}
	}
}

func fmtShifts(ss []shift) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = fmt.Sprintf("{%s %+d}", s.from.UTC().Format(time.RFC3339), s.offset)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// TestBucketDayLengths: whole-day steps are local days, 23, 24 or 25 hours
// long, from the local midnight at or before the window's start.
func TestBucketDayLengths(t *testing.T) {
	berlin := mustZone(t, "Europe/Berlin")
	h := time.Hour
	cases := []struct {
		name     string
		from, to time.Time
		step     time.Duration
		loc      *time.Location
		origin   time.Time
		lengths  []time.Duration
	}{
		{"Berlin spring", utc(2026, 3, 26, 23, 0, 0), utc(2026, 3, 31, 22, 0, 0), 24 * h, berlin,
			utc(2026, 3, 26, 23, 0, 0), []time.Duration{24 * h, 24 * h, 23 * h, 24 * h, 24 * h}},
		{"Berlin autumn", utc(2026, 10, 22, 22, 0, 0), utc(2026, 10, 27, 23, 0, 0), 24 * h, berlin,
			utc(2026, 10, 22, 22, 0, 0), []time.Duration{24 * h, 24 * h, 25 * h, 24 * h, 24 * h}},
		{"Berlin autumn, window starts mid-day", utc(2026, 10, 23, 9, 30, 0), utc(2026, 10, 26, 23, 0, 0), 24 * h, berlin,
			utc(2026, 10, 22, 22, 0, 0), []time.Duration{24 * h, 24 * h, 25 * h, 24 * h}},
		{"Berlin autumn, window ends mid-day", utc(2026, 10, 23, 22, 0, 0), utc(2026, 10, 26, 12, 0, 0), 24 * h, berlin,
			utc(2026, 10, 23, 22, 0, 0), []time.Duration{24 * h, 25 * h}},
		{"Berlin two-day steps", utc(2026, 3, 27, 23, 0, 0), utc(2026, 4, 2, 22, 0, 0), 48 * h, berlin,
			utc(2026, 3, 27, 23, 0, 0), []time.Duration{47 * h, 48 * h, 48 * h}},
		{"Berlin weeks", utc(2026, 10, 18, 22, 0, 0), utc(2026, 11, 8, 23, 0, 0), 7 * 24 * h, berlin,
			utc(2026, 10, 18, 22, 0, 0), []time.Duration{7*24*h + h, 7 * 24 * h, 7 * 24 * h}},
		{"UTC days", utc(2026, 10, 23, 0, 0, 0), utc(2026, 10, 27, 0, 0, 0), 24 * h, time.UTC,
			utc(2026, 10, 23, 0, 0, 0), []time.Duration{24 * h, 24 * h, 24 * h, 24 * h}},
		{"Lord Howe, 23.5 h", utc(2026, 10, 2, 13, 30, 0), utc(2026, 10, 5, 13, 0, 0), 24 * h, mustZone(t, "Australia/Lord_Howe"),
			utc(2026, 10, 2, 13, 30, 0), []time.Duration{24 * h, 23*h + 30*time.Minute, 24 * h}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := seriesBuckets(kpimath.Window{From: tc.from, To: tc.to}, tc.step, tc.loc)
			if !b.origin.Equal(tc.origin) {
				t.Errorf("origin %s, want %s", b.origin.UTC(), tc.origin)
			}
			if n := b.count(); n != len(tc.lengths) {
				t.Fatalf("%d buckets, want %d", n, len(tc.lengths))
			}
			start := b.origin
			for i, want := range tc.lengths {
				end := b.endOf(i)
				if got := end.Sub(start); got != want {
					t.Errorf("bucket %d [%s, %s) is %v, want %v", i, start.UTC(), end.UTC(), got, want)
				}
				if l := end.In(tc.loc); l.Hour() != 0 || l.Minute() != 0 || l.Second() != 0 {
					t.Errorf("bucket %d ends at %s, not at a local midnight", i, l)
				}
				start = end
			}
			if !b.end.Equal(start) || b.end.After(tc.to) {
				t.Errorf("end %s, want %s (not after %s)", b.end.UTC(), start.UTC(), tc.to)
			}
		})
	}
}

// TestBucketSubDayStepsOnUTCGrid: steps that are not whole days are fixed
// lengths on the UTC step grid whatever the KPI's zone, and their SQL has no
// offset CASE.
func TestBucketSubDayStepsOnUTCGrid(t *testing.T) {
	berlin := mustZone(t, "Europe/Berlin")
	k := bucketKPI(t, "Europe/Berlin")
	// The window holds the autumn change (2026-10-25T01:00Z).
	w := kpimath.Window{From: utc(2026, 10, 24, 13, 7, 41), To: utc(2026, 10, 26, 2, 53, 5)}
	for _, step := range []time.Duration{time.Second, 90 * time.Second, 5 * time.Minute, time.Hour, 6 * time.Hour, 7 * time.Hour, 36 * time.Hour, 25 * time.Hour} {
		t.Run(step.String(), func(t *testing.T) {
			b := seriesBuckets(w, step, berlin)
			if b.days != 0 || b.loc != time.UTC || len(b.shifts) != 0 {
				t.Fatalf("days %d loc %s shifts %v: want a UTC grid", b.days, b.loc, b.shifts)
			}
			if !b.origin.Equal(w.From.Truncate(step)) || !b.end.Equal(w.To.Truncate(step)) {
				t.Errorf("[%s, %s), want [%s, %s)", b.origin, b.end, w.From.Truncate(step), w.To.Truncate(step))
			}
			// Steps that divide a day are on the Unix grid too (others are on
			// time.Truncate's grid, as the Prometheus source aligns them).
			if (24*time.Hour)%step == 0 && b.origin.Unix()%int64(step/time.Second) != 0 {
				t.Errorf("origin %s is not on the UTC grid of %v", b.origin, step)
			}
			n := b.count()
			for i := 0; i < n; i++ {
				if got := b.endOf(i).Sub(b.origin); got != time.Duration(i+1)*step {
					t.Fatalf("bucket %d ends %v after the origin", i, got)
				}
			}
			for _, d := range []Dialect{postgres{}, mysql{}, sqlite{}} {
				if expr := newStructured(d, k).bucketExpression(b); strings.Contains(expr, "CASE") {
					t.Errorf("%s: a sub-day step has an offset CASE: %s", d.Name(), expr)
				}
			}
		})
	}
}

func bucketKPI(t *testing.T, zone string) *catalog.KPI {
	t.Helper()
	cat, problems := catalog.Parse([]byte(`apiVersion: northstar.kpi/v1
kpis:
  - {id: orders, name: Orders, owner: shop, version: "1", direction: higher, source: db, timezone: ` + zone + `,
     query: {sql: {table: orders, timeColumn: created_at, measure: {agg: count}}}}
`))
	if problems != nil {
		t.Fatal(problems)
	}
	return &cat.KPIs[0]
}

// TestBucketCounts: the number of buckets for ranges from a second to 400
// days: whole steps of the range, as Prometheus aligns its points.
func TestBucketCounts(t *testing.T) {
	berlin := mustZone(t, "Europe/Berlin")
	t0 := utc(2026, 10, 20, 10, 0, 0)
	bNewYear := time.Date(2026, 1, 1, 0, 0, 0, 0, berlin)
	d := 24 * time.Hour
	cases := []struct {
		name     string
		from, to time.Time
		step     time.Duration
		loc      *time.Location
		want     int
	}{
		{"1s at 1s", t0, t0.Add(time.Second), time.Second, time.UTC, 1},
		{"1s off the second at 1s", t0.Add(500 * time.Millisecond), t0.Add(1500 * time.Millisecond), time.Second, time.UTC, 1},
		{"999ms inside a second", t0.Add(time.Millisecond), t0.Add(time.Second), time.Second, time.UTC, 1},
		{"1s at 1m", t0.Add(30 * time.Second), t0.Add(31 * time.Second), time.Minute, time.UTC, 0},
		{"59s across a minute at 1m", t0.Add(30 * time.Second), t0.Add(89 * time.Second), time.Minute, time.UTC, 1},
		{"1h at 5m", t0, t0.Add(time.Hour), 5 * time.Minute, time.UTC, 12},
		{"1h off the grid at 5m", t0.Add(2 * time.Minute), t0.Add(62 * time.Minute), 5 * time.Minute, time.UTC, 12},
		{"1d at 1h", t0, t0.Add(d), time.Hour, time.UTC, 24},
		{"Berlin's 25 h day at 1h", utc(2026, 10, 24, 22, 0, 0), utc(2026, 10, 25, 23, 0, 0), time.Hour, berlin, 25},
		{"Berlin's 23 h day at 1h", utc(2026, 3, 28, 23, 0, 0), utc(2026, 3, 29, 22, 0, 0), time.Hour, berlin, 23},
		{"Berlin's 25 h day at 1d", utc(2026, 10, 24, 22, 0, 0), utc(2026, 10, 25, 23, 0, 0), d, berlin, 1},
		{"Berlin's 23 h day at 1d", utc(2026, 3, 28, 23, 0, 0), utc(2026, 3, 29, 22, 0, 0), d, berlin, 1},
		{"Berlin 23 h of the 25 h day at 1d", utc(2026, 10, 24, 22, 0, 0), utc(2026, 10, 25, 21, 0, 0), d, berlin, 0},
		{"10 h at 1d", t0, t0.Add(10 * time.Hour), d, berlin, 0},
		{"7d at 5m", t0, t0.Add(7 * d), 5 * time.Minute, time.UTC, 2016},
		{"28d at 1h", t0, t0.Add(28 * d), time.Hour, berlin, 672},
		{"30d at 1d", utc(2026, 10, 1, 0, 0, 0), utc(2026, 10, 31, 0, 0, 0), d, time.UTC, 30},
		{"Berlin October at 1d", time.Date(2026, 10, 1, 0, 0, 0, 0, berlin), time.Date(2026, 11, 1, 0, 0, 0, 0, berlin), d, berlin, 31},
		{"400d at 1d", utc(2026, 1, 1, 0, 0, 0), utc(2026, 1, 1, 0, 0, 0).Add(400 * d), d, time.UTC, 400},
		{"400 Berlin days at 1d", bNewYear, bNewYear.AddDate(0, 0, 400), d, berlin, 400},
		{"400d at 1h", utc(2026, 1, 1, 0, 0, 0), utc(2026, 1, 1, 0, 0, 0).Add(400 * d), time.Hour, time.UTC, 9600},
		{"400d at 1h in Berlin", utc(2026, 1, 1, 0, 0, 0), utc(2026, 1, 1, 0, 0, 0).Add(400 * d), time.Hour, berlin, 9600},
		{"400d at 5m", utc(2026, 1, 1, 0, 0, 0), utc(2026, 1, 1, 0, 0, 0).Add(400 * d), 5 * time.Minute, time.UTC, 115200},
		{"400 Berlin days at 7d", bNewYear, bNewYear.AddDate(0, 0, 400), 7 * d, berlin, 57},
		{"400 Berlin days at 30d", bNewYear, bNewYear.AddDate(0, 0, 400), 30 * d, berlin, 13},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := seriesBuckets(kpimath.Window{From: tc.from, To: tc.to}, tc.step, tc.loc)
			n := b.count()
			if n != tc.want {
				t.Fatalf("%d buckets, want %d", n, tc.want)
			}
			if n == 0 {
				if !b.end.Equal(b.origin) {
					t.Errorf("no bucket, but [%s, %s)", b.origin, b.end)
				}
				return
			}
			if !b.endOf(n - 1).Equal(b.end) {
				t.Errorf("the last bucket ends at %s, the buckets at %s", b.endOf(n-1), b.end)
			}
			if b.end.After(tc.to) {
				t.Errorf("the buckets end at %s, after the window's end %s", b.end, tc.to)
			}
		})
	}
}

// TestBucketArithmetic evaluates the bucket expression as the SQL does (whole
// seconds, the offset CASE, floor) for instants all over the buckets, and
// checks that each lands in the bucket whose [start, end) holds it.
func TestBucketArithmetic(t *testing.T) {
	berlin := mustZone(t, "Europe/Berlin")
	cases := []struct {
		name string
		w    kpimath.Window
		step time.Duration
		loc  *time.Location
	}{
		{"Berlin days, autumn", kpimath.Window{From: utc(2026, 10, 20, 9, 0, 0), To: utc(2026, 10, 30, 0, 0, 0)}, 24 * time.Hour, berlin},
		{"Berlin days, spring", kpimath.Window{From: utc(2026, 3, 25, 0, 0, 0), To: utc(2026, 4, 3, 0, 0, 0)}, 24 * time.Hour, berlin},
		{"Berlin two days, both changes", kpimath.Window{From: utc(2026, 3, 1, 0, 0, 0), To: utc(2026, 11, 30, 0, 0, 0)}, 48 * time.Hour, berlin},
		{"Berlin weeks, a year", kpimath.Window{From: utc(2026, 1, 1, 0, 0, 0), To: utc(2027, 1, 1, 0, 0, 0)}, 7 * 24 * time.Hour, berlin},
		{"New York days", kpimath.Window{From: utc(2026, 10, 28, 0, 0, 0), To: utc(2026, 11, 4, 0, 0, 0)}, 24 * time.Hour, mustZone(t, "America/New_York")},
		{"Lord Howe days", kpimath.Window{From: utc(2026, 3, 30, 0, 0, 0), To: utc(2026, 10, 8, 0, 0, 0)}, 24 * time.Hour, mustZone(t, "Australia/Lord_Howe")},
		{"Kolkata days", kpimath.Window{From: utc(2026, 10, 20, 0, 0, 0), To: utc(2026, 10, 30, 0, 0, 0)}, 24 * time.Hour, mustZone(t, "Asia/Kolkata")},
		{"UTC days", kpimath.Window{From: utc(2026, 10, 20, 0, 0, 0), To: utc(2026, 10, 30, 0, 0, 0)}, 24 * time.Hour, time.UTC},
		{"Berlin hours across autumn", kpimath.Window{From: utc(2026, 10, 24, 0, 0, 0), To: utc(2026, 10, 26, 0, 0, 0)}, time.Hour, berlin},
		{"Berlin 7 h across spring", kpimath.Window{From: utc(2026, 3, 28, 0, 0, 0), To: utc(2026, 3, 31, 0, 0, 0)}, 7 * time.Hour, berlin},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := seriesBuckets(tc.w, tc.step, tc.loc)
			n := b.count()
			if n == 0 {
				t.Fatal("no buckets")
			}
			// Instants: every 20 minutes, each bucket's edges and each
			// offset change, and the seconds around them.
			var probes []time.Time
			for tm := b.origin; tm.Before(b.end); tm = tm.Add(20 * time.Minute) {
				probes = append(probes, tm)
			}
			for i := 0; i < n; i++ {
				probes = append(probes, b.endOf(i))
			}
			for _, s := range b.shifts {
				probes = append(probes, s.from)
			}
			var all []time.Time
			for _, p := range probes {
				for _, d := range []time.Duration{-time.Second, 0, time.Second} {
					if tm := p.Add(d); !tm.Before(b.origin) && tm.Before(b.end) {
						all = append(all, tm)
					}
				}
			}
			for _, tm := range all {
				got := sqlBucket(b, tm.Unix())
				want := -1
				start := b.origin
				for i := 0; i < n; i++ {
					if !tm.Before(start) && tm.Before(b.endOf(i)) {
						want = i
						break
					}
					start = b.endOf(i)
				}
				if got != want {
					t.Fatalf("%s (%s): bucket %d by the SQL, %d by the boundaries %v", tm.UTC(), tm.In(tc.loc), got, want, fmtShifts(b.shifts))
				}
			}
		})
	}
}

// sqlBucket is bucketExpression evaluated for a row at epoch e (seconds).
func sqlBucket(b buckets, e int64) int {
	origin := b.origin.Unix()
	if len(b.shifts) > 1 || len(b.shifts) == 1 && b.shifts[0].offset != 0 {
		off := int64(b.shifts[len(b.shifts)-1].offset)
		for i := 1; i < len(b.shifts); i++ {
			if e < b.shifts[i].from.Unix() {
				off = int64(b.shifts[i-1].offset)
				break
			}
		}
		e += off
		origin += int64(b.shifts[0].offset)
	}
	step := int64(b.step / time.Second)
	q := (e - origin) / step
	if (e-origin)%step < 0 {
		q--
	}
	return int(q)
}

// TestBucketExpressionMatchesShifts: the SQL of a day-step bucket binds the
// origin in local seconds, the step, and in the CASE each change's instant with
// the offset before it, in order; the last offset is the ELSE.
func TestBucketExpressionMatchesShifts(t *testing.T) {
	k := bucketKPI(t, "Europe/Berlin")
	w := kpimath.Window{From: utc(2026, 1, 1, 0, 0, 0), To: utc(2027, 1, 1, 0, 0, 0)}
	b := seriesBuckets(w, 24*time.Hour, k.Location())
	g := newStructured(mysql{}, k)
	st := g.p.render(g.d, g.bucketExpression(b))
	want := "FLOOR(((UNIX_TIMESTAMP(`created_at`) + CASE WHEN UNIX_TIMESTAMP(`created_at`) < ? THEN ? WHEN UNIX_TIMESTAMP(`created_at`) < ? THEN ? ELSE ? END) - ?) / ?)"
	if st.SQL != want {
		t.Fatalf("expression\n got %s\nwant %s", st.SQL, want)
	}
	origin := time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC) // Berlin's 2026-01-01 00:00
	wantArgs := []any{
		utc(2026, 3, 29, 1, 0, 0).Unix(), int64(3600),
		utc(2026, 10, 25, 1, 0, 0).Unix(), int64(7200),
		int64(3600),
		origin.Unix() + 3600, int64(86400),
	}
	if fmt.Sprint(st.Args) != fmt.Sprint(wantArgs) {
		t.Errorf("args %v, want %v", st.Args, wantArgs)
	}
}
