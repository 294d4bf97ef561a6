package openslo

import (
	"fmt"
	"sort"
	"strings"
)

// Entry is one thing that was not converted, or converted only with an
// assumption that the reason states; nothing is dropped without one.
type Entry struct {
	// File is the input the document came from, when there are several.
	File string `json:"file,omitempty"`
	// Document is "Kind/name" of an OpenSLO object, or "kpi/<id>" of a catalog KPI.
	Document string `json:"document"`
	// Path is the field within the document (spec.timeWindow[0].duration,
	// slos[1].exclusions); empty for the whole document.
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

func (e Entry) String() string {
	where := e.Document
	if e.File != "" {
		where = e.File + ": " + where
	}
	if e.Path != "" {
		where += " " + e.Path
	}
	return where + ": " + e.Reason
}

// report collects entries in the order they are found.
type report struct {
	entries []Entry
	seen    map[Entry]bool
}

// add records an entry once: a policy shared by several SLOs is reported once.
func (r *report) add(file, doc, path, format string, args ...any) {
	e := Entry{File: file, Document: doc, Path: path, Reason: fmt.Sprintf(format, args...)}
	if r.seen == nil {
		r.seen = map[Entry]bool{}
	}
	if r.seen[e] {
		return
	}
	r.seen[e] = true
	r.entries = append(r.entries, e)
}

func (r *report) list() []Entry {
	if r.entries == nil {
		return []Entry{}
	}
	return r.entries
}

// comment writes entries as the lines of a YAML comment.
func comment(title string, entries []Entry) string {
	if len(entries) == 0 {
		return ""
	}
	lines := []string{title}
	for _, e := range entries {
		lines = append(lines, "  "+strings.ReplaceAll(e.String(), "\n", " "))
	}
	return strings.Join(lines, "\n")
}

// sortedKeys makes reports about map entries come in the same order every time.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
