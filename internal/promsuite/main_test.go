package promsuite_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/prometheus/client_golang/api"
	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/common/model"

	"github.com/northstar/kpi/internal/promtest"
	"github.com/northstar/kpi/internal/seed"
	"github.com/northstar/kpi/pkg/datasource"
)

// scrapes are the samplings loaded side by side, each labelled scrape=<name>:
// every 15 s at :07, every 30 s at :11 and every 60 s at :23 past the minute,
// so no sample sits on the minute the seed counts in.
var scrapes = []struct {
	name          string
	every, offset time.Duration
}{
	{"15s", 15 * time.Second, 7 * time.Second},
	{"30s", 30 * time.Second, 11 * time.Second},
	{"60s", time.Minute, 23 * time.Second},
}

var (
	history = seed.Ending(time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), 30)
	promURL string
	prom    v1.API
)

func TestMain(m *testing.M) {
	// Datasources keep their last valid catalog on disk: in a folder of the test run.
	stateDir, err := os.MkdirTemp("", "northstar-state-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("NORTHSTAR_STATE_DIR", stateDir)
	code := func() int {
		d := seed.Dataset{Start: history.Start, End: history.End}
		for _, s := range scrapes {
			d.Series = append(d.Series, history.Scraped(s.every, s.offset, s.name, "payments_requests_total", "orders_total").Series...)
		}
		srv, err := promtest.Start(d)
		if err != nil {
			fmt.Fprintln(os.Stderr, "FAIL: cannot start the test Prometheus:", err)
			return 1
		}
		defer srv.Stop()
		promURL = srv.URL
		c, err := api.NewClient(api.Config{Address: srv.URL})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		prom = v1.NewAPI(c)
		return m.Run()
	}()
	os.RemoveAll(stateDir)
	os.Exit(code)
}

// catalogFor is the suite's catalog on one sampling: the payments SLOs and
// two ways of writing the orders count.
func catalogFor(scrape string) string {
	return strings.ReplaceAll(`apiVersion: northstar.kpi/v1
kpis:
  - id: payments
    name: Payments availability
    owner: sre
    version: "1"
    direction: higher
    source: prom
    dimensions: [region]
    timezone: Europe/Berlin
    query:
      ratio:
        bad: payments_requests_total{job="payments", code="500", scrape="SCRAPE"}
        total: payments_requests_total{job="payments", scrape="SCRAPE"}
    slos:
      - objective: 0.999
        window: {rolling: 28d}
      - name: monthly
        objective: 0.995
        window: {calendar: month}
      - name: tiny-slices
        objective: 0.99
        window: {rolling: 400d}
        budgeting: {method: timeslices, slice: 10s, sliceTarget: 0.99}
`+valueKPI("orders_increase", `orders_total{scrape="SCRAPE"}`, "increase")+
		valueKPI("orders_sum", `increase(orders_total{scrape="SCRAPE"}[$__window])`, "sum")+
		gaugeKPIs(), "SCRAPE", scrape)
}

// rate is the payments request rate per region, a gauge-like value KPI.
const rate = `sum by (region) (rate(payments_requests_total{job="payments", scrape="SCRAPE"}[$__window]))`

func gaugeKPIs() string {
	var b strings.Builder
	for _, agg := range []string{"avg", "min", "max", "last"} {
		b.WriteString(valueKPI("rate_"+agg, rate, agg))
	}
	return b.String()
}

// valueKPI is a value KPI by region on the connection prom.
func valueKPI(id, expr, aggregation string) string {
	return fmt.Sprintf("  - {id: %s, name: %s, owner: o, version: \"1\", direction: higher, source: prom, dimensions: [region], query: {expr: '%s'}, aggregation: %s}\n", id, id, expr, aggregation)
}

// newDS is a datasource on the sampling's catalog, its connection told the
// scrape interval and sent through a proxy that counts the upstream queries.
func newDS(t *testing.T, scrape string) (*datasource.Datasource, *atomic.Int64) {
	t.Helper()
	calls := &atomic.Int64{}
	target, err := url.Parse(promURL)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(target)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/v1/query") {
			calls.Add(1)
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	conn := map[string]any{"name": "prom", "type": "prometheus", "url": proxy.URL, "timeoutSeconds": 20, "scrapeInterval": scrape}
	b, err := json.Marshal(map[string]any{"catalog": catalogFor(scrape), "connections": []any{conn}})
	if err != nil {
		t.Fatal(err)
	}
	inst, err := datasource.New(context.Background(), backend.DataSourceInstanceSettings{UID: t.Name(), JSONData: b})
	if err != nil {
		t.Fatal(err)
	}
	ds := inst.(*datasource.Datasource)
	t.Cleanup(ds.Dispose)
	return ds, calls
}

func query(refID string, from, to time.Time, step time.Duration, q map[string]any) backend.DataQuery {
	b, _ := json.Marshal(q)
	return backend.DataQuery{RefID: refID, JSON: b, TimeRange: backend.TimeRange{From: from, To: to}, Interval: step}
}

func frames(t *testing.T, ds *datasource.Datasource, q backend.DataQuery) data.Frames {
	t.Helper()
	resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{q}})
	if err != nil {
		t.Fatal(err)
	}
	r := resp.Responses[q.RefID]
	if r.Error != nil {
		t.Fatalf("query %s: %v", q.RefID, r.Error)
	}
	return r.Frames
}

// measure reads a numeric-multi measure whose labels include want; NaN when
// it has no value.
func measure(t *testing.T, fs data.Frames, name string, want map[string]string) float64 {
	t.Helper()
	for _, f := range fs {
		if f.Meta == nil || f.Meta.Type != data.FrameTypeNumericMulti || len(f.Fields) != 1 {
			continue
		}
		fld := f.Fields[0]
		if fld.Name != name || !includes(fld.Labels, want) {
			continue
		}
		v, ok := fld.ConcreteAt(0)
		if !ok {
			return math.NaN()
		}
		return v.(float64)
	}
	t.Fatalf("no %s frame with labels %v", name, want)
	return 0
}

func includes(l data.Labels, want map[string]string) bool {
	for k, v := range want {
		if l[k] != v {
			return false
		}
	}
	return true
}

// promByRegion evaluates PromQL at an instant and returns the value per region.
func promByRegion(t *testing.T, q string, at time.Time) map[string]float64 {
	t.Helper()
	val, _, _, err := prom.Query(context.Background(), q, at)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	out := map[string]float64{}
	for _, s := range val.(model.Vector) {
		out[string(s.Metric["region"])] = float64(s.Value)
	}
	return out
}

// agree is equality to 1e-6 relative; NaN agrees only with NaN.
func agree(got, want float64) bool {
	if math.IsNaN(got) || math.IsNaN(want) {
		return math.IsNaN(got) && math.IsNaN(want)
	}
	if math.IsInf(want, 0) {
		return got == want
	}
	return math.Abs(got-want) <= 1e-6*math.Abs(want)+1e-12
}

// relDiff is |got-want|/|want| for the record.
func relDiff(got, want float64) float64 {
	if want == 0 || math.IsNaN(got) || math.IsNaN(want) || math.IsInf(want, 0) {
		return 0
	}
	return math.Abs(got-want) / math.Abs(want)
}
