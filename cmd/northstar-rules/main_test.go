package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
`

func writeCatalog(t *testing.T, doc string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "catalog.yaml")
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestFormats(t *testing.T) {
	path := writeCatalog(t, catalogYAML)
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"-catalog", path}, []string{"- name: northstar-slo-payments-99.9-28d", "record: northstar_slo:sli:ratio28d", "alert: NorthstarSLOBurnRate"}},
		{[]string{"-catalog", path, "-format", "grafana"}, []string{"apiVersion: 1", "folder: Northstar SLOs", "datasourceUid: northstar-kpi", "- burn_pair_5m_1h"}},
		{[]string{"-catalog", path, "-format", "grafana", "-datasource-uid", "prod-kpi"}, []string{"datasourceUid: prod-kpi", "uid: prod-kpi"}},
	}
	for _, c := range cases {
		var stdout, stderr bytes.Buffer
		if code := run(c.args, &stdout, &stderr); code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, stderr.String())
		}
		for _, w := range c.want {
			if !strings.Contains(stdout.String(), w) {
				t.Errorf("%v: output lacks %q", c.args, w)
			}
		}
	}
}

func TestOutFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "rules.yaml")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-catalog", writeCatalog(t, catalogYAML), "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(data), "groups:") || stdout.Len() != 0 {
		t.Errorf("file %q (%v), stdout %q", data, err, stdout.String())
	}
}

// A bad catalog prints every problem with its path and line, and exits 1.
func TestBadCatalog(t *testing.T) {
	doc := strings.Replace(catalogYAML, "objective: 0.999", "objective: 99.9", 1)
	doc = strings.Replace(doc, "direction: higher", "direction: up", 1)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-catalog", writeCatalog(t, doc)}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	for _, want := range []string{"2 problem(s)", "kpis[0].direction (line 6)", "kpis[0].slo.objective (line 15)"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout: %s", stdout.String())
	}
}

func TestUsageErrors(t *testing.T) {
	path := writeCatalog(t, catalogYAML)
	cases := map[string][]string{
		"no catalog":     {},
		"unknown format": {"-catalog", path, "-format", "sloth"},
		"missing file":   {"-catalog", path + ".missing"},
	}
	for name, args := range cases {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code == 0 || stderr.Len() == 0 {
			t.Errorf("%s: exit %d, stderr %q", name, code, stderr.String())
		}
	}
}
