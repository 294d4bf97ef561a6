package catalog

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/northstar/kpi/pkg/promql"
	"github.com/prometheus/common/model"
)

var idRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// validator collects problems, each located by path and line.
type validator struct {
	lines    pathLines
	problems []Problem
}

func (v *validator) add(path, format string, args ...any) {
	v.problems = append(v.problems, Problem{Path: path, Line: v.lines.line(path), Message: fmt.Sprintf(format, args...)})
}

func validate(cat *Catalog, lines pathLines) []Problem {
	v := &validator{lines: lines}
	if cat.APIVersion != APIVersion {
		v.add("apiVersion", "must be %q, got %q", APIVersion, cat.APIVersion)
	}
	seen := map[string]int{}
	for i := range cat.KPIs {
		k := &cat.KPIs[i]
		path := fmt.Sprintf("kpis[%d]", i)
		if prev, dup := seen[k.ID]; dup && k.ID != "" {
			v.add(path+".id", "duplicate id %q (also kpis[%d])", k.ID, prev)
		}
		seen[k.ID] = i
		v.kpi(path, k)
	}
	return v.problems
}

func (v *validator) kpi(path string, k *KPI) {
	if !idRE.MatchString(k.ID) {
		v.add(path+".id", "must be lowercase letters, digits and underscores, starting with a letter (got %q)", k.ID)
	}
	v.required(path+".name", k.Name)
	v.required(path+".owner", k.Owner)
	v.required(path+".version", k.Version)
	v.required(path+".source", k.Source)
	if k.Unit == "" {
		k.Unit = "none"
	}
	if k.Decimals != nil && (*k.Decimals < 0 || *k.Decimals > 12) {
		v.add(path+".decimals", "must be between 0 and 12")
	}
	if k.Direction != Higher && k.Direction != Lower {
		v.add(path+".direction", "must be %q or %q", Higher, Lower)
	}
	v.timezone(path, k)
	v.query(path+".query", k.Query)
	v.aggregation(path, k)
	v.dimensions(path+".dimensions", k)
	v.target(path+".target", k)
	v.thresholds(path+".thresholds", k)
	v.comparison(path+".comparison", &k.Comparison)
	// After timezone: calendar windows and exclusion times use the KPI's zone.
	v.slos(path, k)
}

// finite rejects NaN and infinities: YAML spells them (.nan, .inf), but no
// target, threshold, factor or count means them, and JSON cannot carry them,
// so a single one made GET kpis answer with an empty body.
func (v *validator) finite(path string, x float64) bool {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		v.add(path, "must be a finite number (got %v)", x)
		return false
	}
	return true
}

func (v *validator) required(path, value string) {
	if strings.TrimSpace(value) == "" {
		v.add(path, "is required")
	}
}

func (v *validator) timezone(path string, k *KPI) {
	if k.Timezone == "" {
		return
	}
	loc, err := time.LoadLocation(k.Timezone)
	if err != nil {
		v.add(path+".timezone", "unknown time zone %q (use an IANA name such as Europe/Berlin)", k.Timezone)
		return
	}
	k.location = loc
}

func (v *validator) query(path string, q Query) {
	forms := 0
	for _, set := range []bool{q.Expr != "", q.Ratio != nil, q.Latency != nil, q.SQL != nil} {
		if set {
			forms++
		}
	}
	if forms != 1 {
		v.add(path, "needs exactly one of expr, ratio, latency (Prometheus) or sql")
		return
	}
	switch {
	case q.SQL != nil:
		v.sql(path+".sql", q.SQL)
	case q.Expr != "":
		if err := promql.CheckExpr(q.Expr); err != nil {
			v.add(path+".expr", "%v", err)
		}
	case q.Ratio != nil:
		v.ratio(path+".ratio", q.Ratio)
	default:
		v.latency(path+".latency", q.Latency)
	}
}

func (v *validator) ratio(path string, r *Ratio) {
	if (r.Good == "") == (r.Bad == "") {
		v.add(path, "needs exactly one of good or bad, and total")
	}
	v.selector(path+".good", r.Good)
	v.selector(path+".bad", r.Bad)
	if r.Total == "" {
		v.add(path+".total", "is required")
	}
	v.selector(path+".total", r.Total)
}

func (v *validator) selector(path, s string) {
	if s == "" {
		return
	}
	if err := promql.CheckSelector(s); err != nil {
		v.add(path, "%v", err)
	}
}

func (v *validator) latency(path string, l *Latency) {
	if l.Histogram == "" {
		v.add(path+".histogram", "is required")
	} else if err := promql.CheckSelector(l.Histogram); err != nil {
		v.add(path+".histogram", "%v", err)
	} else if promql.SelectorHasLabel(l.Histogram, "le") {
		v.add(path+".histogram", "must not match on le; the threshold chooses the bucket")
	} else if name := strings.SplitN(l.Histogram, "{", 2)[0]; name != "" && !strings.HasSuffix(name, "_bucket") {
		v.add(path+".histogram", "must select a histogram's _bucket series (got %q)", name)
	}
	if v.finite(path+".threshold", l.Threshold) && !(l.Threshold > 0) {
		v.add(path+".threshold", "must be a positive bucket boundary (le)")
	}
}

func (v *validator) aggregation(path string, k *KPI) {
	if k.Query.SQL != nil {
		v.sqlAggregation(path, k)
		return
	}
	kind := k.Query.Kind()
	if k.Aggregation == "" {
		k.Aggregation = AggLast
		if kind != KindValue {
			k.Aggregation = AggRatio
		}
	}
	switch k.Aggregation {
	case AggLast, AggAvg, AggSum, AggMin, AggMax, AggIncrease:
	case AggRatio:
		if kind == KindValue {
			v.add(path+".aggregation", "ratio needs a ratio or latency query")
		}
	case AggWindow:
		v.add(path+".aggregation", "window is for structured SQL measures; a PromQL KPI reduces its series (last, avg, sum, min, max, increase)")
	default:
		v.add(path+".aggregation", "must be one of last, avg, sum, min, max, increase, ratio (got %q)", k.Aggregation)
	}
}

func (v *validator) dimensions(path string, k *KPI) {
	seen := map[string]bool{}
	for i, d := range k.Dimensions {
		p := fmt.Sprintf("%s[%d]", path, i)
		if !model.LabelName(d).IsValidLegacy() || strings.HasPrefix(d, "__") || d == "kpi" {
			v.add(p, "%q is not a usable label name", d)
		}
		if seen[d] {
			v.add(p, "duplicate dimension %q", d)
		}
		seen[d] = true
	}
}

func (v *validator) target(path string, k *KPI) {
	t := k.Target
	if t == nil {
		return
	}
	forms := 0
	for _, set := range []bool{t.Value != nil, len(t.Schedule) > 0, t.Baseline != nil} {
		if set {
			forms++
		}
	}
	if forms != 1 {
		v.add(path, "needs exactly one of value, schedule or baseline")
		return
	}
	if t.Value != nil {
		v.finite(path+".value", *t.Value)
	}
	v.schedule(path+".schedule", k)
	if b := t.Baseline; b != nil {
		v.baseline(path+".baseline", b)
	}
}

func (v *validator) schedule(path string, k *KPI) {
	var prev time.Time
	for i := range k.Target.Schedule {
		s := &k.Target.Schedule[i]
		v.finite(fmt.Sprintf("%s[%d].value", path, i), s.Value)
		p := fmt.Sprintf("%s[%d].from", path, i)
		start, err := parseDate(s.From, k.Location())
		if err != nil {
			v.add(p, "%v", err)
			continue
		}
		if i > 0 && !start.After(prev) {
			v.add(p, "dates must be in ascending order")
		}
		s.from, prev = start, start
	}
}

// parseDate reads a schedule date: a day (2026-01-01, midnight in the KPI's time
// zone) or an RFC 3339 timestamp.
func parseDate(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("invalid date %q (use 2026-01-31 or an RFC 3339 time)", s)
}

// BaselineStatistics are the statistics a baseline target may use.
var BaselineStatistics = []string{"median", "mean", "min", "max"}

func (v *validator) baseline(path string, b *Baseline) {
	if b.Periods < 1 || b.Periods > 52 {
		v.add(path+".periods", "must be between 1 and 52")
	}
	if b.Every <= 0 {
		v.add(path+".every", "is required (e.g. 1w)")
	}
	if b.Statistic == "" {
		b.Statistic = "median"
	}
	if !slices.Contains(BaselineStatistics, b.Statistic) {
		v.add(path+".statistic", "must be one of %s", strings.Join(BaselineStatistics, ", "))
	}
	// Written so that NaN fails too.
	if !(b.Improvement > -1 && b.Improvement < 1) {
		v.add(path+".improvement", "must be a fraction between -1 and 1 (0.05 = 5%%)")
	}
}

func (v *validator) thresholds(path string, k *KPI) {
	t := k.Thresholds
	if t == nil {
		return
	}
	warningOK := t.Warning == nil || v.finite(path+".warning", *t.Warning)
	criticalOK := t.Critical == nil || v.finite(path+".critical", *t.Critical)
	if !warningOK || !criticalOK || t.Warning == nil || t.Critical == nil {
		return
	}
	if k.Direction == Higher && *t.Critical > *t.Warning {
		v.add(path+".critical", "must not be above warning when higher is better")
	}
	if k.Direction == Lower && *t.Critical < *t.Warning {
		v.add(path+".critical", "must not be below warning when lower is better")
	}
}

func (v *validator) comparison(path string, c *Comparison) {
	if c.Type == "" {
		c.Type = ComparePreviousRange
	}
	switch c.Type {
	case ComparePreviousRange:
	case CompareOffset:
		if c.Offset <= 0 {
			v.add(path+".offset", "is required for an offset comparison (e.g. 7d)")
		}
	case CompareCalendar:
		if !slices.Contains([]string{"day", "week", "month", "quarter", "year"}, c.Calendar) {
			v.add(path+".calendar", "must be day, week, month, quarter or year")
		}
	default:
		v.add(path+".type", "must be previous_range, offset or calendar (got %q)", c.Type)
	}
}

// CheckSources reports KPIs whose source is not one of the connections, or a
// connection of the other language (a SQL query on a Prometheus connection).
// connections maps each connection's name to its language (promql or sql).
func CheckSources(cat *Catalog, connections map[string]string) []Problem {
	names := make([]string, 0, len(connections))
	for n := range connections {
		names = append(names, n)
	}
	slices.Sort(names)
	var out []Problem
	for i, k := range cat.KPIs {
		path := fmt.Sprintf("kpis[%d].source", i)
		lang, ok := connections[k.Source]
		switch {
		case !ok:
			out = append(out, Problem{Path: path, Message: fmt.Sprintf("%q is not a connection of this datasource (connections: %v)", k.Source, names)})
		case lang != k.Query.Language():
			out = append(out, Problem{Path: path, Message: fmt.Sprintf("connection %q speaks %s, but the KPI's query is %s", k.Source, lang, k.Query.Language())})
		}
	}
	return out
}
