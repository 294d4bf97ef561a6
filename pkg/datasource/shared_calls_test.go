package datasource

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/northstar/kpi/pkg/prometheus"
)

// countingProxy stands in front of the test Prometheus and counts the queries
// that reach it: the upstream calls the datasource really made. It can delay
// the queries that arrive in its first slowFor, or fail them as an overloaded
// server would.
type countingProxy struct {
	url   string
	calls atomic.Int64
	fail  atomic.Bool
}

func newCountingProxy(t *testing.T, delay, slowFor time.Duration) *countingProxy {
	t.Helper()
	target, err := url.Parse(promURL)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(target)
	p := &countingProxy{}
	created := time.Now()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/v1/query") {
			p.calls.Add(1)
		}
		if time.Since(created) < slowFor {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
		}
		if p.fail.Load() {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"status":"error","errorType":"unavailable","error":"overloaded"}`))
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	p.url = srv.URL
	return p
}

// sharedCatalog is the test catalog and the SLO catalog's payments KPI.
func sharedCatalog() string {
	return testCatalog + strings.SplitN(sloCatalog, "kpis:\n", 2)[1]
}

func sharedDS(t *testing.T, upstream string, cacheSeconds int) *Datasource {
	t.Helper()
	settings, err := json.Marshal(map[string]any{
		"catalog": sharedCatalog(),
		"connections": []map[string]any{{"name": "prom", "type": "prometheus", "url": upstream,
			"timeoutSeconds": 30, "scrapeInterval": "1m", "cacheSeconds": cacheSeconds}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return newDS(t, settings)
}

// dashboard is what one viewer's dashboard asks: every KPI's value and status,
// a series panel, and the payments SLO cards of two SLOs (events and time
// slices, burn rates).
func dashboard() []backend.DataQuery {
	to := dataset.End
	from := to.Add(-6 * time.Hour)
	return []backend.DataQuery{
		query("kpis", from, to, 5*time.Minute, map[string]any{"selector": map[string]any{}, "measures": []string{"value", "previous", "delta", "target", "status"}}),
		query("series", from, to, 5*time.Minute, map[string]any{"kpi": "checkout_success", "measures": []string{"series", "value"}}),
		query("slo", from, to, 5*time.Minute, map[string]any{"kpi": "payments", "slo": "99.9-28d", "measures": []string{"slo", "sli", "budget_remaining", "burn_rates"}}),
		query("slices", from, to, 5*time.Minute, map[string]any{"kpi": "payments", "slo": "slices", "measures": []string{"sli", "budget_time_remaining"}}),
	}
}

// answers is a response as text, query by query, for comparisons.
func answers(t *testing.T, resp *backend.QueryDataResponse, qs []backend.DataQuery) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, q := range qs {
		r := resp.Responses[q.RefID]
		if r.Error != nil {
			out[q.RefID] = "error: " + r.Error.Error()
			continue
		}
		out[q.RefID] = frameJSON(t, r.Frames)
	}
	return out
}

// burst sends n identical requests at once, each with its own deadline (none
// when 0), and returns the responses in order.
func burst(t *testing.T, ds *Datasource, n int, deadline time.Duration, qs []backend.DataQuery) []*backend.QueryDataResponse {
	t.Helper()
	out := make([]*backend.QueryDataResponse, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			if deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, deadline)
				defer cancel()
			}
			<-start
			resp, err := ds.QueryData(ctx, &backend.QueryDataRequest{Queries: qs})
			if err != nil {
				t.Error(err)
				return
			}
			out[i] = resp
		}()
	}
	close(start)
	wg.Wait()
	return out
}

// reference is one request on its own, without the cache: its answers and the
// number of upstream calls it makes.
func reference(t *testing.T, qs []backend.DataQuery) (map[string]string, int64) {
	t.Helper()
	p := newCountingProxy(t, 0, 0)
	resp := run(t, sharedDS(t, p.url, -1), qs...)
	want := answers(t, resp, qs)
	for ref, a := range want {
		if strings.HasPrefix(a, "error: ") {
			t.Fatalf("reference query %s: %s", ref, a)
		}
	}
	return want, p.calls.Load()
}

func sameAnswers(t *testing.T, what string, resps []*backend.QueryDataResponse, qs []backend.DataQuery, want map[string]string) {
	t.Helper()
	for i, resp := range resps {
		if resp == nil {
			continue // reported by burst
		}
		for ref, got := range answers(t, resp, qs) {
			if got != want[ref] {
				t.Errorf("%s, viewer %d, query %s: the answer differs from one request's alone (%.200s)", what, i, ref, got)
			}
		}
	}
}

// Fifty viewers opening the same dashboard at once cost the upstream what one
// viewer costs; a burst after the cache's TTL asks the upstream again, once.
func TestConcurrentViewersShareUpstreamCalls(t *testing.T) {
	qs := dashboard()
	want, one := reference(t, qs)
	const viewers = 50
	p := newCountingProxy(t, 0, 0)
	ds := sharedDS(t, p.url, 0) // the default TTL
	began := time.Now()
	resps := burst(t, ds, viewers, 0, qs)
	took := time.Since(began)
	st := ds.clients["prom"].Stats()
	t.Logf("one request alone: %d upstream calls; %d concurrent requests: %d upstream calls in %s (client stats %+v)", one, viewers, p.calls.Load(), took.Round(time.Millisecond), st)
	if took >= prometheus.DefaultCacheTTL {
		t.Fatalf("the burst took %s, longer than the cache's TTL: late requests had to ask again", took)
	}
	if got := p.calls.Load(); got != one || st.Sent != one {
		t.Errorf("%d concurrent identical requests made %d upstream calls (client counted %d), want %d, as one request alone", viewers, got, st.Sent, one)
	}
	sameAnswers(t, "first burst", resps, qs, want)

	// After the TTL, the answers are gone and the next burst asks again, once.
	for ds.clients["prom"].Stats().Entries > 0 {
		time.Sleep(100 * time.Millisecond)
	}
	resps = burst(t, ds, viewers, 0, qs)
	t.Logf("second burst after the TTL: %d more upstream calls", p.calls.Load()-one)
	if got := p.calls.Load(); got != 2*one {
		t.Errorf("the burst after the TTL made %d upstream calls, want %d", got-one, one)
	}
	sameAnswers(t, "second burst", resps, qs, want)
}

// A failing upstream's errors are not cached: the next request, once it has
// recovered, asks again and gets full answers.
func TestUpstreamErrorsAreNotShared(t *testing.T) {
	qs := dashboard()
	want, one := reference(t, qs)
	p := newCountingProxy(t, 0, 0)
	p.fail.Store(true)
	ds := sharedDS(t, p.url, 0)
	failing := run(t, ds, qs...)
	for _, q := range qs {
		r := failing.Responses[q.RefID]
		if r.Error == nil || !strings.Contains(r.Error.Error(), "server error") {
			t.Fatalf("query %s while the upstream fails: want its error, got %v", q.RefID, r.Error)
		}
	}
	// Counted by the client: calls that the failing request abandoned may reach
	// the proxy later.
	failed := ds.clients["prom"].Stats()
	if failed.Entries != 0 {
		t.Fatalf("errors were cached: %+v", failed)
	}
	p.fail.Store(false)
	resp := run(t, ds, qs...)
	sameAnswers(t, "after recovery", []*backend.QueryDataResponse{resp}, qs, want)
	after := ds.clients["prom"].Stats()
	t.Logf("%d calls sent while failing; after recovery the request sent %d calls (alone: %d), %d from the cache", failed.Sent, after.Sent-failed.Sent, one, after.Hits-failed.Hits)
	if got := after.Sent - failed.Sent; got != one || after.Hits != failed.Hits {
		t.Errorf("after recovery the request sent %d upstream calls and took %d from the cache, want %d and 0: nothing of the failures may be reused", got, after.Hits-failed.Hits, one)
	}
}

// A viewer with a short deadline who started the calls gets its own timeout
// errors; the viewers who joined its calls still get their answers, and the
// calls are not sent again.
func TestShortDeadlineViewerTimesOutAlone(t *testing.T) {
	qs := dashboard()
	want, one := reference(t, qs)
	// The calls it starts take 1.5 s, longer than its deadline; the later ones
	// (made by the others) are not slowed down.
	p := newCountingProxy(t, 1500*time.Millisecond, time.Second)
	ds := sharedDS(t, p.url, 0)
	impatient := make(chan *backend.QueryDataResponse, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		resp, err := ds.QueryData(ctx, &backend.QueryDataRequest{Queries: qs})
		if err != nil {
			t.Error(err)
		}
		impatient <- resp
	}()
	time.Sleep(100 * time.Millisecond) // its first calls are under way
	began := time.Now()
	resps := burst(t, ds, 10, 60*time.Second, qs)
	t.Logf("patient viewers answered in %s with %d upstream calls (alone: %d)", time.Since(began).Round(time.Millisecond), p.calls.Load(), one)
	short := <-impatient
	for _, q := range qs {
		r := short.Responses[q.RefID]
		if r.Error == nil || !strings.Contains(r.Error.Error(), "did not answer within the time limit") {
			t.Errorf("impatient viewer, query %s: want a timeout error, got %v", q.RefID, r.Error)
		}
	}
	sameAnswers(t, "patient viewers", resps, qs, want)
	if got := p.calls.Load(); got != one {
		t.Errorf("%d upstream calls, want %d: the calls the impatient viewer started must serve the others", got, one)
	}
}
