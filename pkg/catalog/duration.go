package catalog

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/prometheus/common/model"
	"gopkg.in/yaml.v3"
)

// Duration is a Prometheus-style duration ("30s", "5m", "7d", "1w") in YAML and JSON.
type Duration time.Duration

// ParseDuration reads a Prometheus-style duration.
func ParseDuration(s string) (Duration, error) {
	d, err := model.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q (use e.g. 30s, 5m, 1h, 7d, 1w)", s)
	}
	return Duration(d), nil
}

// UnmarshalYAML accepts a duration string.
func (d *Duration) UnmarshalYAML(node *yaml.Node) error {
	parsed, err := ParseDuration(node.Value)
	if err != nil {
		// A TypeError lets the decoder go on and report every problem at once.
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %v", node.Line, err)}}
	}
	*d = parsed
	return nil
}

// MarshalJSON writes the duration the way it is written in the catalog.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(d.String())
}

func (d Duration) String() string {
	if d == 0 {
		return ""
	}
	// Catalogs speak in days ("28d", "7d"); Prometheus would print whole weeks
	// ("4w"), which nobody wrote.
	const day = Duration(24 * time.Hour)
	if d%day == 0 {
		return fmt.Sprintf("%dd", d/day)
	}
	return model.Duration(d).String()
}
