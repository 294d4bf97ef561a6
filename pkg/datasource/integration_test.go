package datasource

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/northstar/kpi/internal/promtest"
	"github.com/northstar/kpi/internal/seed"
	"github.com/northstar/kpi/pkg/frames"
)

// These tests run against a real Prometheus seeded with seed.Default(). Every
// expected number is computed from the seed's per-minute increments.

var (
	promURL string
	dataset = seed.Default()
)

func TestMain(m *testing.M) {
	// Datasources keep their last valid catalog on disk: in a folder of the test run.
	stateDir, err := os.MkdirTemp("", "northstar-state-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cleanups = append(cleanups, func() { os.RemoveAll(stateDir) })
	os.Setenv("NORTHSTAR_STATE_DIR", stateDir)
	srv, err := promtest.Start(dataset)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cannot start the test Prometheus:", err)
		os.Exit(1)
	}
	promURL = srv.URL
	code := m.Run()
	for _, c := range cleanups {
		c()
	}
	srv.Stop()
	os.Exit(code)
}

const testCatalog = `apiVersion: northstar.kpi/v1
kpis:
  - id: checkout_success
    name: Checkout success rate
    description: Checkout requests that did not fail
    owner: team-payments
    unit: percentunit
    decimals: 3
    direction: higher
    version: "4"
    category: commerce
    tags: [checkout]
    source: prom
    dimensions: [region]
    query:
      ratio:
        bad: http_requests_total{job="checkout", code=~"5.."}
        total: http_requests_total{job="checkout"}
    target: {value: 0.99}
    thresholds: {warning: 0.985, critical: 0.98}
    comparison: {type: offset, offset: 7d}
  - id: api_fast
    name: API requests under 250 ms
    owner: team-api
    unit: percentunit
    direction: higher
    version: "1"
    category: platform
    source: prom
    timezone: Europe/Berlin
    query:
      latency:
        histogram: http_request_duration_seconds_bucket{job="api"}
        threshold: 0.25
    target:
      schedule:
        - {from: "2026-11-01", value: 0.8}
        - {from: "2026-11-14", value: 0.83}
    comparison: {type: calendar, calendar: month}
  - id: orders
    name: Orders
    owner: team-orders
    unit: short
    direction: higher
    version: "2"
    category: commerce
    source: prom
    dimensions: [region]
    aggregation: sum
    query:
      expr: sum by (region) (increase(orders_total[$__window]))
    target:
      baseline: {periods: 4, every: 1w, statistic: median, improvement: 0.05}
`

func settingsJSON(t testing.TB, catalogYAML, url string, extra map[string]any) []byte {
	t.Helper()
	conns := []map[string]any{{"name": "prom", "type": "prometheus", "url": url, "timeoutSeconds": 5, "scrapeInterval": "1m"}}
	if strings.Contains(catalogYAML, "source: shop") {
		conns = append(conns, shopConnection(t))
	}
	s := map[string]any{"catalog": catalogYAML, "connections": conns}
	for k, v := range extra {
		s[k] = v
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func newDS(t testing.TB, jsonData []byte) *Datasource {
	t.Helper()
	inst, err := New(context.Background(), backend.DataSourceInstanceSettings{UID: t.Name(), JSONData: jsonData})
	if err != nil {
		t.Fatal(err)
	}
	return inst.(*Datasource)
}

func query(refID string, from, to time.Time, step time.Duration, q map[string]any) backend.DataQuery {
	b, _ := json.Marshal(q)
	return backend.DataQuery{RefID: refID, JSON: b, TimeRange: backend.TimeRange{From: from, To: to}, Interval: step}
}

func run(t *testing.T, ds *Datasource, qs ...backend.DataQuery) *backend.QueryDataResponse {
	t.Helper()
	resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: qs})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// measure finds the numeric-multi frame of a measure for a label set.
func measure(t *testing.T, frames data.Frames, name string, labels data.Labels) (float64, bool) {
	t.Helper()
	for _, f := range frames {
		if f.Meta == nil || f.Meta.Type != data.FrameTypeNumericMulti || len(f.Fields) != 1 {
			continue
		}
		fld := f.Fields[0]
		if fld.Name == name && fld.Labels.String() == labels.String() {
			v, ok := fld.ConcreteAt(0)
			if !ok {
				return math.NaN(), false
			}
			return v.(float64), true
		}
	}
	t.Fatalf("no %s frame with labels %v", name, labels)
	return 0, false
}

func closeTo(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
		t.Errorf("%s: got %.12g want %.12g", what, got, want)
	}
}

func successRatio(region string, from, to time.Time) float64 {
	bad := seed.SumIncrease(dataset.Select("http_requests_total", map[string]string{"region": region, "code": "500"}), from, to)
	total := seed.SumIncrease(dataset.Select("http_requests_total", map[string]string{"region": region}), from, to)
	return 1 - bad/total
}

func TestRatioKPIMeasuresFromTotals(t *testing.T) {
	ds := newDS(t, settingsJSON(t, testCatalog, promURL, nil))
	// The previous week holds instance b's counter reset.
	to := dataset.End.Add(-3 * 24 * time.Hour)
	from := to.Add(-7 * 24 * time.Hour)
	resp := run(t, ds, query("A", from, to, time.Hour, map[string]any{"kpi": "checkout_success"}))
	r := resp.Responses["A"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	week := 7 * 24 * time.Hour
	for _, region := range []string{"eu", "us"} {
		labels := data.Labels{"kpi": "checkout_success", "region": region}
		value := successRatio(region, from, to)
		prev := successRatio(region, from.Add(-week), to.Add(-week))
		got, _ := measure(t, r.Frames, "value", labels)
		closeTo(t, region+" value", got, value)
		got, _ = measure(t, r.Frames, "previous", labels)
		closeTo(t, region+" previous", got, prev)
		got, _ = measure(t, r.Frames, "delta", labels)
		closeTo(t, region+" delta", got, value-prev)
		got, _ = measure(t, r.Frames, "delta_pct", labels)
		closeTo(t, region+" delta_pct", got, (value-prev)/prev)
		got, _ = measure(t, r.Frames, "target", labels)
		closeTo(t, region+" target", got, 0.99)
		got, _ = measure(t, r.Frames, "attainment", labels)
		closeTo(t, region+" attainment", got, value/0.99)
		wantStatus := 0.0
		if value < 0.98 {
			wantStatus = 2
		} else if value < 0.985 {
			wantStatus = 1
		}
		got, _ = measure(t, r.Frames, "status", labels)
		closeTo(t, region+" status", got, wantStatus)
	}
}

func TestSeriesAtPanelStep(t *testing.T) {
	ds := newDS(t, settingsJSON(t, testCatalog, promURL, nil))
	to := dataset.End.Add(-10 * 24 * time.Hour)
	from := to.Add(-24 * time.Hour)
	resp := run(t, ds, query("A", from, to, time.Hour, map[string]any{"kpi": "checkout_success", "measures": []string{"series"}, "filters": map[string][]string{"region": {"eu"}}}))
	r := resp.Responses["A"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	var value, target *data.Frame
	for _, f := range r.Frames {
		if f.Meta.Type != data.FrameTypeTimeSeriesMulti || f.Meta.TypeVersion != (data.FrameTypeVersion{0, 1}) {
			t.Fatalf("frame type %s %v", f.Meta.Type, f.Meta.TypeVersion)
		}
		switch f.Fields[1].Name {
		case "value":
			value = f
		case "target":
			target = f
		}
	}
	if value == nil || target == nil {
		t.Fatalf("want value and target series frames, got %d frames", len(r.Frames))
	}
	if got := value.Fields[1].Labels; got.String() != (data.Labels{"kpi": "checkout_success", "region": "eu"}).String() {
		t.Errorf("labels: %v", got)
	}
	if value.Fields[1].Config.Unit != "percentunit" || value.Fields[1].Config.DisplayNameFromDS != "Checkout success rate eu" {
		t.Errorf("field config: %+v", value.Fields[1].Config)
	}
	if n := value.Rows(); n != 24 {
		t.Fatalf("want 24 hourly points in (from, to], got %d", n)
	}
	for i := 0; i < value.Rows(); i++ {
		at := value.Fields[0].At(i).(time.Time)
		got, _ := value.Fields[1].ConcreteAt(i)
		closeTo(t, "point at "+at.String(), got.(float64), successRatio("eu", at.Add(-time.Hour), at))
	}
}

func bucketShare(from, to time.Time) float64 {
	fast := seed.SumIncrease(dataset.Select("http_request_duration_seconds_bucket", map[string]string{"le": "0.25"}), from, to)
	all := seed.SumIncrease(dataset.Select("http_request_duration_seconds_bucket", map[string]string{"le": "+Inf"}), from, to)
	return fast / all
}

func TestLatencyKPIWithCalendarMonthInTimeZoneAndScheduledTarget(t *testing.T) {
	ds := newDS(t, settingsJSON(t, testCatalog, promURL, nil))
	from := time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)
	to := time.Date(2026, 11, 17, 0, 0, 0, 0, time.UTC)
	resp := run(t, ds, query("A", from, to, 6*time.Hour, map[string]any{"kpi": "api_fast"}))
	r := resp.Responses["A"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	labels := data.Labels{"kpi": "api_fast"}
	// October in Berlin: from 1 Oct 00:00 CEST to 1 Nov 00:00 CET.
	octStart := time.Date(2026, 9, 30, 22, 0, 0, 0, time.UTC)
	octEnd := time.Date(2026, 10, 31, 23, 0, 0, 0, time.UTC)
	got, _ := measure(t, r.Frames, "value", labels)
	closeTo(t, "value", got, bucketShare(from, to))
	got, _ = measure(t, r.Frames, "previous", labels)
	closeTo(t, "previous calendar month", got, bucketShare(octStart, octEnd))
	got, _ = measure(t, r.Frames, "target", labels)
	closeTo(t, "target in force at the end", got, 0.83)
	var targets *data.Frame
	for _, f := range r.Frames {
		if f.Meta.Type == data.FrameTypeTimeSeriesMulti && f.Fields[1].Name == "target" {
			targets = f
		}
	}
	if targets == nil {
		t.Fatal("no target series")
	}
	switchAt := time.Date(2026, 11, 13, 23, 0, 0, 0, time.UTC) // midnight in Berlin
	for i := 0; i < targets.Rows(); i++ {
		at := targets.Fields[0].At(i).(time.Time)
		want := 0.8
		if !at.Before(switchAt) {
			want = 0.83
		}
		v, _ := targets.Fields[1].ConcreteAt(i)
		closeTo(t, "target at "+at.String(), v.(float64), want)
	}
	custom := r.Frames[0].Meta.Custom.(frames.Custom)
	if custom.Comparison.Label != "previous calendar month" {
		t.Errorf("comparison label %q", custom.Comparison.Label)
	}
}

func TestValueKPIWithBaselineTarget(t *testing.T) {
	ds := newDS(t, settingsJSON(t, testCatalog, promURL, nil))
	to := dataset.End.Add(-24 * time.Hour)
	from := to.Add(-24 * time.Hour)
	resp := run(t, ds, query("A", from, to, time.Hour, map[string]any{"kpi": "orders", "measures": []string{"value", "previous", "target", "attainment"}}))
	r := resp.Responses["A"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	for _, region := range []string{"eu", "us"} {
		orders := dataset.Select("orders_total", map[string]string{"region": region})
		labels := data.Labels{"kpi": "orders", "region": region}
		value := seed.SumIncrease(orders, from, to)
		got, _ := measure(t, r.Frames, "value", labels)
		closeTo(t, region+" value", got, value)
		day := 24 * time.Hour
		got, _ = measure(t, r.Frames, "previous", labels)
		closeTo(t, region+" previous", got, seed.SumIncrease(orders, from.Add(-day), to.Add(-day)))
		var weeks []float64
		for i := 1; i <= 4; i++ {
			shift := time.Duration(i) * 7 * day
			weeks = append(weeks, seed.SumIncrease(orders, from.Add(-shift), to.Add(-shift)))
		}
		target := medianOf(weeks) * 1.05
		got, _ = measure(t, r.Frames, "target", labels)
		closeTo(t, region+" baseline target", got, target)
		got, _ = measure(t, r.Frames, "attainment", labels)
		closeTo(t, region+" attainment", got, value/target)
	}
}

func medianOf(v []float64) float64 {
	s := append([]float64(nil), v...)
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func TestSelectorAndFiltersAndHostileValues(t *testing.T) {
	ds := newDS(t, settingsJSON(t, testCatalog, promURL, nil))
	to := dataset.End
	from := to.Add(-6 * time.Hour)
	resp := run(t, ds,
		query("tag", from, to, time.Hour, map[string]any{"selector": map[string]any{"category": "commerce"}, "measures": []string{"value"}}),
		query("us", from, to, time.Hour, map[string]any{"kpi": "checkout_success", "measures": []string{"value"}, "filters": map[string][]string{"region": {"us"}}}),
		query("hostile", from, to, time.Hour, map[string]any{"kpi": "checkout_success", "measures": []string{"value"}, "filters": map[string][]string{"region": {`us"} or vector(1) or {a="`, `.*`}}}),
		query("baddim", from, to, time.Hour, map[string]any{"kpi": "checkout_success", "filters": map[string][]string{"tenant": {"x"}}}),
	)
	if n := len(resp.Responses["tag"].Frames); n != 4 { // checkout eu+us, orders eu+us
		t.Errorf("category selector: want 4 value frames, got %d (%v)", n, resp.Responses["tag"].Error)
	}
	us := resp.Responses["us"]
	if len(us.Frames) != 1 || us.Frames[0].Fields[0].Labels["region"] != "us" {
		t.Errorf("filter region=us: %v %v", us.Frames, us.Error)
	}
	got, _ := measure(t, us.Frames, "value", data.Labels{"kpi": "checkout_success", "region": "us"})
	closeTo(t, "us value", got, successRatio("us", from, to))
	hostile := resp.Responses["hostile"]
	if hostile.Error != nil || len(hostile.Frames) != 1 || len(hostile.Frames[0].Fields) != 0 {
		t.Errorf("hostile values must match nothing and answer a typed empty frame; got %v %v", hostile.Frames, hostile.Error)
	}
	bad := resp.Responses["baddim"]
	if bad.Error == nil || bad.Status != backend.StatusBadRequest || !strings.Contains(bad.Error.Error(), `no dimension "tenant"`) {
		t.Errorf("unknown dimension: got %v %v", bad.Status, bad.Error)
	}
}

func TestIdenticalUpstreamCallsAreMadeOnce(t *testing.T) {
	ds := newDS(t, settingsJSON(t, testCatalog, promURL, nil))
	to := dataset.End
	from := to.Add(-time.Hour)
	srcs := ds.newSources()
	limit := make(chan struct{}, 4)
	q := query("A", from, to, time.Minute, map[string]any{"kpi": "checkout_success", "measures": []string{"series", "value"}})
	ds.answer(context.Background(), q, srcs, limit)
	once := srcs.calls()
	ds.answer(context.Background(), q, srcs, limit)
	if srcs.calls() != once || once != 2 { // one range query for the series, one instant query over the range
		t.Errorf("want 2 upstream calls for two identical queries, got %d then %d", once, srcs.calls())
	}
}

// The example catalog that docker compose provisions answers every KPI on the
// demo history.
func TestExampleCatalogAnswersEveryKPI(t *testing.T) {
	example, err := os.ReadFile("../../provisioning/catalog/catalog.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ds := newDS(t, settingsJSON(t, string(example), promURL, nil))
	to := dataset.End
	resp := run(t, ds, query("A", to.Add(-24*time.Hour), to, 30*time.Minute, map[string]any{"selector": map[string]any{}, "measures": []string{"value", "status"}}))
	r := resp.Responses["A"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	seen := map[string]bool{}
	for _, f := range r.Frames {
		if v, ok := f.Fields[0].ConcreteAt(0); ok && f.Fields[0].Name == "value" && !math.IsNaN(v.(float64)) {
			seen[f.Fields[0].Labels["kpi"]] = true
		}
	}
	for _, id := range []string{"checkout_success_rate", "api_fast_requests", "orders", "checkout_error_rate",
		"shop_orders", "shop_revenue", "shop_average_order", "shop_payment_success", "shop_api_availability"} {
		if !seen[id] {
			t.Errorf("KPI %s has no value", id)
		}
	}
}
