package datasource

import (
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/northstar/kpi/pkg/catalog"
)

// persisted is the instance's state on disk (catalog.StateDir): the last valid
// catalog and the settings it came with, so that a plugin restart with an
// invalid catalog configured, or a settings save whose jsonData cannot be read,
// still serves KPIs. The health check says when that happens.
type persisted struct {
	dir string
	// saved is what was on disk when the instance started.
	saved catalog.Saved
	// loadErr is why the saved state could not be read, if it could not.
	loadErr error
	// settingsErr is why this instance's settings could not be read; the
	// saved settings are used instead.
	settingsErr error
	// jsonData are the settings of this instance, saved with each new catalog.
	jsonData json.RawMessage
	mu       sync.Mutex
	written  *catalog.Catalog
}

func loadState(uid string) *persisted {
	p := &persisted{dir: catalog.StateDir()}
	saved, ok, err := catalog.LoadSaved(p.dir, uid)
	if ok {
		p.saved = saved
	}
	p.loadErr = err
	return p
}

// fallbackSettings are the saved settings, when this instance's cannot be read.
func (p *persisted) fallbackSettings(s backend.DataSourceInstanceSettings, err error) (Settings, error) {
	if p.saved.Catalog == nil || len(p.saved.Settings) == 0 {
		return Settings{}, err
	}
	s.JSONData = p.saved.Settings
	settings, savedErr := parseSettings(s)
	if savedErr != nil {
		return Settings{}, err
	}
	p.settingsErr = err
	return settings, nil
}

// remember saves a catalog that the configured sources loaded (not one served
// from the saved state) with the settings it came from, once per catalog.
func (d *Datasource) remember(cat *catalog.Catalog) {
	p := d.state
	if cat == nil || cat == p.saved.Catalog || p.settingsErr != nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.written == cat {
		return
	}
	p.written = cat
	if err := catalog.Save(p.dir, d.uid, catalog.Saved{SavedAt: time.Now().UTC(), Settings: p.jsonData, Catalog: cat}); err != nil {
		log.DefaultLogger.Warn("cannot keep the last valid catalog on disk", "dir", p.dir, "error", err.Error())
	}
}

// servingSaved tells whether the catalog served is the one from disk.
func (d *Datasource) servingSaved() bool {
	return d.state.saved.Catalog != nil && d.store.Current() == d.state.saved.Catalog
}

// stateHealth says when the datasource serves saved settings or a saved catalog.
func (d *Datasource) stateHealth() []healthItem {
	var items []healthItem
	p := d.state
	if p.settingsErr != nil {
		items = append(items, healthItem{
			text:    fmt.Sprintf("Settings: %v. Serving the last settings that could be read, saved %s; save valid settings to replace them.", p.settingsErr, p.saved.SavedAt.Format(time.RFC3339)),
			problem: "settings invalid (serving the saved ones)",
		})
	}
	if d.servingSaved() {
		items = append(items, healthItem{
			text:    fmt.Sprintf("Catalog: serving the last valid catalog kept on disk (%d KPIs, saved %s in %s), since no configured catalog has loaded since the plugin started.", len(p.saved.Catalog.KPIs), p.saved.SavedAt.Format(time.RFC3339), p.dir),
			problem: "serving the saved catalog",
		})
	}
	if p.loadErr != nil {
		items = append(items, healthItem{text: fmt.Sprintf("Saved state: %v", p.loadErr), problem: "saved catalog unreadable"})
	}
	return items
}
