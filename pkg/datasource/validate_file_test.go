package datasource

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// yamlLine is the 1-based line of the first occurrence of text in yaml.
func yamlLine(t *testing.T, yaml, text string) float64 {
	t.Helper()
	i := strings.Index(yaml, text)
	if i < 0 {
		t.Fatalf("%q is not in the YAML", text)
	}
	return float64(strings.Count(yaml[:i], "\n") + 1)
}

func writeCatalogFile(t *testing.T, yaml string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "catalog.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestValidateFileReportsTheProblemsOfTheFileItReads(t *testing.T) {
	t.Run("a valid file", func(t *testing.T) {
		path := writeCatalogFile(t, testCatalog)
		ds := newDS(t, settingsJSON(t, "", promURL, map[string]any{"catalogPath": path}))
		status, body := callResource(t, ds, "GET", "validate/file", "")
		if status != 200 || body["valid"] != true || len(body["problems"].([]any)) != 0 || body["path"] != path || body["source"] != "file" {
			t.Errorf("status %d: %v", status, body)
		}
	})

	t.Run("problems with their lines, as POST validate reports them", func(t *testing.T) {
		broken := strings.Replace(testCatalog, `total: http_requests_total{job="checkout"}`, `total: http_requests_total{job="checkout"`, 1)
		broken = strings.Replace(broken, "source: prom\n    timezone", "source: elsewhere\n    timezone", 1)
		path := writeCatalogFile(t, broken)
		ds := newDS(t, settingsJSON(t, "", promURL, map[string]any{"catalogPath": path}))
		status, body := callResource(t, ds, "GET", "validate/file", "")
		problems := body["problems"].([]any)
		if status != 200 || body["valid"] != false || len(problems) != 2 {
			t.Fatalf("status %d: %v", status, body)
		}
		first, second := problems[0].(map[string]any), problems[1].(map[string]any)
		if first["path"] != "kpis[0].query.ratio.total" || first["line"] != yamlLine(t, broken, `total: http_requests_total{job="checkout"`) {
			t.Errorf("the PromQL problem: %v", first)
		}
		if second["path"] != "kpis[1].source" || second["line"] != yamlLine(t, broken, "source: elsewhere") ||
			!strings.Contains(second["message"].(string), `"elsewhere" is not a connection`) {
			t.Errorf("the unknown connection: %v", second)
		}
		// The same report as POST validate of the file's text.
		_, posted := callResource(t, ds, "POST", "validate", broken)
		if len(posted["problems"].([]any)) != len(problems) {
			t.Errorf("POST validate: %v", posted)
		}
	})

	t.Run("an id also defined inline", func(t *testing.T) {
		inline := strings.SplitN(testCatalog, "  - id: api_fast", 2)[0]
		file := "apiVersion: northstar.kpi/v1\nkpis:\n  - id: api_fast" + strings.SplitN(testCatalog, "  - id: api_fast", 2)[1]
		file = strings.Replace(file, "  - id: orders", "  - id: checkout_success", 1)
		ds := newDS(t, settingsJSON(t, inline, promURL, map[string]any{"catalogPath": writeCatalogFile(t, file)}))
		_, body := callResource(t, ds, "GET", "validate/file", "")
		problems := body["problems"].([]any)
		if body["valid"] != false || len(problems) != 1 {
			t.Fatalf("%v", body)
		}
		p := problems[0].(map[string]any)
		if p["path"] != "kpis[1].id" || p["line"] != yamlLine(t, file, "id: checkout_success") ||
			!strings.Contains(p["message"].(string), `"checkout_success" is defined both inline and in the catalog file`) {
			t.Errorf("%v", p)
		}
	})

	t.Run("an unreadable file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "missing.yaml")
		ds := newDS(t, settingsJSON(t, testCatalog, promURL, map[string]any{"catalogPath": path}))
		status, body := callResource(t, ds, "GET", "validate/file", "")
		problems := body["problems"].([]any)
		if status != 200 || body["valid"] != false || len(problems) != 1 ||
			!strings.Contains(problems[0].(map[string]any)["message"].(string), "cannot read the catalog file") {
			t.Errorf("status %d: %v", status, body)
		}
	})

	t.Run("no file configured", func(t *testing.T) {
		ds := newDS(t, settingsJSON(t, testCatalog, promURL, nil))
		status, body := callResource(t, ds, "GET", "validate/file", "")
		if status != 400 || !strings.Contains(body["error"].(string), "no catalog file is configured") {
			t.Errorf("status %d: %v", status, body)
		}
	})
}
