package openslo

import (
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/northstar/kpi/pkg/catalog"
)

const exportCatalog = `apiVersion: northstar.kpi/v1
kpis:
  - id: checkout_success_rate_of_the_european_shop_during_office_hours
    name: Checkout success
    owner: team-payments
    direction: higher
    version: "2"
    source: prom
    timezone: Europe/Berlin
    query:
      latency:
        histogram: http_request_duration_seconds_bucket{job="api"}
        threshold: 0.25
    slos:
      - name: "99.5-28d"
        objective: 0.995
        window: {rolling: 28d}
        budgeting: {method: timeslices, slice: 30s, sliceTarget: 0.9}
        alerting:
          minEvents: 200
          minFailures: 3
          pairs: [{severity: critical, long: 1h, short: 5m, factor: 14.4}]
        exclusions:
          - {from: "2026-11-01 02:00", to: "2026-11-01 04:00", reason: database upgrade}
      - name: "99-5-28d"
        objective: 0.995
        window: {calendar: quarter}
  - id: orders
    name: Orders
    owner: team-orders
    direction: higher
    version: "1"
    source: prom
    aggregation: sum
    query:
      expr: sum(increase(orders_total[$__window]))
  - id: revenue
    name: Revenue
    owner: team-shop
    direction: higher
    version: "1"
    source: shop
    query:
      sql:
        table: analytics.orders
        timeColumn: created_at
        where: [{column: test, op: "=", value: false}]
        measure: {agg: sum, column: amount, where: [{column: status, op: in, values: [paid, "it's"]}, {column: refunded_at, op: is null}]}
`

// parseDocs reads exported documents back into generic maps, by kind/name.
func parseDocs(t *testing.T, data []byte) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	for {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			break
		}
		md := m["metadata"].(map[string]any)
		out[m["kind"].(string)+"/"+md["name"].(string)] = m
	}
	return out
}

func dig(m any, keys ...string) any {
	for _, k := range keys {
		mm, ok := m.(map[string]any)
		if !ok {
			return nil
		}
		m = mm[k]
	}
	return m
}

func TestExport(t *testing.T) {
	cat := mustParse(t, []byte(exportCatalog))
	res := mustExport(t, cat, ExportOptions{Sources: map[string]string{"prom": "prometheus"}})
	docs := parseDocs(t, res.YAML)
	for name := range docs {
		if n := name[strings.Index(name, "/")+1:]; len(n) > 63 || dnsLabel(n) != n {
			t.Errorf("%s is not an RFC 1123 name", name)
		}
	}
	const long = "checkout_success_rate_of_the_european_shop_during_office_hours"
	sli := docs["SLI/"+strings.ReplaceAll(long, "_", "-")]
	if sli == nil || dig(sli, "metadata", "annotations", annID) != long {
		t.Fatalf("no SLI for the KPI; documents: %v", keys(docs))
	}
	if got := dig(sli, "spec", "ratioMetric", "good", "metricSource", "spec", "query"); got != `http_request_duration_seconds_bucket{job="api",le="0.25"}` {
		t.Errorf("latency good = %v", got)
	}
	if got := dig(sli, "spec", "ratioMetric", "total", "metricSource", "spec", "query"); got != `http_request_duration_seconds_bucket{job="api",le="+Inf"}` {
		t.Errorf("latency total = %v", got)
	}
	// "99.5-28d" and "99-5-28d" make the same DNS name: the second gets a suffix.
	var slos []string
	for name := range docs {
		if strings.HasPrefix(name, "SLO/") {
			slos = append(slos, name)
		}
	}
	if len(slos) != 2 {
		t.Errorf("SLOs %v", slos)
	}
	var quarter map[string]any
	for _, n := range slos {
		if dig(docs[n], "metadata", "annotations", annSLOName) == "99-5-28d" {
			quarter = docs[n]
		}
	}
	tw := dig(quarter, "spec", "timeWindow").([]any)[0]
	if dig(tw, "duration") != "1Q" || dig(tw, "isRolling") != false || dig(tw, "calendar", "timeZone") != "Europe/Berlin" || dig(tw, "calendar", "startTime") != calendarStart {
		t.Errorf("quarter window %v", tw)
	}
	if start, _ := time.Parse("2006-01-02 15:04:05", calendarStart); start.Weekday() != time.Monday || start.Day() != 1 || start.Month() != time.January {
		t.Errorf("%s must start a week, a month and a quarter", calendarStart)
	}
	var cond map[string]any
	for name, d := range docs {
		// The one pair of SLO 99.5-28d; the quarter's SLO has the default pairs.
		if strings.HasPrefix(name, "AlertCondition/") && strings.Contains(dig(d, "metadata", "displayName").(string), "99.5-28d") {
			cond = d
		}
	}
	if cond == nil {
		t.Fatalf("no AlertCondition; documents: %v", keys(docs))
	}
	if dig(cond, "metadata", "annotations", annShortWindow) != "5m" || dig(cond, "spec", "condition", "lookbackWindow") != "1h" ||
		dig(cond, "spec", "condition", "threshold") != 14.4 || dig(cond, "spec", "condition", "op") != "gte" || dig(cond, "spec", "severity") != "critical" {
		t.Errorf("condition %v", cond)
	}
	sql := docs["SLI/revenue"]
	wantSQL := "SELECT SUM(amount) AS value FROM analytics.orders WHERE created_at BETWEEN :date_from AND :date_to AND test = FALSE AND status IN ('paid', 'it''s') AND refunded_at IS NULL"
	if got := dig(sql, "spec", "thresholdMetric", "metricSource", "spec", "query"); got != wantSQL {
		t.Errorf("SQL\n got %v\nwant %s", got, wantSQL)
	}
	if dig(sql, "spec", "thresholdMetric", "metricSource", "type") != "SQL" || dig(docs["DataSource/shop"], "spec", "type") != "SQL" {
		t.Errorf("a connection of unknown type: %v", dig(sql, "spec", "thresholdMetric", "metricSource"))
	}
	for _, want := range []struct{ doc, path, reason string }{
		{"kpi/checkout_success_rate_of_the_european_shop_during_office_hours", "slos[0].budgeting.slice", "30s is no OpenSLO duration shorthand"},
		{"kpi/checkout_success_rate_of_the_european_shop_during_office_hours", "slos[0].alerting.minEvents", annMinEvents},
		{"kpi/checkout_success_rate_of_the_european_shop_during_office_hours", "slos[0].alerting.minFailures", annMinFailures},
		{"kpi/checkout_success_rate_of_the_european_shop_during_office_hours", "slos[0].exclusions", annExclusions},
		{"kpi/checkout_success_rate_of_the_european_shop_during_office_hours", "slos[0].alerting.pairs", annShortWindow},
		{"kpi/orders", "query.expr", "$__window"},
		{"kpi/revenue", "source", `type of connection "shop" is unknown`},
		{"kpi/revenue", "query.sql", annSQL},
	} {
		wantEntry(t, res.NotConverted, want.doc, want.path, want.reason)
	}
	// Everything comes back.
	back, err := Import([]Input{{Name: "x", Data: res.YAML}}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := canonical(t, cat), canonical(t, mustParse(t, back.Catalog)); a != b {
		t.Errorf("round trip:\n%s\n---\n%s", a, b)
	}
}

func keys(m map[string]map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestShorthand(t *testing.T) {
	for _, c := range []struct {
		in    string
		fixed time.Duration
		unit  byte
		err   bool
	}{
		{"5m", 5 * time.Minute, 0, false}, {"12h", 12 * time.Hour, 0, false}, {"28d", 28 * day, 0, false}, {"2w", 14 * day, 0, false},
		{"1M", 0, 'M', false}, {"1Q", 0, 'Q', false}, {"1Y", 0, 'Y', false}, {"0m", 0, 0, false},
		{"30s", 30 * time.Second, 0, false}, {"1h30m", 90 * time.Minute, 0, false}, {"", 0, 0, true}, {"5 m", 0, 0, true}, {"-1h", 0, 0, true},
	} {
		got, err := parseShorthand(c.in)
		if (err != nil) != c.err || got.fixed != c.fixed || got.unit != c.unit {
			t.Errorf("%q: %+v %v", c.in, got, err)
		}
	}
	for _, c := range []struct {
		d    time.Duration
		want string
		ok   bool
	}{{28 * day, "28d", true}, {7 * day, "7d", true}, {6 * time.Hour, "6h", true}, {90 * time.Minute, "90m", true}, {30 * time.Second, "30s", false}} {
		if got, ok := formatShorthand(c.d); got != c.want || ok != c.ok {
			t.Errorf("%v: %q %v", c.d, got, ok)
		}
	}
}

func TestNames(t *testing.T) {
	n := names{}
	for _, c := range []struct{ kind, base, want string }{
		{KindSLO, "checkout_success-99.5-28d", "checkout-success-99-5-28d"},
		{KindSLO, "checkout_success-99-5-28d", "checkout-success-99-5-28d-2"},
		{KindSLI, "checkout_success-99.5-28d", "checkout-success-99-5-28d"},
		{KindSLI, "__", "x"},
	} {
		if got := n.take(c.kind, c.base); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.kind, c.base, got, c.want)
		}
	}
	long := strings.Repeat("a", 70)
	a, b := dnsLabel(long), dnsLabel(long+"b")
	if len(a) != 63 || a == b {
		t.Errorf("long names %q %q", a, b)
	}
	for _, c := range []struct{ in, want string }{{"web-availability", "web_availability"}, {"GreatSLI", "greatsli"}, {"99-slo", "kpi_99_slo"}} {
		if got := kpiID(c.in); got != c.want {
			t.Errorf("kpiID(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// An empty catalog exports to no documents, and the export of a catalog that
// only has value KPIs is SLIs only.
func TestExportEmpty(t *testing.T) {
	res := mustExport(t, &catalog.Catalog{APIVersion: catalog.APIVersion}, ExportOptions{})
	if len(parseDocs(t, res.YAML)) != 0 || len(res.NotConverted) != 0 {
		t.Errorf("%s %v", res.YAML, res.NotConverted)
	}
}
