package catalog

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"time"
)

// Saved is what a datasource keeps on disk so that a restart, or a settings
// save that cannot be read, still finds a catalog to serve: the last valid
// catalog and the settings it was loaded with. Settings hold no secrets (those
// are in secureJsonData, which Grafana keeps and decrypts on its own).
type Saved struct {
	SavedAt  time.Time       `json:"savedAt"`
	Settings json.RawMessage `json:"settings,omitempty"`
	Catalog  *Catalog        `json:"catalog"`
}

// StateDir is where datasources keep their Saved state: $NORTHSTAR_STATE_DIR,
// else northstar-kpi in Grafana's data directory ($GF_PATHS_DATA), else in the
// user's cache directory.
func StateDir() string {
	if d := os.Getenv("NORTHSTAR_STATE_DIR"); d != "" {
		return d
	}
	if d := os.Getenv("GF_PATHS_DATA"); d != "" {
		return filepath.Join(d, "northstar-kpi")
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "northstar-kpi")
	}
	return filepath.Join(os.TempDir(), "northstar-kpi")
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_-]`)

// savedPath is the file of one datasource (by uid) in dir.
func savedPath(dir, uid string) string {
	return filepath.Join(dir, "datasource-"+unsafeName.ReplaceAllString(uid, "_")+".json")
}

// Save writes a datasource's state atomically: to a temporary file in the same
// directory, synced, then renamed over the old one, so that a crash leaves the
// old state or the new one, never half of either.
func Save(dir, uid string, s Saved) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot keep the last valid catalog: %w", err)
	}
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".datasource-*.tmp")
	if err != nil {
		return fmt.Errorf("cannot keep the last valid catalog: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot keep the last valid catalog: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot keep the last valid catalog: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot keep the last valid catalog: %w", err)
	}
	return os.Rename(tmp.Name(), savedPath(dir, uid))
}

// LoadSaved reads a datasource's saved state; ok is false when there is none.
// The saved catalog is validated again, as any catalog is.
func LoadSaved(dir, uid string) (Saved, bool, error) {
	b, err := os.ReadFile(savedPath(dir, uid))
	if errors.Is(err, os.ErrNotExist) {
		return Saved{}, false, nil
	}
	if err != nil {
		return Saved{}, false, err
	}
	var raw struct {
		SavedAt  time.Time       `json:"savedAt"`
		Settings json.RawMessage `json:"settings"`
		Catalog  json.RawMessage `json:"catalog"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return Saved{}, false, fmt.Errorf("the saved catalog %s is damaged: %w", savedPath(dir, uid), err)
	}
	cat, problems := Parse(raw.Catalog)
	if len(problems) > 0 {
		return Saved{}, false, fmt.Errorf("the saved catalog %s is not valid: %w", savedPath(dir, uid), &InvalidError{Problems: problems})
	}
	return Saved{SavedAt: raw.SavedAt, Settings: raw.Settings, Catalog: cat}, true, nil
}
