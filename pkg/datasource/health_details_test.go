package datasource

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

type healthDetails struct {
	Message        string `json:"message"`
	VerboseMessage string `json:"verboseMessage"`
}

// checkHealthDetails runs CheckHealth and decodes the details Grafana's Save & test shows.
func checkHealthDetails(t *testing.T, ds *Datasource) (*backend.CheckHealthResult, healthDetails) {
	t.Helper()
	res, err := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var d healthDetails
	if err := json.Unmarshal(res.JSONDetails, &d); err != nil {
		t.Fatalf("JSONDetails %q: %v", res.JSONDetails, err)
	}
	if d.Message != res.Message {
		t.Errorf("details.message %q differs from the message %q", d.Message, res.Message)
	}
	if strings.Contains(res.Message, "\n") {
		t.Errorf("the message must be a one-line title, got:\n%s", res.Message)
	}
	return res, d
}

func TestHealthTitleOK(t *testing.T) {
	ds := newDS(t, settingsJSON(t, testCatalog, promURL, nil))
	res, d := checkHealthDetails(t, ds)
	if res.Status != backend.HealthStatusOk || res.Message != "OK: 3 KPIs, 1 connection" {
		t.Errorf("status %v, message %q", res.Status, res.Message)
	}
	for _, want := range []string{"Catalog: OK, 3 KPIs loaded.", `Connection "prom": OK, answers PromQL.`} {
		if !strings.Contains(d.VerboseMessage, want) {
			t.Errorf("verboseMessage lacks %q:\n%s", want, d.VerboseMessage)
		}
	}
}

func TestHealthTitleListsEveryProblem(t *testing.T) {
	jsonData, _ := json.Marshal(map[string]any{
		"catalog": testCatalog,
		"connections": []map[string]any{
			{"name": "prom", "url": promURL},
			{"name": "down", "url": closedPort(t)},
			{"name": "odd", "url": "ftp://x"},
		},
	})
	res, d := checkHealthDetails(t, newDS(t, jsonData))
	if res.Status != backend.HealthStatusError {
		t.Errorf("status %v", res.Status)
	}
	if want := `2 problems: connection "down" unreachable, connection "odd" has invalid settings`; res.Message != want {
		t.Errorf("message %q, want %q", res.Message, want)
	}
	for _, want := range []string{"Catalog: OK, 3 KPIs loaded.", `Connection "prom": OK`, `Connection "down": cannot reach`, `Connection "odd": invalid settings`} {
		if !strings.Contains(d.VerboseMessage, want) {
			t.Errorf("verboseMessage lacks %q:\n%s", want, d.VerboseMessage)
		}
	}
	if n := strings.Count(d.VerboseMessage, "\n") + 1; n != 4 {
		t.Errorf("verboseMessage should have a line per part (4), has %d:\n%s", n, d.VerboseMessage)
	}
}

func TestHealthTitleInvalidCatalogAndNoConnections(t *testing.T) {
	broken := strings.Replace(testCatalog, "id: orders", "id: Orders!", 1)
	jsonData, _ := json.Marshal(map[string]any{"catalog": broken})
	res, d := checkHealthDetails(t, newDS(t, jsonData))
	if want := "2 problems: catalog invalid, no connections"; res.Status != backend.HealthStatusError || res.Message != want {
		t.Errorf("status %v, message %q, want %q", res.Status, res.Message, want)
	}
	wantWhere := fmt.Sprintf("  - kpis[2].id (line %d):", strings.Count(broken[:strings.Index(broken, "Orders!")], "\n")+1)
	for _, want := range []string{"Catalog: invalid, no KPI can be queried. Fix these problems:", wantWhere, "Connections: none configured"} {
		if !strings.Contains(d.VerboseMessage, want) {
			t.Errorf("verboseMessage lacks %q:\n%s", want, d.VerboseMessage)
		}
	}
}

// exampleCatalogSettings is the example catalog with the test's Prometheus and the given shop connection.
func exampleCatalogSettings(t *testing.T, shopConn map[string]any) []byte {
	t.Helper()
	catalogYAML, err := os.ReadFile("../../provisioning/catalog/catalog.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(map[string]any{
		"catalog":     string(catalogYAML),
		"connections": []map[string]any{{"name": "prom", "type": "prometheus", "url": promURL, "timeoutSeconds": 5}, shopConn},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestHealthTitleExampleCatalogWithSQL(t *testing.T) {
	ds := newDS(t, exampleCatalogSettings(t, shopConnection(t)))
	res, d := checkHealthDetails(t, ds)
	want := fmt.Sprintf("OK: %d KPIs, 2 connections", ds.store.Status().KPIs)
	if res.Status != backend.HealthStatusOk || res.Message != want {
		t.Errorf("status %v, message %q, want %q\n%s", res.Status, res.Message, want, d.VerboseMessage)
	}
	if !strings.Contains(d.VerboseMessage, `Connection "shop": OK, connected`) {
		t.Errorf("verboseMessage:\n%s", d.VerboseMessage)
	}

	down := shopConnection(t)
	down["host"] = strings.TrimPrefix(closedPort(t), "http://")
	res, d = checkHealthDetails(t, newDS(t, exampleCatalogSettings(t, down)))
	if want := `1 problem: connection "shop" unreachable`; res.Status != backend.HealthStatusError || res.Message != want {
		t.Errorf("status %v, message %q, want %q\n%s", res.Status, res.Message, want, d.VerboseMessage)
	}
	if !strings.Contains(d.VerboseMessage, `Connection "prom": OK`) || !strings.Contains(d.VerboseMessage, "shop") {
		t.Errorf("verboseMessage:\n%s", d.VerboseMessage)
	}
}

func lineOf(t *testing.T, doc, needle string) int {
	t.Helper()
	i := strings.Index(doc, needle)
	if i < 0 {
		t.Fatalf("%q not in the catalog", needle)
	}
	return strings.Count(doc[:i], "\n") + 1
}

func TestValidateReportsEveryProblemWithLines(t *testing.T) {
	ds := newDS(t, settingsJSON(t, testCatalog, promURL, nil))
	broken := strings.Replace(testCatalog, "source: prom\n    dimensions: [region]\n    aggregation", "source: other\n    dimensions: [region]\n    aggregation", 1)
	broken = strings.Replace(broken, `total: http_requests_total{job="checkout"}`, `total: http_requests_total{job="checkout"`, 1)
	_, body := callResource(t, ds, "POST", "validate", broken)
	problems, _ := body["problems"].([]any)
	if body["valid"] != false || len(problems) != 2 {
		t.Fatalf("want the PromQL problem and the unknown source: %v", body)
	}
	byPath := map[string]map[string]any{}
	for _, p := range problems {
		m := p.(map[string]any)
		byPath[m["path"].(string)] = m
	}
	promql, source := byPath["kpis[0].query.ratio.total"], byPath["kpis[2].source"]
	if promql == nil || source == nil {
		t.Fatalf("problems: %v", problems)
	}
	if got, want := promql["line"], float64(lineOf(t, broken, `total: http_requests_total{job="checkout"`)); got != want {
		t.Errorf("PromQL problem line %v, want %v", got, want)
	}
	if got, want := source["line"], float64(lineOf(t, broken, "source: other")); got != want {
		t.Errorf("source problem line %v, want %v: %v", got, want, source)
	}
	if !strings.Contains(source["message"].(string), `"other" is not a connection`) {
		t.Errorf("source problem: %v", source)
	}

	// A valid catalog naming an unknown source: that problem alone, with its line.
	onlySource := strings.Replace(testCatalog, "source: prom\n    dimensions: [region]\n    aggregation", "source: other\n    dimensions: [region]\n    aggregation", 1)
	_, body = callResource(t, ds, "POST", "validate", onlySource)
	problems, _ = body["problems"].([]any)
	if len(problems) != 1 || problems[0].(map[string]any)["line"] != float64(lineOf(t, onlySource, "source: other")) {
		t.Errorf("unknown source alone: %v", body)
	}

	// A KPI without a source is reported once, by the catalog's validation.
	noSource := strings.Replace(testCatalog, "    source: prom\n    timezone", "    timezone", 1)
	_, body = callResource(t, ds, "POST", "validate", noSource)
	problems, _ = body["problems"].([]any)
	count := 0
	for _, p := range problems {
		if p.(map[string]any)["path"] == "kpis[1].source" {
			count++
		}
	}
	if count > 1 {
		t.Errorf("a missing source is reported %d times: %v", count, problems)
	}
}

// healthText is everything Save & test shows: the title and the details under it.
func healthText(t *testing.T, res *backend.CheckHealthResult) string {
	t.Helper()
	var d healthDetails
	if len(res.JSONDetails) > 0 {
		if err := json.Unmarshal(res.JSONDetails, &d); err != nil {
			t.Fatalf("JSONDetails %q: %v", res.JSONDetails, err)
		}
	}
	return res.Message + "\n" + d.VerboseMessage
}
