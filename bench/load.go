package main

import (
	"bufio"
	"bytes"
	"context"
	"debug/buildinfo"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"

	"github.com/northstar/kpi/internal/plugintest"
	"github.com/northstar/kpi/internal/promtest"
	"github.com/northstar/kpi/internal/seed"
)

// loadOptions are the -load-* flags.
type loadOptions struct {
	viewers  int
	kpis     int
	duration time.Duration
	timeout  time.Duration
	idle     time.Duration
	gpx      string
	// refresh is each viewer's dashboard refresh interval: a loop starts every
	// refresh (0: the next loop starts when the last ends, a stress test).
	refresh time.Duration
}

// Request loadKinds: every viewer sends one of each per loop, in this order.
const (
	loadValues = iota
	loadSLO
	loadKinds
)

var loadKindNames = [loadKinds]string{"values+measures", "SLO card"}

// The dashboard every viewer looks at: the last 24 h at a 5-minute interval,
// each KPI's series and its headline numbers, and the SLO card of all KPIs.
const (
	dashRange    = 24 * time.Hour
	dashInterval = 5 * time.Minute
	seedDays     = 56 // the 28-day SLO window, and its burn rates, need history before it
)

var valueMeasures = []string{"series", "value", "previous", "delta", "target", "status"}

// runLoad is `bench -load`: opt.viewers concurrent viewers refresh a dashboard of
// opt.kpis KPIs for opt.duration, through the built plugin executable over the
// plugin gRPC protocol, against a seeded Prometheus behind a counting proxy. It
// prints one table and fails when any request failed.
func runLoad(ctx context.Context, opt loadOptions) error {
	if opt.viewers < 1 || opt.kpis < 1 || opt.duration <= 0 {
		return fmt.Errorf("-load-viewers, -load-kpis and -load-duration must be positive")
	}
	root, err := repoRoot()
	if err != nil {
		return err
	}
	gpx, gpxNote, err := resolveExecutable(root, opt.gpx)
	if err != nil {
		return err
	}

	// The history ends now, so that a `to` moving with wall time, as a
	// dashboard's "now" does, always falls on data.
	seedStart := time.Now()
	d := seed.Ending(seedStart, seedDays)
	srv, err := promtest.Start(d)
	if err != nil {
		return err
	}
	defer srv.Stop()
	seedTook := time.Since(seedStart)

	up := newUpstream(srv.URL)
	defer up.Close()

	logs := &logCapture{}
	plugin, err := plugintest.Start(gpx, plugintest.Options{Logger: hclog.New(&hclog.LoggerOptions{
		Name: "plugin", Level: hclog.Warn, Output: logs, DisableTime: true,
	})})
	if err != nil {
		return err
	}
	defer plugin.Kill()

	pctx := loadPluginContext(up.URL, opt.kpis)
	hctx, cancel := context.WithTimeout(ctx, opt.timeout)
	health, err := plugin.Diagnostics.CheckHealth(hctx, &pluginv2.CheckHealthRequest{PluginContext: pctx})
	cancel()
	if err != nil {
		return fmt.Errorf("CheckHealth: %w", err)
	}
	if health.Status != pluginv2.CheckHealthResponse_OK {
		return fmt.Errorf("CheckHealth: %v %s %s", health.Status, health.Message, health.JsonDetails)
	}

	w := newWorkload(pctx, opt.kpis)
	// One request of each kind alone, before the load: it checks that the
	// answers are complete (decoding every frame, which the load does not do
	// to keep the bench's own CPU use low) and counts what one request costs
	// upstream when nothing else runs.
	var alone [loadKinds]alonePass
	for k := range loadKinds {
		alone[k], err = w.checkAlone(ctx, plugin, up, k, opt.timeout)
		if err != nil {
			return fmt.Errorf("%s request before the load: %w", loadKindNames[k], err)
		}
	}

	before := readProc(plugin.Pid)
	loadavg, _ := os.ReadFile("/proc/loadavg")
	up.reset()
	goBefore := collectGo(ctx, plugin)
	promPid := childNamed("prometheus")
	cpuBefore, promBefore, machineBefore, selfBefore := procCPU(plugin.Pid), procCPU(promPid), machineCPU(), selfCPU()

	sampler := startSampler(ctx, plugin)
	res := w.run(ctx, plugin, opt)
	peakSample := sampler.stop()

	elapsed := res.elapsed
	cpuAfter, promAfter, machineAfter, selfAfter := procCPU(plugin.Pid), procCPU(promPid), machineCPU(), selfCPU()
	promStatus := readProc(promPid)
	atEnd := readProc(plugin.Pid)
	goEnd := collectGo(ctx, plugin)
	upCalls := up.snapshot()
	exited := plugin.Exited()

	// RSS a few seconds after the load shows what the process keeps; the Go
	// runtime returns freed heap to the OS gradually (its scavenger), so this
	// is an upper bound of the steady-state footprint.
	select {
	case <-time.After(opt.idle):
	case <-ctx.Done():
	}
	after := readProc(plugin.Pid)
	goAfter := collectGo(ctx, plugin)

	t := &table{}
	t.head("", loadKindNames[loadValues], loadKindNames[loadSLO], "all")
	total := res.count[loadValues] + res.count[loadSLO]
	t.row("requests", res.count[loadValues], res.count[loadSLO], total)
	t.row("requests/s", rate(res.count[loadValues], elapsed), rate(res.count[loadSLO], elapsed), rate(total, elapsed))
	t.row("errors", res.errs[loadValues], res.errs[loadSLO], res.errs[loadValues]+res.errs[loadSLO])
	for _, p := range []struct {
		name string
		q    float64
	}{{"latency p50 (failed ones included)", 0.50}, {"latency p95", 0.95}, {"latency p99", 0.99}, {"latency max", 1}} {
		t.row(p.name, ms(pct(res.lat[loadValues], p.q)), ms(pct(res.lat[loadSLO], p.q)), ms(pct(append(append([]time.Duration(nil), res.lat[loadValues]...), res.lat[loadSLO]...), p.q)))
	}
	t.row("queries (refIds) per request", len(w.req[loadValues].Queries), len(w.req[loadSLO].Queries), "")
	t.row("frames per refId, request alone", alone[loadValues].frames, alone[loadSLO].frames, "")
	t.row("answer size (p50)", mib(pctInt(res.bytes[loadValues], 0.5)), mib(pctInt(res.bytes[loadSLO], 0.5)), "")
	t.row("upstream calls, request alone", alone[loadValues].upstream, alone[loadSLO].upstream, "before the load, sequential")
	t.row("latency, first request alone", ms(alone[loadValues].latency), ms(alone[loadSLO].latency), "")
	t.row("upstream calls during load", "", "", fmt.Sprintf("%d (%.2f per request)", upCalls.total, ratio(upCalls.total, int64(total))))
	t.row("upstream by endpoint", "", "", upCalls.byPath())
	t.row("upstream failures / canceled by the plugin", "", "", fmt.Sprintf("%d (HTTP >= 400 or transport) / %d", upCalls.failed, upCalls.canceled))
	t.row("upstream in flight, peak", "", "", upCalls.peak)
	t.row("upstream latency p50 / p95 / max", "", "", fmt.Sprintf("%s / %s / %s", ms(pct(upCalls.lat, 0.5)), ms(pct(upCalls.lat, 0.95)), ms(pct(upCalls.lat, 1))))
	t.row("plugin peak RSS (VmHWM)", "", "", mib(atEnd.hwm))
	t.row("plugin RSS before load", "", "", mib(before.rss))
	t.row(fmt.Sprintf("plugin RSS after load + %s idle", opt.idle), "", "", mib(after.rss))
	t.row("plugin RSS, highest sample", "", "", mib(peakSample.rss)+" (every 500 ms)")
	t.row("plugin threads peak / after", "", "", fmt.Sprintf("%d / %d", peakSample.threads, after.threads))
	// Where the cores went: the plugin, Prometheus, this process (viewers and
	// proxy) and whatever else runs on the machine, which skews the figures.
	cores := func(sec float64) float64 { return sec / elapsed.Seconds() }
	pluginCores, promCores := cores(cpuSeconds(cpuAfter-cpuBefore)), cores(cpuSeconds(promAfter-promBefore))
	benchCores, busyCores := cores((selfAfter - selfBefore).Seconds()), cores(cpuSeconds(machineAfter-machineBefore))
	t.row("CPU during load, cores", "", "", fmt.Sprintf("plugin %.2f, Prometheus %.2f, bench %.2f, other processes %.2f; machine busy %.2f of %d",
		pluginCores, promCores, benchCores, max(0, busyCores-pluginCores-promCores-benchCores), busyCores, runtime.NumCPU()))
	t.row("Prometheus peak RSS (VmHWM)", "", "", mib(promStatus.hwm))
	t.row("Go version / GOMAXPROCS", "", "", fmt.Sprintf("%s / %s", goAfter.version, goAfter.fmt("go_sched_gomaxprocs_threads", plain)))
	t.row("Go goroutines peak / after", "", "", fmt.Sprintf("%s / %s", peakSample.goroutines(), goAfter.fmt("go_goroutines", plain)))
	t.row("Go heap in use peak / end / after", "", "", fmt.Sprintf("%s / %s / %s", peakSample.heapInuse(), goEnd.fmt("go_memstats_heap_inuse_bytes", mibf), goAfter.fmt("go_memstats_heap_inuse_bytes", mibf)))
	t.row("Go heap goal (next GC), after", "", "", goAfter.fmt("go_memstats_next_gc_bytes", mibf)+" (about twice the live heap at the last GC, GOGC "+goAfter.fmt("go_gc_gogc_percent", plain)+")")
	t.row("Go heap released to OS, after", "", "", goAfter.fmt("go_memstats_heap_released_bytes", mibf))
	t.row("Go memory from OS (sys), after", "", "", goAfter.fmt("go_memstats_sys_bytes", mibf))
	t.row("Go GC cycles / pause total during load", "", "", fmt.Sprintf("%s / %s", goEnd.delta(goBefore, "go_gc_duration_seconds_count", plain), goEnd.delta(goBefore, "go_gc_duration_seconds_sum", secf)))
	t.row("Go GC pause max (recent)", "", "", goEnd.fmt(`go_gc_duration_seconds{quantile="1"}`, secf))
	t.row("Go allocated during load", "", "", goEnd.delta(goBefore, "go_memstats_alloc_bytes_total", mibf))

	fmt.Printf("load: %d viewers × %d KPIs for %s (ran %s) through the plugin executable over gRPC\n", opt.viewers, opt.kpis, opt.duration, elapsed.Round(10*time.Millisecond))
	fmt.Printf("  executable  %s\n", gpxNote)
	fmt.Printf("  Prometheus  %s, seeded with %d days of minutes ending %s (%s), behind a counting reverse proxy\n", promVersion(srv.URL), seedDays, d.End.Format(time.RFC3339), seedTook.Round(time.Second))
	fmt.Printf("  dashboard   last %s at %s, to = now (to the second); SLO card: %d KPIs × 99.9 %% over a rolling 28 d\n", dashRange, dashInterval, opt.kpis)
	if opt.refresh > 0 {
		fmt.Printf("  viewer      refreshes every %s (values+measures then SLO card), viewers staggered over it; %s deadline per request\n", opt.refresh, opt.timeout)
	} else {
		fmt.Printf("  viewer      loops values+measures then SLO card, no pause; %s deadline per request\n", opt.timeout)
	}
	fmt.Printf("  machine     %d cores, load average before %s\n", runtime.NumCPU(), strings.Join(strings.Fields(string(loadavg))[:min(3, len(strings.Fields(string(loadavg))))], " "))
	fmt.Println()
	t.print()

	nerr := res.errs[loadValues] + res.errs[loadSLO]
	if nerr > 0 {
		fmt.Println("\nfirst distinct errors:")
		for _, e := range res.distinct {
			fmt.Printf("  %dx %s\n", res.errCount[e], e)
		}
	}
	if n, first := logs.get(); n > 0 {
		fmt.Printf("\nplugin log, warnings and errors: %d lines; first:\n", n)
		for _, l := range first {
			fmt.Printf("  %s\n", l)
		}
	}
	switch {
	case exited:
		return errors.New("the plugin process exited during the load")
	case ctx.Err() != nil:
		return ctx.Err()
	case nerr > 0:
		return fmt.Errorf("%d requests failed", nerr)
	}
	return nil
}

// repoRoot is the directory of go.mod above the working directory: the bench
// runs as `go run ./bench` from anywhere in the repository.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("bench -load: run it inside the repository (no go.mod found)")
		}
		dir = parent
	}
}

// resolveExecutable picks the plugin to measure: -load-gpx or $NORTHSTAR_GPX as
// given; else mage's dist/ executable, (re)built with mage's flags when it is
// missing or older than the Go sources, so that a re-run after changes to the
// datasource measures those changes and not a stale build. If a rebuild fails
// (for instance in the middle of someone's edit) a stale executable is still
// used, with a warning in the output.
func resolveExecutable(root, flagPath string) (path, note string, err error) {
	path = flagPath
	if path == "" {
		path = os.Getenv("NORTHSTAR_GPX")
	}
	how := "given"
	if path == "" {
		path = plugintest.DistPath(root)
		st, statErr := os.Stat(path)
		newest, newestFile := newestSource(root)
		switch {
		case statErr != nil:
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return "", "", err
			}
			if err := plugintest.Build(root, path); err != nil {
				return "", "", err
			}
			how = "built now: it was missing"
		case newest.After(st.ModTime()):
			if err := plugintest.Build(root, path); err != nil {
				fmt.Fprintf(os.Stderr, "bench -load: rebuilding the stale executable failed, measuring the old one:\n%v\n", err)
				how = fmt.Sprintf("STALE: older than %s and the rebuild failed", newestFile)
			} else {
				how = fmt.Sprintf("rebuilt now: %s was newer", newestFile)
			}
		default:
			how = "up to date with the sources"
		}
	}
	st, err := os.Stat(path)
	if err != nil {
		return "", "", fmt.Errorf("plugin executable: %w", err)
	}
	rel, relErr := filepath.Rel(root, path)
	if relErr != nil || strings.HasPrefix(rel, "..") {
		rel = path
	}
	note = fmt.Sprintf("%s (%s; %s, built %s", rel, how, mib(st.Size()), st.ModTime().Format("2006-01-02 15:04:05"))
	if bi, err := buildinfo.ReadFile(path); err == nil {
		note += ", " + bi.GoVersion
		var rev, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if rev != "" {
			note += fmt.Sprintf(", commit %.10s", rev)
			if modified == "true" {
				note += " + uncommitted changes"
			}
		}
	}
	return path, note + "; working tree " + sourceState(root) + ")", nil
}

// sourceState names the commit of the working tree and whether the plugin's
// sources differ from it: several engineers change the datasource while the
// figures are taken, and the executable carries no VCS stamp when GOFLAGS has
// -buildvcs=false.
func sourceState(root string) string {
	head, err := exec.Command("git", "-C", root, "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "not in git"
	}
	state := "at " + strings.TrimSpace(string(head))
	changed, err := exec.Command("git", "-C", root, "status", "--porcelain", "--", "pkg", "go.mod", "go.sum").Output()
	if err == nil {
		if out := strings.TrimSpace(string(changed)); out != "" {
			n := strings.Count(out, "\n") + 1
			state += fmt.Sprintf(" + %d uncommitted plugin files", n)
		}
	}
	return state
}

// newestSource is the latest modification among the files that go into the
// executable: the non-test Go files of pkg/ and the module files.
func newestSource(root string) (time.Time, string) {
	var newest time.Time
	var name string
	consider := func(p string) {
		if st, err := os.Stat(p); err == nil && st.ModTime().After(newest) {
			newest, name = st.ModTime(), p
		}
	}
	consider(filepath.Join(root, "go.mod"))
	consider(filepath.Join(root, "go.sum"))
	_ = filepath.WalkDir(filepath.Join(root, "pkg"), func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
			consider(p)
		}
		return nil
	})
	if rel, err := filepath.Rel(root, name); err == nil {
		name = rel
	}
	return newest, name
}

// loadCatalog is n ratio KPIs, each with a target and a 99.9 % SLO over a
// rolling 28 days. Their PromQL differs (instance!="noneN"), as 100 real KPIs
// would, so that nothing is shared between KPIs; half count the checkout
// service, half the payments service (seed.go).
func loadCatalog(n int) string {
	var b strings.Builder
	b.WriteString("apiVersion: northstar.kpi/v1\nkpis:\n")
	for i := range n {
		metric, job := "http_requests_total", "checkout"
		if i%2 == 1 {
			metric, job = "payments_requests_total", "payments"
		}
		fmt.Fprintf(&b, `  - id: kpi%03d
    name: KPI %d
    owner: o
    unit: percentunit
    direction: higher
    version: "1"
    source: prom
    dimensions: [region]
    query:
      ratio:
        bad: %s{job="%s", code="500", instance!="none%d"}
        total: %s{job="%s", instance!="none%d"}
    target: {value: 0.99}
    slo: {objective: 0.999, window: {rolling: 28d}}
`, i, i, metric, job, i, metric, job, i)
	}
	return b.String()
}

// loadPluginContext is what Grafana sends with every call: the same instance
// settings (same UID and LastUpdatedMS), so the SDK's instance manager keeps
// one datasource instance for the whole run, as it does in Grafana.
func loadPluginContext(promURL string, n int) *pluginv2.PluginContext {
	settings, _ := json.Marshal(map[string]any{
		"catalog":     loadCatalog(n),
		"connections": []map[string]any{{"name": "prom", "url": promURL}},
	})
	return &pluginv2.PluginContext{
		OrgId: 1, PluginId: "northstar-kpi-datasource",
		DataSourceInstanceSettings: &pluginv2.DataSourceInstanceSettings{
			Id: 1, Uid: "northstar-kpi-load", Name: "Northstar KPI", JsonData: settings, LastUpdatedMS: 1,
		},
	}
}

// workload holds the two requests of the dashboard; only their time range
// changes from one second to the next.
type workload struct {
	req [loadKinds]*pluginv2.QueryDataRequest
}

func newWorkload(pctx *pluginv2.PluginContext, n int) *workload {
	w := &workload{}
	values := &pluginv2.QueryDataRequest{PluginContext: pctx}
	for i := range n {
		q, _ := json.Marshal(map[string]any{"kpi": fmt.Sprintf("kpi%03d", i), "measures": valueMeasures})
		values.Queries = append(values.Queries, &pluginv2.DataQuery{RefId: fmt.Sprintf("K%03d", i), Json: q, IntervalMS: dashInterval.Milliseconds(), MaxDataPoints: 1200})
	}
	slo, _ := json.Marshal(map[string]any{"selector": map[string]any{}, "measures": []string{"slo"}})
	w.req[loadValues] = values
	w.req[loadSLO] = &pluginv2.QueryDataRequest{PluginContext: pctx, Queries: []*pluginv2.DataQuery{{RefId: "SLO", Json: slo, IntervalMS: dashInterval.Milliseconds(), MaxDataPoints: 1200}}}
	return w
}

// at is the request of kind k for a dashboard whose "now" is the given
// second: viewers refreshing within the same second send identical requests,
// as real dashboards do, while successive seconds differ.
func (w *workload) at(k int, now time.Time) *pluginv2.QueryDataRequest {
	to := now.Truncate(time.Second)
	tr := &pluginv2.TimeRange{FromEpochMS: to.Add(-dashRange).UnixMilli(), ToEpochMS: to.UnixMilli()}
	base := w.req[k]
	req := &pluginv2.QueryDataRequest{PluginContext: base.PluginContext, Queries: make([]*pluginv2.DataQuery, len(base.Queries))}
	for i, q := range base.Queries {
		req.Queries[i] = &pluginv2.DataQuery{RefId: q.RefId, Json: q.Json, IntervalMS: q.IntervalMS, MaxDataPoints: q.MaxDataPoints, TimeRange: tr}
	}
	return req
}

// send makes one call and checks that every refId got frames and no error.
// It returns the answer's size (the Arrow bytes) for the table.
func send(ctx context.Context, p *plugintest.Plugin, req *pluginv2.QueryDataRequest, timeout time.Duration) (*pluginv2.QueryDataResponse, int, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	resp, err := p.Data.QueryData(ctx, req)
	if err != nil {
		return nil, 0, err
	}
	size := 0
	for _, q := range req.Queries {
		r, ok := resp.Responses[q.RefId]
		switch {
		case !ok:
			return resp, size, fmt.Errorf("no answer for refId %s", q.RefId)
		case r.Error != "":
			return resp, size, fmt.Errorf("refId %s: %s", q.RefId, r.Error)
		case r.Status != 0 && r.Status != http.StatusOK:
			return resp, size, fmt.Errorf("refId %s: status %d", q.RefId, r.Status)
		case len(r.Frames) == 0:
			return resp, size, fmt.Errorf("refId %s: no frames", q.RefId)
		}
		for _, f := range r.Frames {
			size += len(f)
		}
	}
	return resp, size, nil
}

type alonePass struct {
	upstream int64
	frames   int
	latency  time.Duration
}

func (w *workload) checkAlone(ctx context.Context, p *plugintest.Plugin, up *upstream, k int, timeout time.Duration) (alonePass, error) {
	up.reset()
	start := time.Now()
	resp, _, err := send(ctx, p, w.at(k, start), timeout)
	lat := time.Since(start)
	if err != nil {
		return alonePass{}, err
	}
	frames := 0
	for ref, r := range resp.Responses {
		fs, err := data.UnmarshalArrowFrames(r.Frames)
		if err != nil {
			return alonePass{}, fmt.Errorf("refId %s: decoding frames: %w", ref, err)
		}
		for _, f := range fs {
			if len(f.Fields) == 0 {
				return alonePass{}, fmt.Errorf("refId %s: frame %q has no fields", ref, f.Name)
			}
		}
		frames += len(fs)
	}
	return alonePass{upstream: up.snapshot().total, frames: frames / len(resp.Responses), latency: lat}, nil
}

type loadResult struct {
	count, errs [loadKinds]int
	lat         [loadKinds][]time.Duration
	bytes       [loadKinds][]int
	errCount    map[string]int
	distinct    []string // the first few distinct messages, in order of appearance
	elapsed     time.Duration
}

const maxDistinctErrors = 5

func (w *workload) run(ctx context.Context, p *plugintest.Plugin, opt loadOptions) *loadResult {
	res := &loadResult{errCount: map[string]int{}}
	var mu sync.Mutex
	record := func(k int, lat time.Duration, size int, err error) {
		mu.Lock()
		defer mu.Unlock()
		res.count[k]++
		// A failed request keeps its latency: leaving timeouts out would make
		// the percentiles look better the more requests fail.
		res.lat[k] = append(res.lat[k], lat)
		if err != nil {
			res.errs[k]++
			msg := loadKindNames[k] + ": " + err.Error()
			if len(msg) > 300 {
				msg = msg[:300] + "…"
			}
			if res.errCount[msg] == 0 && len(res.distinct) < maxDistinctErrors {
				res.distinct = append(res.distinct, msg)
			}
			res.errCount[msg]++
			return
		}
		res.bytes[k] = append(res.bytes[k], size)
	}
	start := time.Now()
	deadline := start.Add(opt.duration)
	var wg sync.WaitGroup
	for v := range opt.viewers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if opt.refresh > 0 {
				// Viewers opened the dashboard at different moments.
				time.Sleep(opt.refresh * time.Duration(v) / time.Duration(opt.viewers))
			}
			// A request started before the deadline runs to its end and
			// counts: the load ends when the last one returns.
			for {
				loopStart := time.Now()
				for k := range loadKinds {
					now := time.Now()
					if now.After(deadline) || ctx.Err() != nil {
						return
					}
					_, size, err := send(ctx, p, w.at(k, now), opt.timeout)
					record(k, time.Since(now), size, err)
				}
				if wait := opt.refresh - time.Since(loopStart); wait > 0 {
					time.Sleep(wait)
				}
			}
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	return res
}

// upstream is the counting reverse proxy between the plugin and Prometheus:
// what it counts is what Prometheus received, whatever the datasource
// deduplicates, coalesces or caches internally.
type upstream struct {
	*httptest.Server
	mu       sync.Mutex
	total    int64
	failed   int64
	canceled int64
	paths    map[string]int64
	lat      []time.Duration
	inFlight atomic.Int64
	peak     int64
}

func newUpstream(promURL string) *upstream {
	target, _ := url.Parse(promURL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	// Enough idle connections that the proxy does not open a new one per
	// call under load (the default keeps 2 per host), which would measure
	// the proxy rather than the plugin.
	proxy.Transport = &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: time.Minute}
	u := &upstream{paths: map[string]int64{}}
	// A call the plugin abandons (its query's deadline passed, or another
	// query of a shared upstream call ended it) is not a Prometheus failure:
	// it is counted apart.
	proxy.ErrorHandler = func(w http.ResponseWriter, r *http.Request, err error) {
		if r.Context().Err() != nil {
			w.(*statusWriter).canceled = true
		}
		w.WriteHeader(http.StatusBadGateway)
	}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := u.inFlight.Add(1)
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		proxy.ServeHTTP(sw, r)
		lat := time.Since(start)
		u.inFlight.Add(-1)
		u.mu.Lock()
		u.total++
		u.paths[r.URL.Path]++
		u.lat = append(u.lat, lat)
		switch {
		case sw.canceled:
			u.canceled++
		case sw.status >= 400:
			u.failed++
		}
		u.peak = max(u.peak, n)
		u.mu.Unlock()
	}))
	return u
}

type statusWriter struct {
	http.ResponseWriter
	status   int
	canceled bool
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

type upstreamCalls struct {
	total, failed, canceled, peak int64
	paths                         map[string]int64
	lat                           []time.Duration
}

func (u *upstream) reset() {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.total, u.failed, u.canceled, u.peak, u.paths, u.lat = 0, 0, 0, 0, map[string]int64{}, nil
}

func (u *upstream) snapshot() upstreamCalls {
	u.mu.Lock()
	defer u.mu.Unlock()
	paths := make(map[string]int64, len(u.paths))
	for k, v := range u.paths {
		paths[k] = v
	}
	return upstreamCalls{total: u.total, failed: u.failed, canceled: u.canceled, peak: u.peak, paths: paths, lat: append([]time.Duration(nil), u.lat...)}
}

func (c upstreamCalls) byPath() string {
	keys := make([]string, 0, len(c.paths))
	for k := range c.paths {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return c.paths[keys[i]] > c.paths[keys[j]] })
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", strings.TrimPrefix(k, "/api/v1/"), c.paths[k])
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// procStatus is the memory and thread lines of /proc/<pid>/status, in bytes.
type procStatus struct {
	rss, hwm int64
	threads  int
}

func readProc(pid int) procStatus {
	var s procStatus
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return s
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		v, _ := strconv.ParseInt(fields[1], 10, 64)
		switch fields[0] {
		case "VmRSS:":
			s.rss = v * 1024
		case "VmHWM:":
			s.hwm = v * 1024
		case "Threads:":
			s.threads = int(v)
		}
	}
	return s
}

// procCPU is the process's user+system time in clock ticks (/proc/<pid>/stat).
func procCPU(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name may hold spaces; the fields after it are fixed.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return utime + stime
}

// cpuSeconds converts clock ticks: USER_HZ is 100 on every Linux ABI.
func cpuSeconds(ticks int64) float64 { return float64(ticks) / 100 }

func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// machineCPU is the busy time of all cores in ticks, from the first line of
// /proc/stat.
func machineCPU() int64 {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	var busy int64
	for i, f := range strings.Fields(line)[1:] {
		if i >= 8 { // guest time is already counted in user time
			break
		}
		if i != 3 && i != 4 { // idle, iowait
			v, _ := strconv.ParseInt(f, 10, 64)
			busy += v
		}
	}
	return busy
}

// childNamed is the pid of this process's child with that command name (the
// Prometheus promtest started), or 0.
func childNamed(name string) int {
	self := strconv.Itoa(os.Getpid())
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		s := string(b)
		open, closing := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || closing < open {
			continue
		}
		// Fields after the name: state, then the parent's pid.
		if f := strings.Fields(s[closing+1:]); len(f) > 1 && f[1] == self && s[open+1:closing] == name {
			return pid
		}
	}
	return 0
}

// goMetrics are the plugin's own Prometheus metrics, from CollectMetrics (the
// call Grafana uses to scrape plugins): the Go and process collectors of the
// SDK's default registry give the runtime figures from inside the process.
type goMetrics struct {
	values  map[string]float64
	version string
}

func collectGo(ctx context.Context, p *plugintest.Plugin) goMetrics {
	m := goMetrics{values: map[string]float64{}, version: "?"}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	resp, err := p.Diagnostics.CollectMetrics(ctx, &pluginv2.CollectMetricsRequest{})
	if err != nil || resp.Metrics == nil {
		return m
	}
	sc := bufio.NewScanner(bytes.NewReader(resp.Metrics.Prometheus))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			continue
		}
		name := line[:i]
		if strings.HasPrefix(name, "go_info{") {
			if _, v, ok := strings.Cut(name, `version="`); ok {
				m.version, _, _ = strings.Cut(v, `"`)
			}
		}
		if v, err := strconv.ParseFloat(line[i+1:], 64); err == nil {
			m.values[name] = v
		}
	}
	return m
}

func (m goMetrics) fmt(name string, f func(float64) string) string {
	v, ok := m.values[name]
	if !ok {
		return "?"
	}
	return f(v)
}

func (m goMetrics) delta(before goMetrics, name string, f func(float64) string) string {
	v, ok := m.values[name]
	b, okb := before.values[name]
	if !ok || !okb {
		return "?"
	}
	return f(v - b)
}

func plain(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
func mibf(v float64) string  { return mib(int64(v)) }
func secf(v float64) string  { return ms(time.Duration(v * float64(time.Second))) }

// sampler follows the plugin during the load: RSS and threads from /proc
// every 500 ms, goroutines and heap from CollectMetrics every second (a
// small, constant cost for the plugin, like Grafana's own scrapes).
type sampler struct {
	stopc chan struct{}
	done  chan struct{}
	peak  samplePeak
}

type samplePeak struct {
	rss        int64
	threads    int
	gor, heap  float64
	haveGoVals bool
}

func (s samplePeak) goroutines() string {
	if !s.haveGoVals {
		return "?"
	}
	return plain(s.gor)
}

func (s samplePeak) heapInuse() string {
	if !s.haveGoVals {
		return "?"
	}
	return mibf(s.heap)
}

func startSampler(ctx context.Context, p *plugintest.Plugin) *sampler {
	s := &sampler{stopc: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		for i := 0; ; i++ {
			st := readProc(p.Pid)
			s.peak.rss = max(s.peak.rss, st.rss)
			s.peak.threads = max(s.peak.threads, st.threads)
			if i%2 == 0 {
				m := collectGo(ctx, p)
				if g, ok := m.values["go_goroutines"]; ok {
					s.peak.haveGoVals = true
					s.peak.gor = math.Max(s.peak.gor, g)
					s.peak.heap = math.Max(s.peak.heap, m.values["go_memstats_heap_inuse_bytes"])
				}
			}
			select {
			case <-tick.C:
			case <-s.stopc:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	return s
}

func (s *sampler) stop() samplePeak {
	close(s.stopc)
	<-s.done
	return s.peak
}

// logCapture keeps the plugin's first warning and error lines (forwarded by
// go-plugin), so that a failing run shows why without flooding the output.
type logCapture struct {
	mu    sync.Mutex
	n     int
	first []string
}

func (l *logCapture) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		l.n++
		if len(l.first) < 5 {
			if len(line) > 300 {
				line = line[:300] + "…"
			}
			l.first = append(l.first, line)
		}
	}
	return len(b), nil
}

func (l *logCapture) get() (int, []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n, append([]string(nil), l.first...)
}

func promVersion(promURL string) string {
	resp, err := http.Get(promURL + "/api/v1/status/buildinfo")
	if err != nil {
		return "Prometheus"
	}
	defer resp.Body.Close()
	var body struct {
		Data struct {
			Version string `json:"version"`
		} `json:"data"`
	}
	if json.NewDecoder(resp.Body).Decode(&body) != nil || body.Data.Version == "" {
		return "Prometheus"
	}
	return "Prometheus " + body.Data.Version
}

// pct is the nearest-rank percentile q of d (q = 1 is the maximum).
func pct(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[max(0, int(math.Ceil(q*float64(len(s))))-1)]
}

func pctInt(v []int, q float64) int64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]int(nil), v...)
	sort.Ints(s)
	return int64(s[max(0, int(math.Ceil(q*float64(len(s))))-1)])
}

func ms(d time.Duration) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

func rate(n int, d time.Duration) string { return fmt.Sprintf("%.1f", float64(n)/d.Seconds()) }

func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// table is the one printed table: a label and three columns.
type table struct{ rows [][]string }

func (t *table) head(cols ...string) { t.rows = append(t.rows, cols) }

func (t *table) row(label string, cols ...any) {
	r := []string{label}
	for _, c := range cols {
		r = append(r, fmt.Sprint(c))
	}
	t.rows = append(t.rows, r)
}

func (t *table) print() {
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 3, ' ', 0)
	for _, r := range t.rows {
		fmt.Fprintln(tw, "  "+strings.Join(r, "\t"))
	}
	tw.Flush()
}
