package catalog

import (
	"slices"

	"gopkg.in/yaml.v3"
)

// Lines parses a catalog's YAML once and returns a lookup from a catalog path
// (kpis[3].source, kpis[0].query.ratio.good, ...) to its line, or to the line of
// its nearest ancestor that exists; 0 when the YAML does not parse. It gives a
// line to problems found outside Parse, such as those of CheckSources.
func Lines(data []byte) func(path string) int {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil || len(root.Content) == 0 {
		return func(string) int { return 0 }
	}
	lines := pathLines{}
	lines.walk(root.Content[0], "")
	return lines.line
}

// WithLines fills in the line of every problem that has a path but no line.
func WithLines(problems []Problem, line func(path string) int) []Problem {
	out := slices.Clone(problems)
	for i := range out {
		if out[i].Line == 0 && out[i].Path != "" {
			out[i].Line = line(out[i].Path)
		}
	}
	return out
}

// Lenient decodes as much of a catalog as the YAML allows, without validating
// it, so checks such as CheckSources can run on a catalog that Parse rejects.
// It returns nil when the YAML does not parse at all.
func Lenient(data []byte) *Catalog {
	var cat Catalog
	if err := yaml.Unmarshal(data, &cat); err != nil {
		if _, partial := err.(*yaml.TypeError); !partial {
			return nil
		}
	}
	return &cat
}
