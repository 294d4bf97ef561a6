package catalog

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestSavedStateRoundTrips: the saved catalog and settings come back as they
// were, a damaged file is an error that names it, and no temporary file is
// left behind.
func TestSavedStateRoundTrips(t *testing.T) {
	dir := t.TempDir()
	cat, problems := Parse([]byte(threeKPIs))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if _, ok, err := LoadSaved(dir, "uid/1"); ok || err != nil {
		t.Fatalf("nothing saved yet: ok %v, err %v", ok, err)
	}
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	settings := json.RawMessage(`{"connections":[{"name":"prom","url":"http://prom:9090"}]}`)
	if err := Save(dir, "uid/1", Saved{SavedAt: at, Settings: settings, Catalog: cat}); err != nil {
		t.Fatal(err)
	}
	got, ok, err := LoadSaved(dir, "uid/1")
	if err != nil || !ok {
		t.Fatalf("ok %v, err %v", ok, err)
	}
	if !got.SavedAt.Equal(at) || string(got.Settings) != string(settings) || len(got.Catalog.KPIs) != 3 || got.Catalog.KPIs[2].ID != "errors" {
		t.Errorf("got back %+v", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left in the state directory: %v", entries)
	}
	if err := os.WriteFile(filepath.Join(dir, entries[0].Name()), []byte(`{"catalog": {"kpis": [`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := LoadSaved(dir, "uid/1"); ok || err == nil {
		t.Errorf("a damaged file must be an error, got ok %v, err %v", ok, err)
	}
}
