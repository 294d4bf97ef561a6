package catalog

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a catalog, located by its path and line.
type Problem struct {
	Path    string `json:"path"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	where := p.Path
	if where == "" {
		where = "catalog"
	}
	if p.Line > 0 {
		return fmt.Sprintf("%s (line %d): %s", where, p.Line, p.Message)
	}
	return fmt.Sprintf("%s: %s", where, p.Message)
}

// InvalidError carries every problem found in a catalog.
type InvalidError struct {
	Origin   string
	Problems []Problem
}

func (e *InvalidError) Error() string {
	lines := make([]string, 0, len(e.Problems))
	for _, p := range e.Problems {
		lines = append(lines, p.String())
	}
	prefix := "invalid catalog"
	if e.Origin != "" {
		prefix += " from " + e.Origin
	}
	return fmt.Sprintf("%s: %d problem(s): %s", prefix, len(e.Problems), strings.Join(lines, "; "))
}
