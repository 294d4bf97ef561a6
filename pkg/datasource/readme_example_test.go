package datasource

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"gopkg.in/yaml.v3"

	"github.com/northstar/kpi/pkg/catalog"
)

// The provisioning example of src/README.md (the app's page in Grafana's plugin catalog)
// must work with this build: its inline catalog parses without problems, its settings and
// secrets are the ones the datasource reads, and the datasource it describes answers the
// health check and a query against a real Prometheus.
func TestReadmeProvisioningExample(t *testing.T) {
	raw, err := os.ReadFile("../../src/README.md")
	if err != nil {
		t.Fatal(err)
	}
	var example string
	for _, m := range regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(string(raw), -1) {
		if strings.Contains(m[1], "type: northstar-kpi-datasource") {
			example = m[1]
		}
	}
	if example == "" {
		t.Fatal("src/README.md has no ```yaml block provisioning a northstar-kpi-datasource")
	}
	var prov struct {
		APIVersion  int `yaml:"apiVersion"`
		Datasources []struct {
			Type           string            `yaml:"type"`
			UID            string            `yaml:"uid"`
			JSONData       map[string]any    `yaml:"jsonData"`
			SecureJSONData map[string]string `yaml:"secureJsonData"`
		} `yaml:"datasources"`
	}
	if err := yaml.Unmarshal([]byte(example), &prov); err != nil {
		t.Fatalf("the README's provisioning YAML does not parse: %v", err)
	}
	if prov.APIVersion != 1 || len(prov.Datasources) != 1 || prov.Datasources[0].Type != "northstar-kpi-datasource" {
		t.Fatalf("want apiVersion 1 and one northstar-kpi-datasource, got %+v", prov)
	}
	ds := prov.Datasources[0]

	inline, _ := ds.JSONData["catalog"].(string)
	cat, problems := catalog.Parse([]byte(inline))
	if len(problems) > 0 || cat == nil {
		t.Fatalf("the README's catalog has problems: %v", problems)
	}
	if len(cat.KPIs) == 0 {
		t.Fatal("the README's catalog has no KPI")
	}

	b, err := json.Marshal(ds.JSONData)
	if err != nil {
		t.Fatal(err)
	}
	settings, err := parseSettings(backend.DataSourceInstanceSettings{JSONData: b})
	if err != nil {
		t.Fatal(err)
	}
	if len(settings.Connections) != 1 || settings.Connections[0].Language() != "promql" {
		t.Fatalf("want one Prometheus connection, got %+v", settings.Connections)
	}
	conn, err := settings.Connections[0].Prometheus()
	if err != nil {
		t.Fatal(err)
	}
	if conn.Auth != "bearer" {
		t.Errorf("the example shows bearer authentication, got auth %q", conn.Auth)
	}
	for key := range ds.SecureJSONData {
		if !strings.HasPrefix(key, conn.Name+".") {
			t.Errorf("secureJsonData key %q does not name the connection %q", key, conn.Name)
		}
	}
	// Grafana replaces $PROMETHEUS_TOKEN from its environment; the test Prometheus takes any token.
	secure := map[string]string{}
	for key := range ds.SecureJSONData {
		secure[key] = "token-from-the-environment"
	}

	// The connection, pointed at the test's Prometheus (seeded with the same metrics).
	conns := ds.JSONData["connections"].([]any)
	conns[0].(map[string]any)["url"] = promURL
	b, _ = json.Marshal(ds.JSONData)
	inst, err := New(context.Background(), backend.DataSourceInstanceSettings{UID: ds.UID, JSONData: b, DecryptedSecureJSONData: secure})
	if err != nil {
		t.Fatal(err)
	}
	d := inst.(*Datasource)
	defer d.Dispose()
	health, err := d.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if err != nil || health.Status != backend.HealthStatusOk {
		t.Fatalf("health: %+v %v", health, err)
	}

	kpi := cat.KPIs[0].ID
	to := dataset.End
	q := backend.DataQuery{
		RefID:     "A",
		JSON:      []byte(`{"kpi":"` + kpi + `","measures":["value","target","sli","budget_remaining"]}`),
		TimeRange: backend.TimeRange{From: to.Add(-7 * 24 * time.Hour), To: to},
		Interval:  time.Hour,
	}
	r := run(t, d, q).Responses["A"]
	if r.Error != nil {
		t.Fatalf("query %s: %v", kpi, r.Error)
	}
	// One value and one SLI per region, each a number.
	found := map[string]int{}
	for _, f := range r.Frames {
		if f.Meta == nil || f.Meta.Type != data.FrameTypeNumericMulti || len(f.Fields) != 1 || f.Fields[0].Len() == 0 {
			continue
		}
		if v, ok := f.Fields[0].ConcreteAt(0); ok && !math.IsNaN(v.(float64)) {
			found[f.Fields[0].Name]++
		}
	}
	for _, name := range []string{"value", "target", "sli", "budget_remaining"} {
		if found[name] == 0 {
			t.Errorf("query %s: no %s with a number (found %v)", kpi, name, found)
		}
	}
}
