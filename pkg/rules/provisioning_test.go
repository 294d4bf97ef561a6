package rules

import (
	"os"
	"testing"
)

// The committed Grafana provisioning is what the command generates from the
// example catalog; regenerate it when this fails:
//
//	go run ./cmd/northstar-rules -catalog provisioning/catalog/catalog.yaml -format grafana -out provisioning/alerting/northstar-slo-rules.yaml
func TestProvisionedAlertRulesAreCurrent(t *testing.T) {
	doc, err := os.ReadFile("../../provisioning/catalog/catalog.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Grafana(parseCatalog(t, string(doc)), DefaultDatasourceUID)
	if err != nil {
		t.Fatal(err)
	}
	want, err := f.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../provisioning/alerting/northstar-slo-rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Error("provisioning/alerting/northstar-slo-rules.yaml is stale: regenerate it with " +
			"go run ./cmd/northstar-rules -catalog provisioning/catalog/catalog.yaml -format grafana -out provisioning/alerting/northstar-slo-rules.yaml")
	}
	rules := 0
	for _, g := range f.Groups {
		rules += len(g.Rules)
	}
	if rules == 0 {
		t.Error("the example catalog has no SLO alert rules")
	}
	t.Logf("%d groups, %d alert rules", len(f.Groups), rules)
}

// The example catalog's Prometheus rules pass Prometheus's own checker, and the
// copy that `docker compose up` loads into its Prometheus is current; regenerate
// it when this fails:
//
//	go run ./cmd/northstar-rules -catalog provisioning/catalog/catalog.yaml -format prometheus -out provisioning/prometheus/northstar-slo-rules.yml
func TestExampleCatalogPromtool(t *testing.T) {
	doc, err := os.ReadFile("../../provisioning/catalog/catalog.yaml")
	if err != nil {
		t.Fatal(err)
	}
	path, f := writeRuleFile(t, parseCatalog(t, string(doc)))
	checkWithPromtool(t, path, countRules(f))
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../provisioning/prometheus/northstar-slo-rules.yml")
	if err != nil || string(got) != string(want) {
		t.Error("provisioning/prometheus/northstar-slo-rules.yml is missing or stale: regenerate it with " +
			"go run ./cmd/northstar-rules -catalog provisioning/catalog/catalog.yaml -format prometheus -out provisioning/prometheus/northstar-slo-rules.yml")
	}
}
