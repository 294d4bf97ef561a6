// Package datasource is the Grafana backend datasource: settings, instances,
// QueryData, CheckHealth and the resource API, glued to the catalog, the sources,
// the engine and the frames.
package datasource

import (
	"encoding/json"
	"fmt"
	"regexp"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/northstar/kpi/pkg/prometheus"
	"github.com/northstar/kpi/pkg/sqlsource"
)

// ConnectionSettings is one entry of jsonData.connections: its type picks the
// source (prometheus, the default, or postgres, mysql, sqlite) and the rest is
// that source's own settings.
type ConnectionSettings struct {
	// ID keys the connection's secrets; empty for connections from before ids
	// (SecretID is then the name).
	ID   string
	Name string
	Type string
	raw  json.RawMessage
}

// UnmarshalJSON keeps the entry whole for the source's own settings.
func (c *ConnectionSettings) UnmarshalJSON(b []byte) error {
	var head struct{ ID, Name, Type string }
	if err := json.Unmarshal(b, &head); err != nil {
		return err
	}
	c.ID, c.Name, c.Type, c.raw = head.ID, head.Name, head.Type, append(json.RawMessage(nil), b...)
	return nil
}

// SecretID is what the connection's secrets are keyed by in secureJsonData,
// "<SecretID>.<secret>": its id, which the config editor gives every connection
// once and keeps across renames, or its name when it has none (connections
// saved or provisioned before ids existed).
func (c ConnectionSettings) SecretID() string {
	if c.ID != "" {
		return c.ID
	}
	return c.Name
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// idProblem says why connection i's id cannot key its secrets: not of letters,
// digits, "-" and "_", or the same as another connection's (two connections
// would read each other's secrets). Of two with the same, the later one is refused.
func (s Settings) idProblem(i int) error {
	c := s.Connections[i]
	if c.ID != "" && !idPattern.MatchString(c.ID) {
		return fmt.Errorf("connection %q: the id %q must be 1 to 64 letters, digits, \"-\" and \"_\"", c.Name, c.ID)
	}
	for _, other := range s.Connections[:i] {
		if other.SecretID() == c.SecretID() {
			return fmt.Errorf("connection %q: its id %q is already that of connection %q, and ids key the secrets: give each connection its own id", c.Name, c.SecretID(), other.Name)
		}
	}
	return nil
}

// secretPrefixes are where connection i's secrets are looked up, in order: its
// SecretID, then, for a connection given an id after its secrets were saved
// under its name, the name; unless the name is another connection's SecretID,
// whose secrets those are.
func (s Settings) secretPrefixes(i int) []string {
	c := s.Connections[i]
	if c.ID == "" || c.ID == c.Name {
		return []string{c.SecretID()}
	}
	for j, other := range s.Connections {
		if j != i && other.SecretID() == c.Name {
			return []string{c.ID}
		}
	}
	return []string{c.ID, c.Name}
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
