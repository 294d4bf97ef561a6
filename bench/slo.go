package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/northstar/kpi/pkg/datasource"
)

// sloCard measures one request for the full SLO card (SLI, budget, the four
// burn pairs with their burn rates, time to exhaustion) of n ratio KPIs with a
// 28-day SLO each, and counts the upstream calls with a proxy in front of
// Prometheus, so the count is what Prometheus actually received.
func sloCard(promURL string, n, runs int, to time.Time) {
	target, _ := url.Parse(promURL)
	var calls atomic.Int64
	var mu sync.Mutex
	var sent []url.Values
	proxy := httputil.NewSingleHostReverseProxy(target)
	counting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if form, err := url.ParseQuery(string(body)); err == nil && form.Get("query") != "" {
			mu.Lock()
			sent = append(sent, form)
			mu.Unlock()
		}
		proxy.ServeHTTP(w, r)
	}))
	defer counting.Close()

	ds := sloDatasource(counting.URL, n)
	q, _ := json.Marshal(map[string]any{"selector": map[string]any{}, "measures": []string{"slo"}})
	req := &backend.QueryDataRequest{Queries: []backend.DataQuery{{
		RefID: "A", JSON: q, TimeRange: backend.TimeRange{From: to.Add(-time.Hour), To: to},
	}}}
	var frames int
	run := func() {
		resp, err := ds.QueryData(context.Background(), req)
		if err != nil || resp.Responses["A"].Error != nil {
			panic(fmt.Sprint(err, resp.Responses["A"].Error))
		}
		if _, err := resp.Responses["A"].Frames.MarshalArrow(); err != nil {
			panic(err)
		}
		frames = len(resp.Responses["A"].Frames)
	}
	calls.Store(0)
	run()
	perRequest := calls.Load()
	latency := median(runs, run)
	slowest, sum := direct(promURL, sent[:perRequest], runs)
	fmt.Printf("%-6d %-12s %-16d %-8d %-26s %.2f\n", n, latency.Round(time.Millisecond), perRequest, frames, slowest.Round(time.Millisecond), float64(latency)/float64(slowest))
	fmt.Printf("the card's %d upstream queries sent directly one after another: %s in all (%.2f of it is the card's latency)\n", perRequest, sum.Round(time.Millisecond), float64(latency)/float64(sum))
}

// direct sends each of the card's upstream queries straight to Prometheus, one
// at a time, and returns the median latency of the slowest (the card cannot be
// faster) and the sum of the medians (what Prometheus spends on the card).
func direct(promURL string, queries []url.Values, runs int) (slowest, sum time.Duration) {
	for _, form := range queries {
		d := median(runs, func() {
			resp, err := http.PostForm(promURL+"/api/v1/query", form)
			if err != nil {
				panic(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		})
		slowest = max(slowest, d)
		sum += d
	}
	return slowest, sum
}

// sloDatasource is n ratio KPIs with distinct PromQL (nothing deduplicates across
// KPIs), a region dimension and a 99.9 % SLO over a rolling 28 days.
func sloDatasource(promURL string, n int) *datasource.Datasource {
	var b strings.Builder
	b.WriteString("apiVersion: northstar.kpi/v1\nkpis:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `  - id: slo%d
    name: SLO %d
    owner: o
    direction: higher
    version: "1"
    source: prom
    dimensions: [region]
    query:
      ratio:
        bad: payments_requests_total{job="payments", code="500", instance!="none%d"}
        total: payments_requests_total{job="payments", instance!="none%d"}
    slo: {objective: 0.999, window: {rolling: 28d}}
`, i, i, i, i)
	}
	settings, _ := json.Marshal(map[string]any{"catalog": b.String(), "connections": []map[string]any{{"name": "prom", "url": promURL, "timeoutSeconds": 60, "cacheSeconds": -1}}})
	inst, err := datasource.New(context.Background(), backend.DataSourceInstanceSettings{UID: fmt.Sprint("slo-bench", n), JSONData: settings})
	if err != nil {
		panic(err)
	}
	return inst.(*datasource.Datasource)
}
