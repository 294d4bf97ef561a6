package catalog

import (
	"fmt"
	"os"
	"slices"
	"sync"
	"time"
)

// Sources says where a catalog comes from: inline YAML, a file, or both (merged;
// ids must be unique across them).
type Sources struct {
	Inline string
	Path   string
}

// Status describes the catalog being served and the last failed load, if any.
type Status struct {
	Loaded    bool          `json:"loaded"`
	KPIs      int           `json:"kpis"`
	LoadedAt  time.Time     `json:"loadedAt"`
	LastError *InvalidError `json:"-"`
	Problems  []Problem     `json:"problems,omitempty"`
}

// Store serves the last valid catalog. A load that fails never replaces it: the
// failure is kept for the health check until a later load succeeds.
type Store struct {
	sources   Sources
	recheck   time.Duration
	mu        sync.Mutex
	current   *Catalog
	loadedAt  time.Time
	lastErr   *InvalidError
	fileStamp string
	// pending is a changed file's stamp seen once: the file is read only when
	// the next check sees the same stamp, so a file caught mid-write (which
	// may well parse: cut at a KPI boundary it is a smaller valid catalog) is
	// never served.
	pending   string
	checkedAt time.Time
}

// NewStore loads the catalog from its sources. The file, if any, is re-read when
// its size or modification time changes and then stays the same for one more
// check, checked at most once per recheck.
func NewStore(src Sources, recheck time.Duration) *Store {
	s := &Store{sources: src, recheck: recheck, checkedAt: time.Now()}
	s.reload("")
	return s
}

// Current returns the catalog being served (nil when none ever loaded) and
// re-reads the file when it has changed.
func (s *Store) Current() *Catalog {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sources.Path != "" && time.Since(s.checkedAt) >= s.recheck {
		s.checkedAt = time.Now()
		s.check(fileStamp(s.sources.Path))
	}
	return s.current
}

// check reloads a changed file once its stamp has held still for one check.
func (s *Store) check(stamp string) {
	switch {
	case stamp == s.fileStamp:
		s.pending = ""
	case stamp == s.pending:
		s.pending = ""
		s.reload(stamp)
	default:
		s.pending = stamp
	}
}

// Status reports what is served and what went wrong last.
func (s *Store) Status() Status {
	cat := s.Current()
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Status{Loaded: cat != nil, LoadedAt: s.loadedAt, LastError: s.lastErr}
	if cat != nil {
		st.KPIs = len(cat.KPIs)
	}
	if s.lastErr != nil {
		st.Problems = s.lastErr.Problems
	}
	return st
}

// Seed makes a catalog the one served, for a store that has none yet, so that a
// datasource whose settings changed keeps serving its last valid catalog.
func (s *Store) Seed(prev *Catalog) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.current == nil && prev != nil {
		s.current = prev
	}
}

func (s *Store) reload(stamp string) {
	if stamp == "" && s.sources.Path != "" {
		stamp = fileStamp(s.sources.Path)
	}
	cat, err := Load(s.sources)
	if s.sources.Path != "" && fileStamp(s.sources.Path) != stamp {
		// Written to while it was read: read it again once it is stable.
		s.pending = ""
		return
	}
	s.fileStamp = stamp
	if err != nil {
		s.lastErr = err
		return
	}
	s.current, s.loadedAt, s.lastErr = cat, time.Now(), nil
}

func fileStamp(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return "missing"
	}
	return fmt.Sprintf("%d/%d", fi.Size(), fi.ModTime().UnixNano())
}

// Load reads and merges the catalog sources, reporting every problem at once.
func Load(src Sources) (*Catalog, *InvalidError) {
	if src.Inline == "" && src.Path == "" {
		return nil, &InvalidError{Problems: []Problem{{Message: "no catalog configured: set inline YAML or a catalog file path in the datasource settings"}}}
	}
	var parts []*Catalog
	var problems []Problem
	if src.Inline != "" {
		cat, p := Parse([]byte(src.Inline))
		problems = append(problems, prefix("inline catalog", p)...)
		parts = append(parts, cat)
	}
	if src.Path != "" {
		cat, p := parseFile(src.Path)
		problems = append(problems, prefix("file "+src.Path, p)...)
		parts = append(parts, cat)
	}
	if len(problems) > 0 {
		return nil, &InvalidError{Problems: problems}
	}
	return merge(parts)
}

// ReadFile reads and validates one catalog file, for the command-line tools;
// the error lists every problem with its path and line.
func ReadFile(path string) (*Catalog, error) {
	cat, problems := parseFile(path)
	if len(problems) > 0 {
		return nil, &InvalidError{Origin: path, Problems: problems}
	}
	return cat, nil
}

func parseFile(path string) (*Catalog, []Problem) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, []Problem{{Message: fmt.Sprintf("cannot read the catalog file: %v", err)}}
	}
	return Parse(data)
}

func prefix(origin string, problems []Problem) []Problem {
	for i := range problems {
		problems[i].Message = fmt.Sprintf("%s: %s", origin, problems[i].Message)
	}
	return problems
}

func merge(parts []*Catalog) (*Catalog, *InvalidError) {
	if len(parts) == 1 {
		return parts[0], nil
	}
	out := &Catalog{APIVersion: APIVersion}
	seen := map[string]bool{}
	var problems []Problem
	for _, part := range parts {
		for _, k := range part.KPIs {
			if seen[k.ID] {
				problems = append(problems, Problem{Path: "kpis", Message: fmt.Sprintf("KPI id %q is defined both inline and in the catalog file", k.ID)})
			}
			seen[k.ID] = true
			out.KPIs = append(out.KPIs, k)
		}
	}
	if len(problems) > 0 {
		return nil, &InvalidError{Problems: problems}
	}
	return out, nil
}

// Find returns the KPI with an id.
func (c *Catalog) Find(id string) (*KPI, bool) {
	for i := range c.KPIs {
		if c.KPIs[i].ID == id {
			return &c.KPIs[i], true
		}
	}
	return nil, false
}

// Selector chooses KPIs by tag, owner and category; empty fields match all.
type Selector struct {
	Tags     []string `json:"tags,omitempty"`
	Owner    string   `json:"owner,omitempty"`
	Category string   `json:"category,omitempty"`
}

// Select returns the KPIs that match every set field of the selector (all tags).
func (c *Catalog) Select(sel Selector) []*KPI {
	var out []*KPI
	for i := range c.KPIs {
		if sel.Matches(&c.KPIs[i]) {
			out = append(out, &c.KPIs[i])
		}
	}
	return out
}

// Matches reports whether a KPI satisfies the selector.
func (sel Selector) Matches(k *KPI) bool {
	if sel.Owner != "" && sel.Owner != k.Owner {
		return false
	}
	if sel.Category != "" && sel.Category != k.Category {
		return false
	}
	for _, t := range sel.Tags {
		if !slices.Contains(k.Tags, t) {
			return false
		}
	}
	return true
}
