package catalog

import (
	"os"
	"strings"
	"testing"
	"time"
)

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseValidCatalog(t *testing.T) {
	cat, problems := Parse(mustRead(t, "testdata/valid.yaml"))
	if len(problems) > 0 {
		t.Fatalf("unexpected problems: %v", problems)
	}
	if len(cat.KPIs) != 3 {
		t.Fatalf("want 3 KPIs, got %d", len(cat.KPIs))
	}
	checkout, _ := cat.Find("checkout_success_rate")
	if checkout.Query.Kind() != KindRatio || checkout.Aggregation != AggRatio {
		t.Errorf("ratio KPI: kind %s aggregation %s", checkout.Query.Kind(), checkout.Aggregation)
	}
	if time.Duration(checkout.Comparison.Offset) != 7*24*time.Hour {
		t.Errorf("offset: got %v", time.Duration(checkout.Comparison.Offset))
	}
	latency, _ := cat.Find("api_latency_300ms")
	if latency.Location().String() != "Europe/Berlin" {
		t.Errorf("timezone: got %s", latency.Location())
	}
	wantStart := time.Date(2026, 7, 1, 0, 0, 0, 0, latency.Location())
	if got := latency.Target.Schedule[1].Start(); !got.Equal(wantStart) {
		t.Errorf("schedule start: got %v want %v", got, wantStart)
	}
	orders, _ := cat.Find("orders_per_minute")
	if orders.Comparison.Type != ComparePreviousRange || orders.Unit != "short" {
		t.Errorf("defaults: comparison %q unit %q", orders.Comparison.Type, orders.Unit)
	}
	if orders.Target.Baseline.Every != Duration(7*24*time.Hour) {
		t.Errorf("baseline every: %v", orders.Target.Baseline.Every)
	}
}

// Each invalid catalog is the valid one with one change; every problem must name
// the path and the line where it is.
func TestParseReportsEveryProblemWithPathAndLine(t *testing.T) {
	valid := string(mustRead(t, "testdata/valid.yaml"))
	cases := []struct {
		name, from, to string
		wantPath       string
		wantMsg        string
	}{
		{"bad promql in ratio", `bad: http_requests_total{job="checkout", code=~"5.."}`, `bad: http_requests_total{job="checkout"`, "kpis[0].query.ratio.bad", "invalid PromQL"},
		{"function instead of selector", `total: http_requests_total{job="checkout"}`, `total: rate(http_requests_total[5m])`, "kpis[0].query.ratio.total", "series selector"},
		{"bad expr", `expr: sum(rate(orders_total[$__window])) * 60`, `expr: sum(rate(orders_total[$__window]) * 60`, "kpis[2].query.expr", "invalid PromQL"},
		{"unknown placeholder", `expr: sum(rate(orders_total[$__window])) * 60`, `expr: sum(rate(orders_total[$window])) * 60`, "kpis[2].query.expr", "unknown placeholder"},
		{"range vector expr", `expr: sum(rate(orders_total[$__window])) * 60`, `expr: orders_total[5m]`, "kpis[2].query.expr", "instant vector"},
		{"uppercase id", `id: orders_per_minute`, `id: Orders`, "kpis[2].id", "lowercase"},
		{"duplicate id", `id: orders_per_minute`, `id: checkout_success_rate`, "kpis[2].id", "duplicate id"},
		{"direction", `direction: higher
    version: "2"`, `direction: up
    version: "2"`, "kpis[2].direction", "higher"},
		{"unknown field", `category: commerce`, `categry: commerce`, "kpis[0].categry", "unknown field"},
		{"bad duration", `offset: 7d`, `offset: seven days`, "kpis[0].comparison.offset", "invalid duration"},
		{"thresholds inverted", `critical: 0.98`, `critical: 0.995`, "kpis[0].thresholds.critical", "above warning"},
		{"bad timezone", `timezone: Europe/Berlin`, `timezone: Mars/Olympus`, "kpis[1].timezone", "unknown time zone"},
		{"schedule order", `{from: "2026-07-01", value: 0.97}`, `{from: "2025-07-01", value: 0.97}`, "kpis[1].target.schedule[1].from", "ascending"},
		{"histogram without _bucket", `histogram: http_request_duration_seconds_bucket{job="api"}`, `histogram: http_request_duration_seconds{job="api"}`, "kpis[1].query.latency.histogram", "_bucket"},
		{"baseline statistic", `statistic: median`, `statistic: mode`, "kpis[2].target.baseline.statistic", "must be one of"},
		{"api version", `apiVersion: northstar.kpi/v1`, `apiVersion: v0`, "apiVersion", "must be"},
		{"aggregation", `aggregation: avg`, `aggregation: p99`, "kpis[2].aggregation", "must be one of"},
		{"dimension", `dimensions: [region]`, `dimensions: [__name__]`, "kpis[0].dimensions[0]", "label name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(valid, tc.from) {
				t.Fatalf("test setup: %q not in the valid catalog", tc.from)
			}
			doc := strings.Replace(valid, tc.from, tc.to, 1)
			wantLine := lineAt(doc, strings.Index(valid, tc.from))
			_, problems := Parse([]byte(doc))
			for _, p := range problems {
				if p.Path == tc.wantPath && p.Line == wantLine && strings.Contains(p.Message, tc.wantMsg) {
					return
				}
			}
			t.Fatalf("want a problem at %s line %d containing %q, got %v", tc.wantPath, wantLine, tc.wantMsg, problems)
		})
	}
}

// lineAt is the 1-based line of a byte offset in doc.
func lineAt(doc string, offset int) int {
	return strings.Count(doc[:offset], "\n") + 1
}

func TestParseReportsAllProblemsAtOnce(t *testing.T) {
	doc := `apiVersion: northstar.kpi/v1
kpis:
  - id: a
    name: A
    owner: o
    direction: higher
    version: "1"
    source: prom
    query: {expr: "sum(x"}
  - id: B
    owner: o
    direction: sideways
    version: "1"
    source: prom
    query: {ratio: {total: "y"}}
`
	_, problems := Parse([]byte(doc))
	want := []string{"kpis[0].query.expr", "kpis[1].id", "kpis[1].name", "kpis[1].direction", "kpis[1].query.ratio"}
	for _, path := range want {
		found := false
		for _, p := range problems {
			found = found || p.Path == path
		}
		if !found {
			t.Errorf("no problem reported at %s; got %v", path, problems)
		}
	}
}

func TestParseRejectsMalformedYAML(t *testing.T) {
	cases := map[string]string{
		"empty":      "",
		"syntax":     "apiVersion: [unclosed",
		"not a map":  "- just\n- a list\n",
		"wrong type": "apiVersion: northstar.kpi/v1\nkpis: {id: x}\n",
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			cat, problems := Parse([]byte(doc))
			if cat != nil || len(problems) == 0 {
				t.Fatalf("want problems, got catalog %v problems %v", cat, problems)
			}
		})
	}
}

func TestSelect(t *testing.T) {
	cat, _ := Parse(mustRead(t, "testdata/valid.yaml"))
	cases := []struct {
		sel  Selector
		want int
	}{
		{Selector{}, 3},
		{Selector{Tags: []string{"checkout"}}, 1},
		{Selector{Tags: []string{"checkout", "nope"}}, 0},
		{Selector{Owner: "team-api"}, 1},
		{Selector{Category: "commerce"}, 1},
	}
	for _, tc := range cases {
		if got := len(cat.Select(tc.sel)); got != tc.want {
			t.Errorf("%+v: want %d got %d", tc.sel, tc.want, got)
		}
	}
}
