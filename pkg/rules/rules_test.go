package rules

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/prometheus/promql/parser"
	"gopkg.in/yaml.v3"

	"github.com/northstar/kpi/pkg/catalog"
)

// testCatalog covers every SLO form: a bad/total ratio with a dimension (the
// payments scenario of internal/seed), a good/total ratio with a calendar window,
// exclusions and minimum events, a latency KPI with timeslices and ratio
// timeslices, and a value KPI without SLOs.
const testCatalog = `apiVersion: northstar.kpi/v1
kpis:
  - id: payments
    name: Payments success
    owner: team-payments
    direction: higher
    version: "1"
    source: prom
    dimensions: [region]
    query:
      ratio:
        bad: payments_requests_total{job="payments", code="500"}
        total: payments_requests_total{job="payments"}
    slo:
      objective: 0.999
      window: {rolling: 28d}
  - id: checkout
    name: Checkout success
    owner: team-checkout
    direction: higher
    version: "1"
    source: prom
    dimensions: [region, instance]
    query:
      ratio:
        good: http_requests_total{job="checkout", code!~"5.."}
        total: http_requests_total{job="checkout"}
    slos:
      - name: monthly
        objective: 0.99
        window: {calendar: month}
        alerting:
          minEvents: 100
          minFailures: 5
          pairs:
            - {severity: critical, long: 1h, short: 5m, factor: 14.4}
            - {severity: warning, long: 1d, short: 2h, factor: 3}
        exclusions:
          - {from: "2026-11-01T02:00:00Z", to: "2026-11-01T03:00:00Z", reason: database upgrade}
  - id: api_fast
    name: API requests under 250 ms
    owner: team-api
    direction: higher
    version: "1"
    source: prom
    query:
      latency:
        histogram: http_request_duration_seconds_bucket{job="api"}
        threshold: 0.25
    slos:
      - name: slices
        objective: 0.5
        window: {rolling: 28d}
        budgeting: {method: timeslices, slice: 5m, sliceTarget: 0.825}
      - name: ratio-slices
        objective: 0.8
        window: {rolling: 7d}
        budgeting: {method: ratioTimeslices, slice: 5m}
        alerting:
          pairs:
            - {severity: critical, long: 1h, short: 5m, factor: 10}
  - id: orders
    name: Orders
    owner: team-orders
    direction: higher
    version: "1"
    source: prom
    query:
      expr: sum(increase(orders_total[$__window]))
`

func parseCatalog(t testing.TB, doc string) *catalog.Catalog {
	t.Helper()
	cat, problems := catalog.Parse([]byte(doc))
	if len(problems) > 0 {
		t.Fatalf("catalog problems: %v", problems)
	}
	return cat
}

func groupOf(t *testing.T, f *RuleFile, name string) RuleGroup {
	t.Helper()
	for _, g := range f.Groups {
		if g.Name == name {
			return g
		}
	}
	t.Fatalf("no group %q", name)
	return RuleGroup{}
}

func ruleOf(t *testing.T, g RuleGroup, name string, labels map[string]string) Rule {
	t.Helper()
	for _, r := range g.Rules {
		if (r.Record == name || r.Alert == name) && includes(r.Labels, labels) {
			return r
		}
	}
	t.Fatalf("group %s: no rule %s %v", g.Name, name, labels)
	return Rule{}
}

func includes(have, want map[string]string) bool {
	for k, v := range want {
		if have[k] != v {
			return false
		}
	}
	return true
}

// Payments: bad/total ratio by region. The expected PromQL is written out from
// the definitions: bad and total summed by region over the window, no bad series
// counting as zero, no sample without traffic, and the budget as 1 - objective.
func TestGoldenOccurrencesBadRatio(t *testing.T) {
	f, err := Prometheus(parseCatalog(t, testCatalog))
	if err != nil {
		t.Fatal(err)
	}
	g := groupOf(t, f, "northstar-slo-payments-99.9-28d")
	total := func(w string) string {
		return `sum by (region) (increase(payments_requests_total{job="payments"}[` + w + `]))`
	}
	bad := func(w string) string {
		return `(sum by (region) (increase(payments_requests_total{code="500",job="payments"}[` + w + `])) or 0 * ` + total(w) + `)`
	}
	ratio := func(w string) string { return bad(w) + ` / (` + total(w) + ` > 0)` }
	want := map[string]string{
		"northstar_slo:requests:increase28d":      total("4w"),
		"northstar_slo:errors:increase28d":        bad("4w"),
		"northstar_slo:sli:ratio28d":              `(` + total("4w") + ` - ` + bad("4w") + `) / (` + total("4w") + ` > 0)`,
		"northstar_slo:budget_remaining:ratio28d": `1 - (` + ratio("4w") + `) / (1 - 0.999)`,
		"northstar_slo:burn_rate:5m":              `(` + ratio("5m") + `) / (1 - 0.999)`,
		"northstar_slo:burn_rate:1h":              `(` + ratio("1h") + `) / (1 - 0.999)`,
		"northstar_slo:burn_rate:3d":              `(` + ratio("3d") + `) / (1 - 0.999)`,
		AlertName + " 1h":                         `(northstar_slo:burn_rate:1h{kpi="payments",slo="99.9-28d"} >= 13.44) and (northstar_slo:burn_rate:5m{kpi="payments",slo="99.9-28d"} >= 13.44)`,
		AlertName + " 3d":                         `(northstar_slo:burn_rate:3d{kpi="payments",slo="99.9-28d"} >= 0.9333) and (northstar_slo:burn_rate:6h{kpi="payments",slo="99.9-28d"} >= 0.9333)`,
		"northstar_slo:burn_rate:30m":             `(` + ratio("30m") + `) / (1 - 0.999)`,
		"northstar_slo:burn_rate:6h":              `(` + ratio("6h") + `) / (1 - 0.999)`,
		"northstar_slo:burn_rate:1d":              `(` + ratio("1d") + `) / (1 - 0.999)`,
		"northstar_slo:burn_rate:2h":              `(` + ratio("2h") + `) / (1 - 0.999)`,
		AlertName + " 6h":                         `(northstar_slo:burn_rate:6h{kpi="payments",slo="99.9-28d"} >= 5.6) and (northstar_slo:burn_rate:30m{kpi="payments",slo="99.9-28d"} >= 5.6)`,
		AlertName + " 1d":                         `(northstar_slo:burn_rate:1d{kpi="payments",slo="99.9-28d"} >= 2.8) and (northstar_slo:burn_rate:2h{kpi="payments",slo="99.9-28d"} >= 2.8)`,
	}
	if len(g.Rules) != len(want) {
		t.Errorf("%d rules, want %d", len(g.Rules), len(want))
	}
	for key, expr := range want {
		name, long, _ := strings.Cut(key, " ")
		var labels map[string]string
		if long != "" {
			labels = map[string]string{"long_window": long}
		}
		if got := ruleOf(t, g, name, labels).Expr; got != expr {
			t.Errorf("%s:\n got %s\nwant %s", key, got, expr)
		}
	}
	labels := ruleOf(t, g, AlertName, map[string]string{"long_window": "1h"}).Labels
	wantLabels := map[string]string{"kpi": "payments", "slo": "99.9-28d", "severity": "critical", "long_window": "1h", "short_window": "5m"}
	if fmt.Sprint(labels) != fmt.Sprint(wantLabels) {
		t.Errorf("alert labels %v, want %v", labels, wantLabels)
	}
}

// Checkout: good/total ratio, calendar month as a rolling 30d, minimum events and
// failures over the long window of each pair.
func TestGoldenGoodRatioCalendarMinEvents(t *testing.T) {
	f, err := Prometheus(parseCatalog(t, testCatalog))
	if err != nil {
		t.Fatal(err)
	}
	g := groupOf(t, f, "northstar-slo-checkout-monthly")
	total := func(w string) string {
		return `sum by (region, instance) (increase(http_requests_total{job="checkout"}[` + w + `]))`
	}
	bad := func(w string) string {
		return `(` + total(w) + ` - (sum by (region, instance) (increase(http_requests_total{code!~"5..",job="checkout"}[` + w + `])) or 0 * ` + total(w) + `))`
	}
	if got := ruleOf(t, g, "northstar_slo:errors:increase30d", nil).Expr; got != bad("30d") {
		t.Errorf("errors:\n got %s\nwant %s", got, bad("30d"))
	}
	good := `(sum by (region, instance) (increase(http_requests_total{code!~"5..",job="checkout"}[30d])) or 0 * ` + total("30d") + `)`
	if got, want := ruleOf(t, g, "northstar_slo:sli:ratio30d", nil).Expr, good+` / (`+total("30d")+` > 0)`; got != want {
		t.Errorf("sli:\n got %s\nwant %s", got, want)
	}
	wantAlert := `(((northstar_slo:burn_rate:1h{kpi="checkout",slo="monthly"} >= 14.4) and (northstar_slo:burn_rate:5m{kpi="checkout",slo="monthly"} >= 14.4)) and on (region, instance) (` +
		total("1h") + ` >= 100)) and on (region, instance) (` + bad("1h") + ` >= 5)`
	if got := ruleOf(t, g, AlertName, map[string]string{"long_window": "1h"}).Expr; got != wantAlert {
		t.Errorf("alert:\n got %s\nwant %s", got, wantAlert)
	}
	for _, want := range []string{"calendar month", "rolling 30d", "1 budget exclusion(s) are NOT applied"} {
		if !strings.Contains(g.Comment, want) {
			t.Errorf("group comment lacks %q:\n%s", want, g.Comment)
		}
	}
}

// api_fast: timeslices over 5m slices; the subquery range is 1s short of the
// window so that exactly window/slice slices count.
func TestGoldenTimeslices(t *testing.T) {
	f, err := Prometheus(parseCatalog(t, testCatalog))
	if err != nil {
		t.Fatal(err)
	}
	total := `sum(increase(http_request_duration_seconds_bucket{job="api",le="+Inf"}[5m]))`
	good := `sum(increase(http_request_duration_seconds_bucket{job="api",le="0.25"}[5m]))`
	sliceSLI := `(` + good + ` or 0 * ` + total + `) / (` + total + ` > 0)`
	g := groupOf(t, f, "northstar-slo-api_fast-slices")
	want := `avg_over_time(((` + sliceSLI + `) >= bool 0.825)[27d23h59m59s:5m])`
	if got := ruleOf(t, g, "northstar_slo:sli:ratio28d", nil).Expr; got != want {
		t.Errorf("timeslices sli:\n got %s\nwant %s", got, want)
	}
	want = `(1 - avg_over_time(((` + sliceSLI + `) >= bool 0.825)[59m59s:5m])) / (1 - 0.5)`
	if got := ruleOf(t, g, "northstar_slo:burn_rate:1h", nil).Expr; got != want {
		t.Errorf("timeslices burn 1h:\n got %s\nwant %s", got, want)
	}
	g = groupOf(t, f, "northstar-slo-api_fast-ratio-slices")
	// The budget is (1 - 0.8) * 2016 slices (7 days of 5 minutes); bad shares spend it.
	want = `1 - sum_over_time((1 - (` + sliceSLI + `))[6d23h59m59s:5m]) / ((1 - 0.8) * 2016)`
	if got := ruleOf(t, g, "northstar_slo:budget_remaining:ratio7d", nil).Expr; got != want {
		t.Errorf("ratio timeslices budget:\n got %s\nwant %s", got, want)
	}
	if n := len(g.Rules); n != 4+2+1 {
		t.Errorf("ratio-slices: %d rules, want 4 window rules, 2 burn rates and 1 alert", n)
	}
}

// Every expression parses, every recording rule reads raw series only (what makes
// the rules backfillable), and every rule carries kpi and slo.
func TestEveryRuleParsesAndReadsRawSeries(t *testing.T) {
	f, err := Prometheus(parseCatalog(t, testCatalog))
	if err != nil {
		t.Fatal(err)
	}
	p := parser.NewParser(parser.Options{})
	var records, alerts int
	for _, g := range f.Groups {
		for _, r := range g.Rules {
			e, err := p.ParseExpr(r.Expr)
			if err != nil {
				t.Errorf("%s %s%s: %v", g.Name, r.Record, r.Alert, err)
				continue
			}
			if r.Labels[LabelKPI] == "" || r.Labels[LabelSLO] == "" {
				t.Errorf("%s %s%s: labels %v", g.Name, r.Record, r.Alert, r.Labels)
			}
			if r.Alert != "" {
				alerts++
				continue
			}
			records++
			parser.Inspect(e, func(n parser.Node, _ []parser.Node) error {
				if vs, ok := n.(*parser.VectorSelector); ok && strings.HasPrefix(vs.Name, recordPrefix) {
					t.Errorf("%s %s reads the recorded series %s", g.Name, r.Record, vs.Name)
				}
				return nil
			})
		}
	}
	// 4 SLOs with 4 window rules each; burn windows: payments 7, checkout 4,
	// slices 7, ratio-slices 2; pairs: 4, 2, 4, 1.
	if records != 4*4+7+4+7+2 || alerts != 4+2+4+1 {
		t.Errorf("%d recording and %d alerting rules", records, alerts)
	}
	t.Logf("%d groups, %d recording rules, %d alerting rules, all parsed", len(f.Groups), records, alerts)
}

// Groups are sorted by KPI id and SLO name whatever the catalog's order, and the
// output is byte-for-byte stable.
func TestOutputIsSortedAndDeterministic(t *testing.T) {
	cat := parseCatalog(t, testCatalog)
	first, err := Prometheus(cat)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range first.Groups {
		names = append(names, g.Name)
	}
	want := []string{"northstar-slo-api_fast-ratio-slices", "northstar-slo-api_fast-slices", "northstar-slo-checkout-monthly", "northstar-slo-payments-99.9-28d"}
	if !slices.Equal(names, want) {
		t.Errorf("groups %v, want %v", names, want)
	}
	slices.Reverse(cat.KPIs)
	second, err := Prometheus(cat)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := first.Marshal()
	b, _ := second.Marshal()
	if string(a) != string(b) {
		t.Error("output depends on the catalog's order")
	}
}

// The YAML carries the comments PromQL cannot express: calendar windows,
// timeslices and exclusions.
func TestMarshalledComments(t *testing.T) {
	f, err := Prometheus(parseCatalog(t, testCatalog))
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{
		"# Budget exclusions (maintenance windows) cannot be expressed in PromQL",
		"  # The calendar month is recorded as its nominal length, a rolling 30d",
		"  # Timeslices: the SLI is the share of 5m slices whose own ratio reaches 0.825",
		"  # Timeslices: the SLI is the mean of the ratios of 5m slices",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	var back RuleFile
	if err := yaml.Unmarshal(out, &back); err != nil || len(back.Groups) != len(f.Groups) {
		t.Errorf("output does not read back: %v", err)
	}
}

func TestGrafanaProvisioning(t *testing.T) {
	f, err := Grafana(parseCatalog(t, testCatalog), "my-ds")
	if err != nil {
		t.Fatal(err)
	}
	if f.APIVersion != 1 || len(f.Groups) != 4 {
		t.Fatalf("apiVersion %d, %d groups", f.APIVersion, len(f.Groups))
	}
	uids := map[string]bool{}
	rules := 0
	for _, g := range f.Groups {
		if g.OrgID != 1 || g.Folder != "Northstar SLOs" || g.Interval != "1m" {
			t.Errorf("group %+v", g)
		}
		for _, r := range g.Rules {
			rules++
			if uids[r.UID] || len(r.UID) > 40 {
				t.Errorf("uid %q duplicate or longer than Grafana's 40 characters", r.UID)
			}
			uids[r.UID] = true
			checkGrafanaRule(t, r)
		}
	}
	if rules != 4+2+4+1 {
		t.Errorf("%d rules, want one per burn pair (11)", rules)
	}
	g := f.Groups[3] // payments
	r := g.Rules[0]
	q := r.Data[0].Model.(BurnPairQuery)
	if q.KPI != "payments" || q.SLO != "99.9-28d" || !slices.Equal(q.Measures, []string{"burn_pair_5m_1h"}) || r.Labels["severity"] != "critical" {
		t.Errorf("payments rule: %+v", r)
	}
	for _, want := range []string{"Payments success", "99.9%", "13.44"} {
		if !strings.Contains(r.Annotations["summary"], want) {
			t.Errorf("summary %q lacks %q", r.Annotations["summary"], want)
		}
	}
}

func checkGrafanaRule(t *testing.T, r GrafanaRule) {
	t.Helper()
	if r.Condition != "B" || r.NoDataState != "OK" || r.ExecErrState != "Error" || len(r.Data) != 2 {
		t.Errorf("rule %s: %+v", r.Title, r)
		return
	}
	a, b := r.Data[0], r.Data[1]
	q, ok := a.Model.(BurnPairQuery)
	if a.RefID != "A" || a.DatasourceUID != "my-ds" || a.RelativeTimeRange.From != 600 || !ok ||
		q.Datasource != (DatasourceRef{Type: "northstar-kpi-datasource", UID: "my-ds"}) || len(q.Measures) != 1 {
		t.Errorf("rule %s: query %+v", r.Title, a)
	}
	th, ok := b.Model.(ThresholdExpr)
	if b.RefID != "B" || b.DatasourceUID != "__expr__" || !ok || th.Type != "threshold" || th.Expression != "A" ||
		len(th.Conditions) != 1 || th.Conditions[0].Evaluator.Type != "gt" || !slices.Equal(th.Conditions[0].Evaluator.Params, []float64{0}) {
		t.Errorf("rule %s: expression %+v", r.Title, b)
	}
	if r.Labels["severity"] == "" || r.Annotations["summary"] == "" || strings.Contains(r.Annotations["summary"], "$") {
		t.Errorf("rule %s: labels %v annotations %v", r.Title, r.Labels, r.Annotations)
	}
}

// The provisioning file reads back as Grafana reads it: the model is JSON-able
// and the refIds are what the condition names.
func TestGrafanaMarshal(t *testing.T) {
	f, err := Grafana(parseCatalog(t, testCatalog), "")
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		APIVersion int `yaml:"apiVersion"`
		Groups     []struct {
			Rules []struct {
				Condition string `yaml:"condition"`
				Data      []struct {
					RefID         string         `yaml:"refId"`
					DatasourceUID string         `yaml:"datasourceUid"`
					Model         map[string]any `yaml:"model"`
				} `yaml:"data"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	a := back.Groups[0].Rules[0].Data[0]
	if back.APIVersion != 1 || a.DatasourceUID != DefaultDatasourceUID || a.Model["kpi"] != "api_fast" || a.Model["slo"] != "ratio-slices" {
		t.Errorf("read back: %+v", back.Groups[0].Rules[0])
	}
}

// Generation refuses what it cannot write correctly.
func TestGenerationErrors(t *testing.T) {
	base := func() *catalog.Catalog { return parseCatalog(t, testCatalog) }
	cases := map[string]func(c *catalog.Catalog){
		"value KPI with an SLO": func(c *catalog.Catalog) {
			c.KPIs[3].SLOs = c.KPIs[0].SLOs
		},
		"dimension named like a rule label": func(c *catalog.Catalog) {
			c.KPIs[0].Dimensions = []string{"slo"}
		},
		"unnamed SLO (catalog not validated)": func(c *catalog.Catalog) {
			c.KPIs[0].SLOs[0].Name = ""
		},
		"timeslice burn window shorter than the slice": func(c *catalog.Catalog) {
			c.KPIs[2].SLOs[0].Alerting.Pairs[0].Short = catalog.Duration(time.Minute)
		},
		"two pairs over the same windows": func(c *catalog.Catalog) {
			p := &c.KPIs[0].SLOs[0].Alerting
			p.Pairs = append(p.Pairs, p.Pairs[0])
		},
	}
	for name, mutate := range cases {
		c := base()
		mutate(c)
		if _, err := Prometheus(c); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestNames(t *testing.T) {
	day := 24 * time.Hour
	cases := map[string]string{
		SLIRecord(28 * day):             "northstar_slo:sli:ratio28d",
		BudgetRemainingRecord(7 * day):  "northstar_slo:budget_remaining:ratio7d",
		RequestsRecord(90 * day):        "northstar_slo:requests:increase90d",
		ErrorsRecord(30 * day):          "northstar_slo:errors:increase30d",
		BurnRateRecord(5 * time.Minute): "northstar_slo:burn_rate:5m",
		BurnRateRecord(3 * day):         "northstar_slo:burn_rate:3d",
		BurnPairMeasure(catalog.BurnPair{Short: catalog.Duration(30 * time.Minute), Long: catalog.Duration(6 * time.Hour)}): "burn_pair_30m_6h",
	}
	for got, want := range cases {
		if got != want {
			t.Errorf("got %s want %s", got, want)
		}
	}
}
