package catalog

import (
	"os"
	"path/filepath"
	"testing"
)

const threeKPIs = `apiVersion: northstar.kpi/v1
kpis:
  - id: orders
    name: Orders
    owner: shop
    version: "1"
    direction: higher
    source: prom
    query: {expr: 'sum(increase(orders_total[$__window]))'}
    aggregation: sum
  - id: signups
    name: Signups
    owner: growth
    version: "1"
    direction: higher
    source: prom
    query: {expr: 'sum(increase(signups_total[$__window]))'}
    aggregation: sum
  - id: errors
    name: Errors
    owner: sre
    version: "1"
    direction: lower
    source: prom
    query: {expr: 'sum(rate(errors_total[$__window]))'}
`

// TestFileCaughtMidWriteIsNeverServed: every prefix of a 3-KPI file that is
// itself a valid (smaller) catalog, written and then completed between two
// checks, is never served: the store waits until the file holds still.
func TestFileCaughtMidWriteIsNeverServed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "catalog.yaml")
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(threeKPIs)
	s := NewStore(Sources{Path: path}, 0)
	if n := len(s.Current().KPIs); n != 3 {
		t.Fatalf("start: %d KPIs", n)
	}
	validPrefixes := 0
	for i := 1; i < len(threeKPIs); i++ {
		prefix := threeKPIs[:i]
		if cat, problems := Parse([]byte(prefix)); len(problems) > 0 || len(cat.KPIs) == 3 {
			continue
		}
		validPrefixes++
		write(prefix)
		if n := len(s.Current().KPIs); n != 3 {
			t.Fatalf("prefix of %d bytes (%d KPIs) served while the file was being written", i, n)
		}
		write(threeKPIs)
		for range 2 {
			if n := len(s.Current().KPIs); n != 3 {
				t.Fatalf("after the write completed: %d KPIs", n)
			}
		}
	}
	if validPrefixes == 0 {
		t.Fatal("no prefix of the test file is a valid catalog: the test proves nothing")
	}
	t.Logf("%d byte-prefixes are valid smaller catalogs; none was served", validPrefixes)
}

// TestChangedFileIsServedOnceStable: a change is picked up on the second check
// that sees it unchanged; writers that rename into place are seen at once
// complete (docs/catalog.md).
func TestChangedFileIsServedOnceStable(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "catalog.yaml")
	if err := os.WriteFile(path, []byte(threeKPIs), 0o600); err != nil {
		t.Fatal(err)
	}
	s := NewStore(Sources{Path: path}, 0)
	two := threeKPIs[:len(threeKPIs)-len("  - id: errors\n    name: Errors\n    owner: sre\n    version: \"1\"\n    direction: lower\n    source: prom\n    query: {expr: 'sum(rate(errors_total[$__window]))'}\n")]
	tmp := filepath.Join(dir, ".catalog.yaml.tmp")
	if err := os.WriteFile(tmp, []byte(two), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
	counts := []int{len(s.Current().KPIs), len(s.Current().KPIs)}
	if counts[0] != 3 || counts[1] != 2 {
		t.Errorf("KPIs served on the two checks after the change: %v, want [3 2]", counts)
	}
}
