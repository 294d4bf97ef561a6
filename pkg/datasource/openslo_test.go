package datasource

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/openslo"
)

// GET openslo/export serves the catalog as OpenSLO; POST openslo/import of that
// answers the same catalog, with nothing left unconverted.
func TestOpenSLORoutes(t *testing.T) {
	doc := testCatalog + paymentsSLO
	ds := newDS(t, settingsJSON(t, doc, promURL, nil))
	status, ctype, exported := callResourceRaw(t, ds, "openslo/export")
	if status != 200 || ctype != "application/yaml" {
		t.Fatalf("export: %d %s %s", status, ctype, exported)
	}
	for _, want := range []string{"kind: SLI", "kind: SLO", "kind: AlertCondition", "kind: DataSource", "indicatorRef: payments", "metricSourceRef: prom"} {
		if !strings.Contains(string(exported), want) {
			t.Errorf("export lacks %q", want)
		}
	}
	status, body := callResource(t, ds, "POST", "openslo/import", string(exported))
	if status != 200 {
		t.Fatalf("import: %d %v", status, body)
	}
	if nc, ok := body["notConverted"].([]any); !ok || len(nc) != 0 {
		t.Errorf("notConverted %v", body["notConverted"])
	}
	back, problems := catalog.Parse([]byte(body["catalog"].(string)))
	orig, _ := catalog.Parse([]byte(doc))
	if len(problems) > 0 {
		t.Fatalf("imported catalog: %v", problems)
	}
	a, _ := json.Marshal(orig)
	b, _ := json.Marshal(back)
	if string(a) != string(b) {
		t.Errorf("round trip through the routes:\n%s\n%s", a, b)
	}
}

// The import names the datasource's Prometheus connection as the source, and
// lists what it could not convert as {document, path, reason}; input that is not
// OpenSLO answers 400.
func TestOpenSLOImportReport(t *testing.T) {
	ds := newDS(t, settingsJSON(t, testCatalog, promURL, nil))
	doc := `apiVersion: openslo/v1
kind: SLO
metadata: {name: checkout, labels: {team: [payments]}}
spec:
  service: shop
  indicator:
    metadata: {name: checkout}
    spec:
      ratioMetric:
        counter: true
        good: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(http_requests_total{code!~"5.."}[5m]))'}}}
        total: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(http_requests_total[5m]))'}}}
  timeWindow: [{duration: 1d, isRolling: false, calendar: {startTime: "2026-01-01 00:00:00", timeZone: UTC}}]
  budgetingMethod: Occurrences
  objectives: [{target: 0.99}]
`
	status, body := callResource(t, ds, "POST", "openslo/import", doc)
	if status != 200 {
		t.Fatalf("import: %d %v", status, body)
	}
	cat, problems := catalog.Parse([]byte(body["catalog"].(string)))
	if len(problems) > 0 || len(cat.KPIs) != 1 || cat.KPIs[0].Source != "prom" || len(cat.KPIs[0].SLOs) != 0 {
		t.Errorf("catalog %v %s", problems, body["catalog"])
	}
	var entries []openslo.Entry
	raw, _ := json.Marshal(body["notConverted"])
	if err := json.Unmarshal(raw, &entries); err != nil || len(entries) != 1 {
		t.Fatalf("notConverted %s", raw)
	}
	if e := entries[0]; e.Document != "SLO/checkout" || e.Path != "spec.timeWindow[0].duration" || !strings.Contains(e.Reason, "calendar window 1d") {
		t.Errorf("entry %+v", e)
	}
	if status, body := callResource(t, ds, "POST", "openslo/import", "apiVersion: [\n"); status != 400 || body["error"] == nil {
		t.Errorf("invalid input: %d %v", status, body)
	}
}
