package promsuite_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// TestHostileWindowsAndStepsAreBoundedBeforeAnyCall: burn windows outside the
// data's resolution and the SLO's window, and a burndown that would need
// thousands of one-second slices, are refused with a clear error before any
// upstream call; steps of 1 ms and 1e15 ms are clamped, not forwarded; the
// SLO card costs one upstream call and the card with its burndown two.
func TestHostileWindowsAndStepsAreBoundedBeforeAnyCall(t *testing.T) {
	at := history.End.Add(seed0)
	cases := []struct {
		name     string
		slo      string
		kpi      string
		measures []string
		step     time.Duration
		calls    int64
		err      string // "" when the query must answer
	}{
		{"SLO card", "99.9-28d", "payments", []string{"slo"}, time.Minute, 1, ""},
		{"SLO card and burndown", "99.9-28d", "payments", []string{"slo", "budget_burndown"}, time.Minute, 2, ""},
		{"one-second burn window", "99.9-28d", "payments", []string{"burn_rate_1s"}, time.Minute, 0, "shorter than the data's resolution, 15s (the scrape interval of connection \"prom\")"},
		{"one-second burn window with burndown", "99.9-28d", "payments", []string{"burn_rate_1s", "budget_burndown"}, time.Minute, 0, "shorter than the data's resolution"},
		{"just under the scrape interval", "99.9-28d", "payments", []string{"burn_rate_14s"}, time.Minute, 0, "shorter than the data's resolution"},
		{"a year on a 28-day SLO", "99.9-28d", "payments", []string{"burn_rate_365d"}, time.Minute, 0, "longer than the SLO's window (28d)"},
		{"292 years", "99.9-28d", "payments", []string{"burn_rate_106751d"}, time.Minute, 0, "longer than the SLO's window"},
		{"window beyond time.Duration", "99.9-28d", "payments", []string{"burn_rate_99999999999d"}, time.Minute, 0, "burn_rate_99999999999d"},
		{"odd burn window with burndown", "99.9-28d", "payments", []string{"burn_rate_17s", "budget_burndown"}, time.Minute, 2, ""},
		{"a year of ten-second slices", "tiny-slices", "payments", []string{"sli"}, time.Minute, 0, "more than 100 upstream calls for one KPI"},
		{"step of 1 ms", "", "orders_sum", []string{"series", "value"}, time.Millisecond, 2, ""},
		{"step of 1e15 ms", "", "orders_sum", []string{"series", "value"}, overflowed(1e15), 2, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds, calls := newDS(t, "15s")
			q := query("A", at.Add(-6*time.Hour), at, c.step, map[string]any{"kpi": c.kpi, "slo": c.slo, "measures": c.measures})
			resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{q}})
			if err != nil {
				t.Fatal(err)
			}
			r := resp.Responses["A"]
			switch {
			case c.err == "" && r.Error != nil:
				t.Fatalf("want an answer, got %v", r.Error)
			case c.err != "" && (r.Error == nil || !strings.Contains(r.Error.Error(), c.err)):
				t.Fatalf("want an error with %q, got %v", c.err, r.Error)
			case c.err == "" && len(r.Frames) == 0:
				t.Fatal("no frames")
			}
			if n := calls.Load(); n != c.calls {
				t.Errorf("%d upstream calls, want %d", n, c.calls)
			}
		})
	}
}

// seed0 is an instant inside the outage, off every grid.
const seed0 = -(2*time.Hour + 47*time.Minute + 31*time.Second)

// overflowed is an intervalMs as the SDK turns it into a Duration, wrapping
// around when it does not fit.
func overflowed(ms int64) time.Duration { return time.Duration(ms) * time.Millisecond }
