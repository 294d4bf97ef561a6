package rules

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/northstar/kpi/pkg/catalog"
)

// writeRuleFile writes the Prometheus rules of a catalog to a temporary file.
func writeRuleFile(t testing.TB, cat *catalog.Catalog) (string, *RuleFile) {
	t.Helper()
	f, err := Prometheus(cat)
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "northstar-slo-rules.yaml")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, f
}

// promtool is required: without it these tests cannot prove anything, so they
// fail rather than skip.
func promtool(t testing.TB) string {
	t.Helper()
	path, err := exec.LookPath("promtool")
	if err != nil {
		t.Fatalf("promtool is not installed (apt-get install prometheus): %v", err)
	}
	return path
}

func countRules(f *RuleFile) int {
	n := 0
	for _, g := range f.Groups {
		n += len(g.Rules)
	}
	return n
}

// Prometheus's own checker accepts the whole file: names, expressions, labels,
// annotation templates, and no duplicate rules.
func TestPromtoolCheckRules(t *testing.T) {
	path, f := writeRuleFile(t, parseCatalog(t, testCatalog))
	checkWithPromtool(t, path, countRules(f))
}

func checkWithPromtool(t *testing.T, path string, rules int) {
	t.Helper()
	out, err := exec.Command(promtool(t), "check", "rules", path).CombinedOutput()
	if err != nil {
		t.Fatalf("promtool check rules: %v\n%s", err, out)
	}
	want := fmt.Sprintf("SUCCESS: %d rules found", rules)
	if !strings.Contains(string(out), want) {
		t.Errorf("promtool says:\n%s\nwant %q", out, want)
	}
	t.Logf("%s", strings.TrimSpace(string(out)))
}
