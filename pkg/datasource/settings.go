// Package datasource is the Grafana backend datasource: settings, instances,
// QueryData, CheckHealth and the resource API, glued to the catalog, the sources,
// the engine and the frames.
package datasource

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/northstar/kpi/pkg/prometheus"
)

// Settings are the datasource's jsonData.
type Settings struct {
	// Catalog is inline catalog YAML.
	Catalog string `json:"catalog"`
	// CatalogPath is a catalog file on the Grafana server, re-read when it changes.
	CatalogPath          string                  `json:"catalogPath"`
	Connections          []prometheus.Connection `json:"connections"`
	MaxConcurrentQueries int                     `json:"maxConcurrentQueries"`
	// CatalogRecheckSeconds is how often the catalog file is checked for changes.
	CatalogRecheckSeconds int `json:"catalogRecheckSeconds"`
}

const defaultMaxConcurrent = 10

func parseSettings(s backend.DataSourceInstanceSettings) (Settings, error) {
	var out Settings
	if len(s.JSONData) > 0 {
		if err := json.Unmarshal(s.JSONData, &out); err != nil {
			return out, fmt.Errorf("the datasource settings are not valid JSON: %w", err)
		}
	}
	if out.MaxConcurrentQueries <= 0 {
		out.MaxConcurrentQueries = defaultMaxConcurrent
	}
	return out, nil
}

func (s Settings) recheck() time.Duration {
	if s.CatalogRecheckSeconds > 0 {
		return time.Duration(s.CatalogRecheckSeconds) * time.Second
	}
	return 5 * time.Second
}
