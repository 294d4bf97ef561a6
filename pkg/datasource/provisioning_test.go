package datasource

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"gopkg.in/yaml.v3"

	"github.com/northstar/kpi/pkg/engine"
)

// What `docker compose up` provisions must work with this build: the datasource's
// jsonData, its catalog file, and every query of the provisioned dashboards.

type provisionedDatasources struct {
	Datasources []struct {
		Type     string         `yaml:"type"`
		UID      string         `yaml:"uid"`
		JSONData map[string]any `yaml:"jsonData"`
	} `yaml:"datasources"`
}

func TestProvisionedDatasourceAnswersTheDashboards(t *testing.T) {
	raw, err := os.ReadFile("../../provisioning/datasources/northstar.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var prov provisionedDatasources
	if err := yaml.Unmarshal(raw, &prov); err != nil {
		t.Fatal(err)
	}
	var jsonData map[string]any
	uid := ""
	for _, d := range prov.Datasources {
		if d.Type == "northstar-kpi-datasource" {
			jsonData, uid = d.JSONData, d.UID
		}
	}
	if jsonData == nil {
		t.Fatal("no northstar-kpi-datasource in the provisioning")
	}
	// Inside the container the catalog is mounted under /etc/grafana/provisioning;
	// here it is the repository's file. Prometheus is the test's.
	if jsonData["catalogPath"] != "/etc/grafana/provisioning/catalog/catalog.yaml" {
		t.Errorf("catalogPath %v does not point at the mounted example catalog", jsonData["catalogPath"])
	}
	jsonData["catalogPath"] = "../../provisioning/catalog/catalog.yaml"
	conns := jsonData["connections"].([]any)
	conns[0].(map[string]any)["url"] = promURL
	// The compose PostgreSQL is the test's, loaded with the same demo shop.
	if len(conns) < 2 || conns[1].(map[string]any)["name"] != "shop" || conns[1].(map[string]any)["type"] != "postgres" {
		t.Fatalf("the provisioning needs the SQL connection shop second, got %v", conns)
	}
	for k, v := range shopConnection(t) {
		conns[1].(map[string]any)[k] = v
	}
	b, _ := json.Marshal(jsonData)
	inst, err := New(context.Background(), backend.DataSourceInstanceSettings{UID: uid, JSONData: b})
	if err != nil {
		t.Fatal(err)
	}
	ds := inst.(*Datasource)
	health, err := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if err != nil || health.Status != backend.HealthStatusOk {
		t.Fatalf("health: %v %v", health, err)
	}

	dashboards, _ := filepath.Glob("../../provisioning/dashboards/*.json")
	if len(dashboards) == 0 {
		t.Fatal("no provisioned dashboards")
	}
	to := dataset.End
	for _, path := range dashboards {
		for _, target := range northstarTargets(t, path, uid) {
			q := backend.DataQuery{RefID: target.RefID, JSON: target.raw, TimeRange: backend.TimeRange{From: to.Add(-7 * 24 * time.Hour), To: to}, Interval: time.Hour}
			r := run(t, ds, q).Responses[target.RefID]
			if r.Error != nil {
				t.Errorf("%s %s: %v", filepath.Base(path), target.RefID, r.Error)
			}
			if len(r.Frames) < 2 {
				t.Errorf("%s %s: only %d frames", filepath.Base(path), target.RefID, len(r.Frames))
			}
		}
	}
}

type dashboardTarget struct {
	RefID      string `json:"refId"`
	Datasource struct {
		Type string `json:"type"`
		UID  string `json:"uid"`
	} `json:"datasource"`
	Measures []string `json:"measures"`
	raw      []byte
}

// northstarTargets are a dashboard's queries to the Northstar datasource; each must
// use the provisioned uid and only measures the backend knows.
func northstarTargets(t *testing.T, path, uid string) []dashboardTarget {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Panels []struct {
			Targets []json.RawMessage `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(raw, &dash); err != nil {
		t.Fatal(err)
	}
	var out []dashboardTarget
	for _, p := range dash.Panels {
		for _, msg := range p.Targets {
			var target dashboardTarget
			if err := json.Unmarshal(msg, &target); err != nil {
				t.Fatal(err)
			}
			if target.Datasource.Type != "northstar-kpi-datasource" {
				continue
			}
			if target.Datasource.UID != uid {
				t.Errorf("%s: query %s uses datasource uid %q, provisioned is %q", filepath.Base(path), target.RefID, target.Datasource.UID, uid)
			}
			if _, err := engine.ParseMeasures(target.Measures); err != nil {
				t.Errorf("%s: query %s: %v", filepath.Base(path), target.RefID, err)
			}
			target.raw = msg
			out = append(out, target)
		}
	}
	if len(out) == 0 {
		t.Errorf("%s has no Northstar queries", filepath.Base(path))
	}
	return out
}
