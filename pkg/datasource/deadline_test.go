package datasource

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// hungUpstream accepts connections and never answers them.
func hungUpstream(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return "http://" + l.Addr().String()
}

const hungKPIs = 12

func hungCatalog() string {
	var b strings.Builder
	b.WriteString(testCatalog)
	for i := range hungKPIs {
		fmt.Fprintf(&b, `  - id: hung_%d
    name: Hung %d
    owner: team-hung
    unit: short
    direction: higher
    version: "1"
    category: platform
    source: hung
    query:
      expr: sum(increase(hung_total_%d[$__window]))
`, i, i, i)
	}
	return b.String()
}

func frameJSON(t *testing.T, fs data.Frames) string {
	t.Helper()
	var out []string
	for _, f := range fs {
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return strings.Join(out, "\n")
}

// A connection that never answers must not starve queries on other
// connections, and the request must be answered before its deadline.
func TestHungConnectionDoesNotStarveHealthyOnesAndAnswersBeforeDeadline(t *testing.T) {
	settings, err := json.Marshal(map[string]any{
		"catalog": hungCatalog(),
		"connections": []map[string]any{
			{"name": "prom", "type": "prometheus", "url": promURL, "timeoutSeconds": 30, "scrapeInterval": "1m"},
			{"name": "hung", "type": "prometheus", "url": hungUpstream(t), "timeoutSeconds": 30},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	ds := newDS(t, settings)
	to := dataset.End.Add(-3 * 24 * time.Hour)
	from := to.Add(-7 * 24 * time.Hour)
	var qs []backend.DataQuery
	for i := range hungKPIs {
		qs = append(qs, query(fmt.Sprintf("H%d", i), from, to, time.Hour, map[string]any{"kpi": fmt.Sprintf("hung_%d", i)}))
	}
	healthy := []backend.DataQuery{
		query("A", from, to, time.Hour, map[string]any{"kpi": "checkout_success"}),
		query("B", from, to, time.Hour, map[string]any{"kpi": "orders", "measures": []string{"series", "value"}}),
		query("C", from, to, time.Hour, map[string]any{"kpi": "api_fast", "measures": []string{"value"}}),
	}
	qs = append(qs, healthy...)

	// What the healthy queries answer on their own.
	want := run(t, newDS(t, settingsJSON(t, testCatalog, promURL, nil)), healthy...)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	resp, err := ds.QueryData(ctx, &backend.QueryDataRequest{Queries: qs})
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if took >= 5*time.Second {
		t.Errorf("QueryData returned after %s, not before the 5 s deadline", took)
	}
	if ctx.Err() != nil {
		t.Errorf("the request's context ran out before QueryData answered: %v", ctx.Err())
	}
	for _, q := range healthy {
		r, ok := resp.Responses[q.RefID]
		if !ok || r.Error != nil {
			t.Errorf("healthy query %s: %v", q.RefID, r.Error)
			continue
		}
		if got, exp := frameJSON(t, r.Frames), frameJSON(t, want.Responses[q.RefID].Frames); got != exp || got == "" {
			t.Errorf("healthy query %s: frames differ from the query answered alone", q.RefID)
		}
	}
	for _, region := range []string{"eu", "us"} {
		got, _ := measure(t, resp.Responses["A"].Frames, "value", data.Labels{"kpi": "checkout_success", "region": region})
		closeTo(t, region+" value", got, successRatio(region, from, to))
	}
	for i := range hungKPIs {
		r, ok := resp.Responses[fmt.Sprintf("H%d", i)]
		if !ok || r.Error == nil {
			t.Errorf("hung query H%d: want a timeout error, got none", i)
			continue
		}
		msg := r.Error.Error()
		if !strings.Contains(msg, `"hung"`) || !strings.Contains(msg, "did not answer within the time limit") {
			t.Errorf("hung query H%d: want a timeout error naming the connection, got %q", i, msg)
		}
		if r.Status != backend.StatusBadGateway {
			t.Errorf("hung query H%d: status %v, want %v", i, r.Status, backend.StatusBadGateway)
		}
	}
}

// Every query's context ends a safety margin before the request's deadline.
func TestQueryDeadlineMargin(t *testing.T) {
	now := time.Now()
	for _, c := range []struct {
		remaining, margin time.Duration
	}{
		{5 * time.Second, 500 * time.Millisecond},
		{30 * time.Second, time.Second},
		{200 * time.Millisecond, 20 * time.Millisecond},
	} {
		if got := queryDeadline(now, now.Add(c.remaining)); !got.Equal(now.Add(c.remaining - c.margin)) {
			t.Errorf("%s left: query deadline %s before the request's, want %s", c.remaining, now.Add(c.remaining).Sub(got), c.margin)
		}
	}
}
