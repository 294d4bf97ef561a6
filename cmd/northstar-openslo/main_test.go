package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/northstar/kpi/pkg/catalog"
)

const catalogYAML = `apiVersion: northstar.kpi/v1
kpis:
  - id: payments
    name: Payments success
    owner: team-payments
    direction: higher
    version: "1"
    source: prom
    dimensions: [region]
    query:
      ratio:
        bad: payments_requests_total{job="payments", code="500"}
        total: payments_requests_total{job="payments"}
    slo:
      objective: 0.999
      window: {rolling: 28d}
      alerting: {minEvents: 100}
`

const datadogSLI = `apiVersion: openslo/v1
kind: SLI
metadata: {name: search}
spec:
  ratioMetric:
    good: {metricSource: {type: Datadog, spec: {query: "sum:hits{ok}"}}}
    total: {metricSource: {type: Datadog, spec: {query: "sum:hits{*}"}}}
`

func writeFile(t *testing.T, name, doc string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(stdin), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// Export, then import the export: the same catalog, reports on stderr.
func TestExportImport(t *testing.T) {
	code, exported, stderr := runCmd(t, "", "export", "-catalog", writeFile(t, "catalog.yaml", catalogYAML))
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"kind: SLI", "kind: SLO", "kind: AlertPolicy", "kind: AlertCondition", "kind: DataSource", "indicatorRef: payments", "northstar.kpi/min-events: \"100\""} {
		if !strings.Contains(exported, want) {
			t.Errorf("export lacks %q", want)
		}
	}
	if !strings.Contains(stderr, "kpi/payments slos[0].alerting.minEvents: OpenSLO has no minimum of events") {
		t.Errorf("export report: %s", stderr)
	}
	out := filepath.Join(t.TempDir(), "catalog.yaml")
	code, stdout, stderr := runCmd(t, "", "import", "-out", out, writeFile(t, "slos.yaml", exported))
	if code != 0 || stdout != "" {
		t.Fatalf("import: exit %d: %s %s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "1 KPI(s) converted") {
		t.Errorf("import stderr: %s", stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	back, problems := catalog.Parse(data)
	orig, _ := catalog.Parse([]byte(catalogYAML))
	if len(problems) > 0 || back.KPIs[0].SLOs[0].Alerting.MinEvents != 100 || *back.KPIs[0].Query.Ratio != *orig.KPIs[0].Query.Ratio {
		t.Errorf("imported catalog %v:\n%s", problems, data)
	}
}

// Standard input, several files, and what is not converted on stderr with the
// file it is in; exit 0 all the same.
func TestImportReport(t *testing.T) {
	code, stdout, stderr := runCmd(t, datadogSLI, "import")
	if code != 0 || !strings.Contains(stdout, "kpis: []") || !strings.Contains(stderr, `SLI/search spec.ratioMetric.good.metricSource.type: metric source type "Datadog"`) {
		t.Errorf("stdin: exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, exported, _ := runCmd(t, "", "export", "-catalog", writeFile(t, "catalog.yaml", catalogYAML))
	if code != 0 {
		t.Fatal("export failed")
	}
	a, b := writeFile(t, "a.yaml", exported), writeFile(t, "b.yaml", datadogSLI)
	code, stdout, stderr = runCmd(t, "", "import", "-source", "prom=prometheus", a, b)
	if code != 0 || !strings.Contains(stdout, "id: payments") || !strings.Contains(stderr, b+": SLI/search") {
		t.Errorf("files: exit %d\n%s\n%s", code, stdout, stderr)
	}
}

func TestExitCodes(t *testing.T) {
	bad := writeFile(t, "bad.yaml", strings.Replace(catalogYAML, "direction: higher", "direction: up", 1))
	cases := []struct {
		name  string
		stdin string
		args  []string
		code  int
		err   string
	}{
		{"no command", "", nil, 2, "usage"},
		{"unknown command", "", []string{"convert"}, 2, "unknown command"},
		{"export without catalog", "", []string{"export"}, 2, "usage"},
		{"a bad -source", "", []string{"import", "-source", "prom"}, 2, "name=type"},
		{"a bad -source type", "", []string{"import", "-source", "prom=influx"}, 2, "want prometheus, postgres, mysql or sqlite"},
		{"a catalog with problems", "", []string{"export", "-catalog", bad}, 1, `kpis[0].direction (line 6): must be "higher" or "lower"`},
		{"a missing file", "", []string{"import", "/nonexistent/x.yaml"}, 1, "no such file"},
		{"not YAML", "kind: [", []string{"import"}, 1, "invalid OpenSLO input"},
		{"no OpenSLO object", "just: text\n", []string{"import"}, 1, "apiVersion and kind are required"},
		{"nothing", "", []string{"import"}, 1, "no OpenSLO documents"},
	}
	for _, c := range cases {
		code, _, stderr := runCmd(t, c.stdin, c.args...)
		if code != c.code || !strings.Contains(stderr, c.err) {
			t.Errorf("%s: exit %d, want %d; stderr %q lacks %q", c.name, code, c.code, stderr, c.err)
		}
	}
}
