package datasource

import (
	"fmt"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// The step keeps every range query within Prometheus's 11,000 points, is a whole
// number of seconds, and never exceeds the range (or 1 s for shorter ones).
func TestStepForEveryRangeAndInterval(t *testing.T) {
	var ranges []time.Duration
	for r := time.Second; r <= 400*24*time.Hour; r = r*13/10 + 7*time.Millisecond {
		ranges = append(ranges, r)
	}
	ranges = append(ranges, time.Millisecond, 999*time.Millisecond, 1500*time.Millisecond, 6*time.Hour, 11000*time.Second, 11001*time.Second, 22000*time.Second+time.Millisecond, 400*24*time.Hour)
	var intervals []time.Duration
	for i := time.Millisecond; i <= 24*time.Hour; i = i*17/10 + time.Millisecond {
		intervals = append(intervals, i)
	}
	intervals = append(intervals, 0, -time.Second, time.Second, 15*time.Second, time.Minute, time.Hour, 24*time.Hour,
		hugeInterval,
		time.Duration(1<<63-1))
	from := time.Date(2026, 11, 3, 10, 17, 23, 456e6, time.UTC)
	for _, rng := range ranges {
		for _, iv := range intervals {
			q := backend.DataQuery{TimeRange: backend.TimeRange{From: from, To: from.Add(rng)}, Interval: iv}
			step := stepFor(q)
			what := fmt.Sprintf("range %s interval %s: step %s", rng, iv, step)
			if step < time.Second || step%time.Second != 0 {
				t.Fatalf("%s: not a whole number of seconds >= 1s", what)
			}
			if step > max(rng, time.Second) {
				t.Fatalf("%s: longer than the range", what)
			}
			if float64(rng)/float64(step) > maxPoints {
				t.Fatalf("%s: %.0f points", what, float64(rng)/float64(step))
			}
			// The points Prometheus returns: the step grid in (From, To].
			start, end := q.TimeRange.From.Truncate(step).Add(step), q.TimeRange.To.Truncate(step)
			if n := end.Sub(start)/step + 1; end.After(start) && n > maxPoints {
				t.Fatalf("%s: %d aligned points", what, n)
			}
			if iv >= time.Second && iv <= rng && iv%time.Second == 0 && rng/iv <= maxPoints && step != iv {
				t.Fatalf("%s: a usable interval must be kept", what)
			}
		}
	}
}

// An alert rule over 6 h at a 1 s interval answers (it exceeded Prometheus's
// 11,000 points when the widened step was rounded down to 1 s).
func TestAlertRuleSixHoursAtOneSecond(t *testing.T) {
	ds := newDS(t, settingsJSON(t, testCatalog, promURL, nil))
	to := dataset.End.Add(-24 * time.Hour)
	for _, c := range []struct {
		name     string
		from     time.Time
		interval time.Duration
		measures []string
	}{
		{"6h at 1s", to.Add(-6 * time.Hour), time.Second, []string{"value"}},
		{"6h at 1s series", to.Add(-6 * time.Hour), time.Second, []string{"series"}},
		{"1 ms range", to.Add(-time.Millisecond), time.Second, []string{"value", "series"}},
		{"1 ms range off the grid", to.Add(-time.Millisecond + 500*time.Millisecond), time.Second, []string{"value", "series"}},
		{"intervalMs 1e15", to.Add(-6 * time.Hour), hugeInterval, []string{"value", "series"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			end := to
			if c.name == "1 ms range off the grid" {
				end = to.Add(500 * time.Millisecond)
			}
			resp := run(t, ds, query("A", c.from, end, c.interval, map[string]any{"kpi": "orders", "measures": c.measures}))
			r := resp.Responses["A"]
			if r.Error != nil {
				t.Fatal(r.Error)
			}
			if c.name == "6h at 1s series" {
				// The step is raised to 2 s: 10,800 points per series.
				for _, f := range r.Frames {
					if n := f.Rows(); n != 10800 {
						t.Errorf("frame %s: %d points, want 10800", f.Fields[1].Name, n)
					}
				}
			}
		})
	}
}

// hugeInterval is intervalMs 1e15 as the SDK converts it (time.Duration(ms) *
// time.Millisecond), which overflows.
var hugeInterval = time.Duration(hugeIntervalMs) * time.Millisecond

var hugeIntervalMs int64 = 1e15
