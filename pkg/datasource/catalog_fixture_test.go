package datasource

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// The catalog page's browser test (tests/browser/catalog.browser.ts) opens the
// built app against the answers this test gets from the real backend's resource
// routes for the example catalog: GET kpis and GET kpis/{id} of every KPI, plus
// the answer to an unknown KPI. The harness serves them at the datasource
// resource URL (/api/datasources/uid/<uid>/resources/<path>), whatever the query.

// resourceAnswer is one recorded answer of a resource route.
type resourceAnswer struct {
	// Request is the URL the backend was called with (path and query).
	Request string          `json:"request"`
	Status  int             `json:"status"`
	Body    json.RawMessage `json:"body"`
}

// catalogResources is the fixture file: resource path (no query) -> answer.
type catalogResources struct {
	Comment   string                    `json:"comment"`
	Resources map[string]resourceAnswer `json:"resources"`
}

func callResourceAnswer(t *testing.T, ds *Datasource, url string) resourceAnswer {
	t.Helper()
	var c capture
	path := strings.SplitN(url, "?", 2)[0]
	if err := ds.CallResource(context.Background(), &backend.CallResourceRequest{Method: "GET", Path: path, URL: url}, &c); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(c.resp.Body) {
		t.Fatalf("GET %s: not JSON: %s", url, c.resp.Body)
	}
	return resourceAnswer{Request: url, Status: c.resp.Status, Body: json.RawMessage(c.resp.Body)}
}

func TestWriteCatalogResourcesForBrowserTests(t *testing.T) {
	example, err := os.ReadFile("../../provisioning/catalog/catalog.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ds := newDS(t, settingsJSON(t, string(example), promURL, nil))
	// The executive dashboard's range (the last 7 days), at the end of the seeded history.
	to := dataset.End
	from := to.Add(-7 * 24 * time.Hour)
	step := 2 * time.Hour
	rangeQuery := fmt.Sprintf("from=%d&to=%d&step=%d", from.UnixMilli(), to.UnixMilli(), step.Milliseconds())

	resources := map[string]resourceAnswer{"kpis": callResourceAnswer(t, ds, "kpis")}
	list := resources["kpis"]
	if list.Status != 200 {
		t.Fatalf("GET kpis: status %d: %s", list.Status, list.Body)
	}
	var listed struct {
		KPIs []struct {
			ID string `json:"id"`
		} `json:"kpis"`
	}
	if err := json.Unmarshal(list.Body, &listed); err != nil {
		t.Fatal(err)
	}
	if len(listed.KPIs) == 0 {
		t.Fatal("the example catalog lists no KPIs")
	}
	for _, kpi := range listed.KPIs {
		path := "kpis/" + kpi.ID
		answer := callResourceAnswer(t, ds, path+"?"+rangeQuery)
		if answer.Status != 200 {
			t.Fatalf("GET %s: status %d: %s", path, answer.Status, answer.Body)
		}
		resources[path] = answer
	}
	unknown := callResourceAnswer(t, ds, "kpis/no_such_kpi?"+rangeQuery)
	if unknown.Status != 404 {
		t.Fatalf("GET kpis/no_such_kpi: status %d, want 404", unknown.Status)
	}
	resources["kpis/no_such_kpi"] = unknown

	writeFixture(t, "catalog-resources.json", catalogResources{
		Comment:   "Written by TestWriteCatalogResourcesForBrowserTests (pkg/datasource/catalog_fixture_test.go) from the real backend and provisioning/catalog/catalog.yaml. Do not edit.",
		Resources: resources,
	})
}
