package datasource

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// restart forgets what the plugin process holds in memory, as a restart does.
func restart(uid string) { lastValid.Delete(uid) }

func ordersValue(t *testing.T, ds *Datasource) backend.DataResponse {
	t.Helper()
	return run(t, ds, query("A", dataset.End.Add(-time.Hour), dataset.End, time.Minute, map[string]any{"kpi": "orders", "measures": []string{"value"}})).Responses["A"]
}

// TestLastValidCatalogSurvivesRestartAndBadSettings: after a restart with an
// invalid catalog configured, and after a settings save whose jsonData is not
// JSON, the KPIs stay queryable from the catalog kept on disk, and the health
// check says so.
func TestLastValidCatalogSurvivesRestartAndBadSettings(t *testing.T) {
	uid := t.Name()
	open := func(jsonData []byte) (*Datasource, error) {
		inst, err := New(context.Background(), backend.DataSourceInstanceSettings{UID: uid, JSONData: jsonData})
		if err != nil {
			return nil, err
		}
		ds := inst.(*Datasource)
		t.Cleanup(ds.Dispose)
		return ds, nil
	}
	good, err := open(settingsJSON(t, testCatalog, promURL, nil))
	if err != nil {
		t.Fatal(err)
	}
	if r := ordersValue(t, good); r.Error != nil {
		t.Fatal(r.Error)
	}
	good.Dispose()

	cases := []struct {
		name     string
		jsonData []byte
		health   []string
	}{
		{"restart with an invalid catalog", settingsJSON(t, "apiVersion: nope", promURL, nil),
			[]string{"serving the last valid catalog kept on disk (3 KPIs"}},
		{"settings that are not JSON", []byte(`{"catalog": "apiVersion: northstar.kpi/v1`),
			[]string{"Settings: the datasource settings are not valid JSON", "Serving the last settings that could be read", "Catalog: OK, 3 KPIs"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			restart(uid)
			ds, err := open(c.jsonData)
			if err != nil {
				t.Fatalf("the datasource must start: %v", err)
			}
			if r := ordersValue(t, ds); r.Error != nil || len(r.Frames) == 0 {
				t.Fatalf("KPIs must stay queryable: %v", r.Error)
			}
			res, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
			text := healthText(t, res)
			if res.Status != backend.HealthStatusError {
				t.Errorf("health status %v, want an error that explains", res.Status)
			}
			for _, want := range c.health {
				if !strings.Contains(text, want) {
					t.Errorf("health does not say %q:\n%s", want, text)
				}
			}
			ds.Dispose()
		})
	}
}

// TestUnreadableSettingsWithoutSavedStateSayWhy: with nothing kept on disk, a
// datasource whose settings are not JSON still fails to start with a clear
// message.
func TestUnreadableSettingsWithoutSavedStateSayWhy(t *testing.T) {
	_, err := New(context.Background(), backend.DataSourceInstanceSettings{UID: t.Name(), JSONData: []byte(`{not json`)})
	if err == nil || !strings.Contains(err.Error(), "not valid JSON") {
		t.Fatalf("want the JSON problem, got %v", err)
	}
}
