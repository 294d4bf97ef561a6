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
	"github.com/northstar/kpi/pkg/sqlsource"
)

// ConnectionSettings is one entry of jsonData.connections: its type picks the
// source (prometheus, the default, or postgres, mysql, sqlite) and the rest is
// that source's own settings.
type ConnectionSettings struct {
	Name string
	Type string
	raw  json.RawMessage
}

// UnmarshalJSON keeps the entry whole for the source's own settings.
func (c *ConnectionSettings) UnmarshalJSON(b []byte) error {
	var head struct{ Name, Type string }
	if err := json.Unmarshal(b, &head); err != nil {
		return err
	}
	c.Name, c.Type, c.raw = head.Name, head.Type, append(json.RawMessage(nil), b...)
	return nil
}

// MarshalJSON writes the entry as it was read.
func (c ConnectionSettings) MarshalJSON() ([]byte, error) { return c.raw, nil }

// Language is what the connection answers: sql or promql.
func (c ConnectionSettings) Language() string {
	if sqlsource.IsSQLType(c.Type) {
		return "sql"
	}
	return "promql"
}

// Prometheus reads the entry as a Prometheus connection.
func (c ConnectionSettings) Prometheus() (prometheus.Connection, error) {
	var out prometheus.Connection
	err := json.Unmarshal(c.raw, &out)
	return out, err
}

// SQL reads the entry as a SQL connection.
func (c ConnectionSettings) SQL() (sqlsource.Connection, error) {
	var out sqlsource.Connection
	err := json.Unmarshal(c.raw, &out)
	return out, err
}

// Settings are the datasource's jsonData.
type Settings struct {
	// Catalog is inline catalog YAML.
	Catalog string `json:"catalog"`
	// CatalogPath is a catalog file on the Grafana server, re-read when it changes.
	CatalogPath          string               `json:"catalogPath"`
	Connections          []ConnectionSettings `json:"connections"`
	MaxConcurrentQueries int                  `json:"maxConcurrentQueries"`
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
