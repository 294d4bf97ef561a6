package catalog

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

var sloNameRE = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

// Under an hour an SLO is an alert threshold rather than an objective; beyond 400
// days (a year and some slack) the range queries get unreasonably long.
const (
	minRollingWindow = time.Hour
	maxRollingWindow = 400 * 24 * time.Hour
)

// sloEntry is one SLO of a KPI with the path its problems are reported at.
type sloEntry struct {
	path string
	slo  *SLO
}

// slos validates a KPI's slo or slos block, fills in the defaults and moves the
// short form into SLOs so that code after validation reads SLOs only.
func (v *validator) slos(path string, k *KPI) {
	entries := sloEntries(path, k)
	if len(entries) == 0 {
		return
	}
	block := path + ".slos"
	if k.SLO != nil {
		block = path + ".slo"
	}
	if k.SLO != nil && len(k.SLOs) > 0 {
		v.add(block, "use slo for one objective or slos for several, not both")
	}
	if k.Query.Kind() == KindValue {
		v.add(block, "an SLO needs a ratio or latency query: it counts good and bad events, which an expr query does not give")
	}
	names := map[string]string{}
	for _, e := range entries {
		v.slo(e.path, e.slo, k.Location())
		if prev, dup := names[e.slo.Name]; dup && e.slo.Name != "" {
			v.add(e.path+".name", "duplicate SLO name %q (also %s); set name to tell them apart", e.slo.Name, prev)
		}
		names[e.slo.Name] = e.path
	}
	if k.SLO != nil && len(k.SLOs) == 0 {
		k.SLOs = []SLO{*k.SLO}
		k.SLO = nil
	}
}

func sloEntries(path string, k *KPI) []sloEntry {
	var entries []sloEntry
	if k.SLO != nil {
		entries = append(entries, sloEntry{path + ".slo", k.SLO})
	}
	for i := range k.SLOs {
		entries = append(entries, sloEntry{fmt.Sprintf("%s.slos[%d]", path, i), &k.SLOs[i]})
	}
	return entries
}

func (v *validator) slo(path string, s *SLO, loc *time.Location) {
	objectiveOK := v.objective(path+".objective", s.Objective)
	windowOK := v.sloWindow(path+".window", s.Window)
	switch {
	case s.Name == "" && objectiveOK && windowOK:
		s.Name = defaultSLOName(s.Objective, s.Window)
	case s.Name != "" && !sloNameRE.MatchString(s.Name):
		v.add(path+".name", "must be letters, digits, '.', '_' or '-' (got %q)", s.Name)
	}
	v.budgeting(path+".budgeting", &s.Budgeting, s.Window, windowOK)
	v.alerting(path+".alerting", s, windowOK)
	v.exclusions(path+".exclusions", s.Exclusions, loc)
}

func (v *validator) objective(path string, x float64) bool {
	switch {
	case x > 0 && x < 1:
		return true
	case x == 0:
		v.add(path, "is required: a fraction between 0 and 1 (0.999 for 99.9%%)")
	case x == 1:
		v.add(path, "objective 1 leaves no error budget: it must be below 1 (e.g. 0.999)")
	case x > 1 && x < 100:
		// The commonest mistake: the objective written as a percentage.
		v.add(path, "objective %s must be a fraction between 0 and 1 (%s%% is %s)", decimal(x), decimal(x), decimal(x/100))
	default:
		v.add(path, "objective %s must be a fraction between 0 and 1", decimal(x))
	}
	return false
}

func (v *validator) sloWindow(path string, w SLOWindow) bool {
	if (w.Rolling == 0) == (w.Calendar == "") {
		v.add(path, "needs exactly one of rolling (e.g. 28d) or calendar (week, month or quarter)")
		return false
	}
	switch w.Calendar {
	case "":
	case CalendarWeek, CalendarMonth, CalendarQuarter:
		return true
	default:
		v.add(path+".calendar", "must be week, month or quarter (got %q)", w.Calendar)
		return false
	}
	if d := time.Duration(w.Rolling); d < minRollingWindow || d > maxRollingWindow {
		v.add(path+".rolling", "must be between 1h and 400d (got %s)", w.Rolling.String())
		return false
	}
	return true
}

// defaultSLOName is the objective as a percentage and the window: "99.9-28d",
// "99.5-calendar-month".
func defaultSLOName(objective float64, w SLOWindow) string {
	return decimal(objective*100) + "-" + w.String()
}

// decimal prints a number without float noise: 99.9, not 99.90000000000001.
func decimal(x float64) string {
	return strconv.FormatFloat(x, 'g', 12, 64)
}

func (v *validator) budgeting(path string, b *Budgeting, w SLOWindow, windowOK bool) {
	if b.Method == "" {
		b.Method = Occurrences
	}
	switch b.Method {
	case Occurrences:
		if b.Slice != 0 {
			v.add(path+".slice", "applies only to timeslices and ratioTimeslices budgeting")
		}
		if b.SliceTarget != 0 {
			v.add(path+".sliceTarget", "applies only to timeslices budgeting")
		}
	case Timeslices:
		v.slice(path, b, w, windowOK)
		v.sliceTarget(path+".sliceTarget", b.SliceTarget)
	case RatioTimeslices:
		v.slice(path, b, w, windowOK)
		if b.SliceTarget != 0 {
			v.add(path+".sliceTarget", "applies only to timeslices budgeting (ratioTimeslices averages the slices' ratios)")
		}
	default:
		v.add(path+".method", "must be occurrences, timeslices or ratioTimeslices (got %q)", b.Method)
	}
}

func (v *validator) slice(path string, b *Budgeting, w SLOWindow, windowOK bool) {
	slice := time.Duration(b.Slice)
	switch {
	case slice <= 0:
		v.add(path+".slice", "is required for %s budgeting: the length of one time slice (e.g. 5m)", b.Method)
	case !windowOK:
	case slice >= w.Nominal():
		v.add(path+".slice", "slice %s must be shorter than the SLO window %s", b.Slice.String(), w.String())
	case w.Calendar == "" && time.Duration(w.Rolling)%slice != 0:
		// Otherwise the window would end in a partial slice.
		v.add(path+".slice", "the rolling window %s must be a whole multiple of the slice %s", w.String(), b.Slice.String())
	}
}

func (v *validator) sliceTarget(path string, x float64) {
	switch {
	case x > 0 && x <= 1:
	case x == 0:
		v.add(path, "is required for timeslices budgeting: the share of good events that makes a slice good (e.g. 0.95)")
	case x > 1 && x <= 100:
		v.add(path, "sliceTarget %s must be a fraction greater than 0 and at most 1 (%s%% is %s)", decimal(x), decimal(x), decimal(x/100))
	default:
		v.add(path, "sliceTarget %s must be a fraction greater than 0 and at most 1", decimal(x))
	}
}

func (v *validator) alerting(path string, s *SLO, windowOK bool) {
	a := &s.Alerting
	if v.finite(path+".minEvents", a.MinEvents) && a.MinEvents < 0 {
		v.add(path+".minEvents", "must not be negative")
	}
	if v.finite(path+".minFailures", a.MinFailures) && a.MinFailures < 0 {
		v.add(path+".minFailures", "must not be negative")
	}
	if len(a.Pairs) > 0 {
		for i, p := range a.Pairs {
			v.burnPair(fmt.Sprintf("%s.pairs[%d]", path, i), p, s.Window, windowOK, s.Budgeting)
		}
		return
	}
	if !windowOK {
		return
	}
	a.Pairs = defaultPairsWithin(s.Window.Nominal())
	if slice := timeslice(s.Budgeting); slice > 0 {
		for _, p := range a.Pairs {
			if time.Duration(p.Short)%slice != 0 || time.Duration(p.Long)%slice != 0 {
				v.add(path+".pairs", "the default pairs use windows of %s and %s, not whole multiples of the slice %s: write alerting.pairs for this slice", p.Long.String(), p.Short.String(), Duration(slice).String())
				return
			}
		}
	}
}

// defaultPairsWithin keeps the default pairs whose long window is shorter than the
// SLO window: a 2d SLO cannot have a 3d alert window.
func defaultPairsWithin(window time.Duration) []BurnPair {
	pairs := []BurnPair{}
	for _, p := range DefaultPairs(window) {
		if time.Duration(p.Long) < window {
			pairs = append(pairs, p)
		}
	}
	return pairs
}

// timeslice is the slice length of a timeslice budgeting method, 0 otherwise.
func timeslice(b Budgeting) time.Duration {
	if b.Method == Timeslices || b.Method == RatioTimeslices {
		return time.Duration(b.Slice)
	}
	return 0
}

func (v *validator) burnPair(path string, p BurnPair, w SLOWindow, windowOK bool, b Budgeting) {
	if p.Severity == "" {
		v.add(path+".severity", "is required (e.g. critical for a page, warning for a ticket)")
	}
	long, short := time.Duration(p.Long), time.Duration(p.Short)
	if short <= 0 {
		v.add(path+".short", "is required (e.g. 5m)")
	}
	switch {
	case long <= 0:
		v.add(path+".long", "is required (e.g. 1h)")
	case long <= short:
		v.add(path+".long", "long window %s must be longer than the short window %s", p.Long.String(), p.Short.String())
	case windowOK && long >= w.Nominal():
		v.add(path+".long", "long window %s must be shorter than the SLO window %s", p.Long.String(), w.String())
	}
	if v.finite(path+".factor", p.Factor) && !(p.Factor > 0) {
		v.add(path+".factor", "must be greater than 0 (a burn rate: 1 spends the budget exactly over the SLO window)")
	}
	// Timeslice burn rates count whole slices: a window that is no multiple of
	// the slice would count a partial one, or none at all.
	if slice := timeslice(b); slice > 0 {
		for _, win := range []struct {
			name string
			d    Duration
		}{{"long", p.Long}, {"short", p.Short}} {
			if win.d > 0 && time.Duration(win.d)%slice != 0 {
				v.add(path+"."+win.name, "%s window %s must be a whole multiple of the slice %s", win.name, win.d.String(), b.Slice.String())
			}
		}
	}
}

func (v *validator) exclusions(path string, ex []Exclusion, loc *time.Location) {
	for i := range ex {
		e := &ex[i]
		p := fmt.Sprintf("%s[%d]", path, i)
		from, fromOK := v.instant(p+".from", e.From, loc)
		to, toOK := v.instant(p+".to", e.To, loc)
		if fromOK && toOK && !to.After(from) {
			v.add(p+".to", "must be after from (%s)", e.From)
		}
		e.from, e.to = from, to
	}
}

func (v *validator) instant(path, s string, loc *time.Location) (time.Time, bool) {
	if s == "" {
		v.add(path, "is required")
		return time.Time{}, false
	}
	t, err := parseInstant(s, loc)
	if err != nil {
		v.add(path, "%v", err)
		return time.Time{}, false
	}
	return t, true
}

// parseInstant reads an exclusion bound: an RFC 3339 time, or a local date-time or
// date in the KPI's time zone (maintenance windows are planned in local time).
func parseInstant(s string, loc *time.Location) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf(`invalid time %q (use an RFC 3339 time, or "2026-11-01 02:00" or "2026-11-01" in the KPI's time zone)`, s)
}
