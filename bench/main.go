// Command bench compares the latency of a QueryData call with the latency of the
// same PromQL sent straight to Prometheus, over the same range, for 1 and for 50
// KPIs in one request, against a real Prometheus seeded with seed.Default().
//
// It then times the full SLO card of 100 KPIs over a 28-day window and counts the
// upstream queries it made.
//
//	go run ./bench [-runs 30] [-slo-runs 5]
//
// With -sql it runs the SQL benchmark instead (sql.go): generated SQL against
// hand-written SQL and the QueryData call on PostgreSQL, MariaDB and SQLite.
//
//	go run ./bench -sql [-sql-runs 15] [-sql-days 365] [-sql-dialects postgres,mysql,sqlite] [-sql-explain] [-sql-proposed]
//
// With -load it runs the load benchmark instead (load.go): concurrent viewers of a
// 100-KPI dashboard and its SLO card through the built plugin executable over gRPC
// (docs/load.md).
//
//	go run ./bench -load [-load-viewers 50] [-load-kpis 100] [-load-duration 60s]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/northstar/kpi/internal/promtest"
	"github.com/northstar/kpi/internal/seed"
	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/datasource"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/prometheus"
)

func main() {
	runs := flag.Int("runs", 30, "measured runs per case (after 3 warm-up runs)")
	sloRuns := flag.Int("slo-runs", 5, "measured runs of the 100-KPI SLO card")
	sqlMode := flag.Bool("sql", false, "run the SQL benchmark (PostgreSQL, MariaDB, SQLite) instead of the Prometheus one")
	sqlRuns := flag.Int("sql-runs", 15, "SQL benchmark: measured runs per variant")
	sqlWarmup := flag.Int("sql-warmup", 3, "SQL benchmark: warm-up runs per variant")
	sqlDays := flag.Int("sql-days", 365, "SQL benchmark: days of events to load (sqltest.Generate; about 4,100 requests a day)")
	sqlDialects := flag.String("sql-dialects", "postgres,mysql,sqlite", "SQL benchmark: dialects to run")
	sqlExplain := flag.Bool("sql-explain", false, "SQL benchmark: print each statement with its plan (EXPLAIN ANALYZE, ANALYZE, EXPLAIN QUERY PLAN)")
	sqlProposed := flag.Bool("sql-proposed", false, "SQL benchmark: also time proposed forms of the generated SQL (bench/sqlproposed.go)")
	loadMode := flag.Bool("load", false, "run the load benchmark (concurrent viewers through the built plugin executable) instead of the Prometheus one")
	loadViewers := flag.Int("load-viewers", 50, "load benchmark: concurrent viewers")
	loadKPIs := flag.Int("load-kpis", 100, "load benchmark: KPIs on the dashboard")
	loadDuration := flag.Duration("load-duration", 60*time.Second, "load benchmark: how long the viewers keep refreshing")
	loadTimeout := flag.Duration("load-timeout", 30*time.Second, "load benchmark: deadline of each request (a request past it is an error)")
	loadIdle := flag.Duration("load-idle", 5*time.Second, "load benchmark: idle time after the load before reading the RSS again")
	loadRefresh := flag.Duration("load-refresh", 0, "load benchmark: each viewer's dashboard refresh interval (0: back to back, a stress test)")
	loadGPX := flag.String("load-gpx", "", "load benchmark: plugin executable (default $NORTHSTAR_GPX, else dist/, rebuilt when older than the sources)")
	flag.Parse()
	if *loadMode {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		opt := loadOptions{viewers: *loadViewers, kpis: *loadKPIs, duration: *loadDuration, timeout: *loadTimeout, idle: *loadIdle, gpx: *loadGPX, refresh: *loadRefresh}
		if err := runLoad(ctx, opt); err != nil {
			fmt.Fprintln(os.Stderr, "bench -load:", err)
			stop()
			os.Exit(1)
		}
		return
	}
	if *sqlMode {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		opt := sqlOptions{runs: *sqlRuns, warmup: *sqlWarmup, days: *sqlDays, explain: *sqlExplain, proposed: *sqlProposed, dialects: strings.Split(*sqlDialects, ",")}
		if err := runSQL(ctx, opt); err != nil {
			fmt.Fprintln(os.Stderr, "bench -sql:", err)
			stop()
			os.Exit(1)
		}
		return
	}
	d := seed.Default()
	srv, err := promtest.Start(d)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer srv.Stop()
	to := d.End
	from := to.Add(-7 * 24 * time.Hour)
	step := 10 * time.Minute
	fmt.Printf("range %s, step %s, %d runs, median latency\n", to.Sub(from), step, *runs)
	fmt.Printf("%-6s %-14s %-14s %s\n", "KPIs", "QueryData", "direct HTTP", "ratio")
	for _, n := range []int{1, 50} {
		c := newCase(srv.URL, n, from, to, step)
		qd := median(*runs, c.queryData)
		direct := median(*runs, c.direct)
		fmt.Printf("%-6d %-14s %-14s %.2f\n", n, qd.Round(10*time.Microsecond), direct.Round(10*time.Microsecond), float64(qd)/float64(direct))
	}
	fmt.Printf("\nSLO card (SLI, budget, 4 burn pairs and their 7 burn rates, exhaustion), 28-day window, median of %d\n", *sloRuns)
	fmt.Printf("%-6s %-12s %-16s %-8s %-26s %s\n", "KPIs", "latency", "upstream calls", "frames", "slowest upstream (direct)", "latency/slowest")
	sloCard(srv.URL, 100, *sloRuns, to)
}

type benchCase struct {
	ds       *datasource.Datasource
	queries  []backend.DataQuery
	promql   []string
	promURL  string
	from, to time.Time
	step     time.Duration
}

// newCase builds n distinct value KPIs (each its own PromQL, so nothing is
// deduplicated) and asks for their series only: one upstream call per KPI.
func newCase(promURL string, n int, from, to time.Time, step time.Duration) *benchCase {
	var b strings.Builder
	b.WriteString("apiVersion: northstar.kpi/v1\nkpis:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  - {id: k%d, name: K%d, owner: o, direction: higher, version: \"1\", source: prom, dimensions: [region],\n     query: {expr: 'sum by (region) (rate(http_requests_total{job=\"checkout\"}[$__window])) * %d'}}\n", i, i, i+1)
	}
	// The shared cache is off: the bench measures the datasource's own work,
	// not answers served from memory.
	settings, _ := json.Marshal(map[string]any{"catalog": b.String(), "connections": []map[string]any{{"name": "prom", "url": promURL, "cacheSeconds": -1}}})
	inst, err := datasource.New(context.Background(), backend.DataSourceInstanceSettings{UID: fmt.Sprint("bench", n), JSONData: settings})
	if err != nil {
		panic(err)
	}
	c := &benchCase{ds: inst.(*datasource.Datasource), promURL: promURL, from: from, to: to, step: step}
	for i := 0; i < n; i++ {
		q, _ := json.Marshal(map[string]any{"kpi": fmt.Sprintf("k%d", i), "measures": []string{"series"}})
		c.queries = append(c.queries, backend.DataQuery{RefID: fmt.Sprint("q", i), JSON: q, Interval: step, TimeRange: backend.TimeRange{From: from, To: to}})
	}
	c.promql = generatedPromQL(b.String(), promURL, kpimath.Window{From: from, To: to}, step)
	return c
}

// generatedPromQL is exactly what the datasource sends for each KPI's series.
func generatedPromQL(catalogYAML, promURL string, w kpimath.Window, step time.Duration) []string {
	cat, problems := catalog.Parse([]byte(catalogYAML))
	if len(problems) > 0 {
		panic(fmt.Sprint(problems))
	}
	client, err := prometheus.NewClient(prometheus.Connection{Name: "prom", URL: promURL}, prometheus.Secrets{})
	if err != nil {
		panic(err)
	}
	src := prometheus.NewSource(client)
	out := make([]string, len(cat.KPIs))
	for i := range cat.KPIs {
		q, err := src.Preview(&cat.KPIs[i], nil, w, step)
		if err != nil {
			panic(err)
		}
		out[i] = q["series"]
	}
	return out
}

// queryData includes encoding the frames to Arrow, as the plugin does for Grafana.
func (c *benchCase) queryData() {
	resp, err := c.ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: c.queries})
	if err != nil {
		panic(err)
	}
	for ref, r := range resp.Responses {
		if r.Error != nil {
			panic(fmt.Sprint(ref, r.Error))
		}
		if _, err := r.Frames.MarshalArrow(); err != nil {
			panic(err)
		}
	}
}

// direct sends the same PromQL as range queries, ten at a time like the datasource.
func (c *benchCase) direct() {
	start := c.from.Truncate(c.step).Add(c.step)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 10)
	for _, q := range c.promql {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			v := url.Values{"query": {q}, "start": {strconv.FormatInt(start.Unix(), 10)}, "end": {strconv.FormatInt(c.to.Truncate(c.step).Unix(), 10)}, "step": {strconv.Itoa(int(c.step.Seconds()))}}
			resp, err := http.PostForm(c.promURL+"/api/v1/query_range", v)
			if err != nil {
				panic(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			var parsed map[string]any
			if err := json.Unmarshal(body, &parsed); err != nil || parsed["status"] != "success" {
				panic(fmt.Sprintf("direct query failed: %s", body))
			}
		}()
	}
	wg.Wait()
}

func median(runs int, f func()) time.Duration {
	for i := 0; i < 3; i++ {
		f()
	}
	d := make([]time.Duration, runs)
	for i := range d {
		start := time.Now()
		f()
		d[i] = time.Since(start)
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[runs/2]
}
