package rules

import (
	"strings"
	"testing"
)

// A SQL KPI's SLO has no series in Prometheus: the Prometheus rule file leaves
// it out, and the Grafana alert rules (which query the datasource) keep it.
func TestSQLSLOsOnlyInGrafanaRules(t *testing.T) {
	cat := parseCatalog(t, `apiVersion: northstar.kpi/v1
kpis:
  - id: shop_availability
    name: Shop availability
    owner: shop
    version: "1"
    direction: higher
    source: shopdb
    query:
      sql:
        table: requests
        timeColumn: ts
        ratio:
          good: {agg: count, where: [{column: outcome, op: "=", value: ok}]}
          total: {agg: count}
    slo: {objective: 0.99, window: {rolling: 28d}}
`)
	prom, err := Prometheus(cat)
	if err != nil {
		t.Fatal(err)
	}
	if len(prom.Groups) != 0 {
		t.Errorf("the Prometheus rules have %d groups for a SQL SLO, want none", len(prom.Groups))
	}
	graf, err := Grafana(cat, "uid1")
	if err != nil {
		t.Fatal(err)
	}
	if len(graf.Groups) != 1 || len(graf.Groups[0].Rules) != 4 || !strings.Contains(graf.Groups[0].Name, "shop_availability") {
		t.Fatalf("Grafana rules: %+v", graf.Groups)
	}
}
