package datasource

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The config editor offers starter catalogs (src/datasource/components/config/starterCatalog.ts):
// both must be catalogs the backend accepts, on a connection of the right language.
func TestStarterCatalogsOfTheConfigEditorAreValid(t *testing.T) {
	ts, err := os.ReadFile("../../src/datasource/components/config/starterCatalog.ts")
	if err != nil {
		t.Fatal(err)
	}
	templates := regexp.MustCompile("(?s)const (PROMETHEUS|SQL)_STARTER = `(.*?)`;").FindAllStringSubmatch(string(ts), -1)
	if len(templates) != 2 {
		t.Fatalf("want the Prometheus and the SQL starter, found %d", len(templates))
	}
	conns := []map[string]any{{"name": "prom", "type": "prometheus", "url": promURL}, shopConnection(t)}
	ds := newDS(t, settingsJSON(t, testCatalog, promURL, map[string]any{"connections": conns}))
	for _, m := range templates {
		source := map[string]string{"PROMETHEUS": "prom", "SQL": "shop"}[m[1]]
		yaml := strings.Replace(m[2], "__SOURCE__", source, 1)
		status, body := callResource(t, ds, "POST", "validate", yaml)
		if status != 200 || body["valid"] != true {
			t.Errorf("the %s starter catalog: %v\n%s", m[1], body, yaml)
		}
		if !strings.Contains(yaml, "slo:") || !strings.Contains(yaml, "ratio:") {
			t.Errorf("the %s starter has no ratio query or no SLO", m[1])
		}
	}
}
