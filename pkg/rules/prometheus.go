// Package rules turns the SLOs of a KPI catalog into Prometheus recording and
// alerting rules (in the style of Pyrra and Sloth, but computed from event totals)
// and into Grafana alert-rule provisioning that queries the datasource itself.
// docs/rules.md describes the output.
package rules

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/promql"
)

// Interval is the evaluation interval of every generated group.
const Interval = "1m"

// RuleFile is a Prometheus rule file.
type RuleFile struct {
	Groups []RuleGroup `yaml:"groups"`
}

// RuleGroup is one KPI SLO's rules; Comment is written above it in the file.
type RuleGroup struct {
	Name     string `yaml:"name"`
	Interval string `yaml:"interval"`
	Rules    []Rule `yaml:"rules"`
	Comment  string `yaml:"-"`
}

// Rule is a recording rule (Record set) or an alerting rule (Alert set).
type Rule struct {
	Record      string            `yaml:"record,omitempty"`
	Alert       string            `yaml:"alert,omitempty"`
	Expr        string            `yaml:"expr"`
	Labels      map[string]string `yaml:"labels,omitempty"`
	Annotations map[string]string `yaml:"annotations,omitempty"`
}

// sloRef is one SLO of one KPI, in the order the output lists them.
type sloRef struct {
	kpi *catalog.KPI
	slo catalog.SLO
}

// sortedSLOs lists every SLO of the catalog by KPI id and SLO name, so that the
// output does not depend on the catalog's order.
func sortedSLOs(cat *catalog.Catalog) ([]sloRef, error) {
	var out []sloRef
	for i := range cat.KPIs {
		k := &cat.KPIs[i]
		for _, s := range k.SLOs {
			if s.Name == "" {
				return nil, fmt.Errorf("KPI %q has an SLO without a name; rules are generated from a validated catalog", k.ID)
			}
			out = append(out, sloRef{kpi: k, slo: s})
		}
	}
	slices.SortFunc(out, func(a, b sloRef) int {
		return cmp.Or(cmp.Compare(a.kpi.ID, b.kpi.ID), cmp.Compare(a.slo.Name, b.slo.Name))
	})
	for i := 1; i < len(out); i++ {
		if out[i].kpi.ID == out[i-1].kpi.ID && out[i].slo.Name == out[i-1].slo.Name {
			return nil, fmt.Errorf("KPI %q has two SLOs named %q", out[i].kpi.ID, out[i].slo.Name)
		}
	}
	return out, nil
}

// Prometheus builds the rule file for every SLO of a validated catalog: one group
// per KPI and SLO, named northstar-slo-<kpi>-<slo>.
func Prometheus(cat *catalog.Catalog) (*RuleFile, error) {
	refs, err := sortedSLOs(cat)
	// SQL KPIs have no series in Prometheus: their alerts come from the Grafana
	// rules, which query the datasource.
	refs = slices.DeleteFunc(refs, func(r sloRef) bool { return r.kpi.Query.SQL != nil })
	if err != nil {
		return nil, err
	}
	file := &RuleFile{Groups: []RuleGroup{}}
	for _, r := range refs {
		g, err := prometheusGroup(r)
		if err != nil {
			return nil, err
		}
		file.Groups = append(file.Groups, g)
	}
	return file, nil
}

// GroupName is the rule group of one KPI SLO, in Prometheus and in Grafana.
func GroupName(kpiID, sloName string) string {
	return "northstar-slo-" + kpiID + "-" + sloName
}

func prometheusGroup(r sloRef) (RuleGroup, error) {
	if err := checkLabels(r); err != nil {
		return RuleGroup{}, err
	}
	ev, err := newEvents(r.kpi)
	if err != nil {
		return RuleGroup{}, err
	}
	records, err := recordingRules(r, ev)
	if err != nil {
		return RuleGroup{}, err
	}
	alerts, err := alertingRules(r, ev)
	if err != nil {
		return RuleGroup{}, err
	}
	return RuleGroup{
		Name:     GroupName(r.kpi.ID, r.slo.Name),
		Interval: Interval,
		Rules:    append(records, alerts...),
		Comment:  groupComment(r),
	}, nil
}

// checkLabels refuses dimensions that the rules' own labels would overwrite.
func checkLabels(r sloRef) error {
	for _, d := range r.kpi.Dimensions {
		if slices.Contains(reservedLabels, d) {
			return fmt.Errorf("KPI %q: dimension %q clashes with a label of the generated rules (%v)", r.kpi.ID, d, reservedLabels)
		}
	}
	return nil
}

var reservedLabels = []string{LabelKPI, LabelSLO, "severity", "long_window", "short_window"}

func recordingRules(r sloRef, ev events) ([]Rule, error) {
	window := r.slo.Window.Nominal()
	type rec struct{ name, expr string }
	recs := []rec{
		{RequestsRecord(window), ev.totalOver(window)},
		{ErrorsRecord(window), ev.badOver(window)},
		{SLIRecord(window), ev.sli(r.slo, window)},
		{BudgetRemainingRecord(window), ev.budgetRemaining(r.slo, window)},
	}
	burnWindows, err := burnWindows(r.slo)
	if err != nil {
		return nil, fmt.Errorf("KPI %q SLO %q: %w", r.kpi.ID, r.slo.Name, err)
	}
	for _, w := range burnWindows {
		recs = append(recs, rec{BurnRateRecord(w), ev.burnRate(r.slo, w)})
	}
	out := make([]Rule, 0, len(recs))
	for _, x := range recs {
		expr, err := canonical(x.expr)
		if err != nil {
			return nil, err
		}
		out = append(out, Rule{Record: x.name, Expr: expr, Labels: sloLabels(r)})
	}
	return out, nil
}

// burnWindows are the distinct long and short windows of the SLO's pairs, shortest
// first. A slice-based burn rate needs at least one whole slice.
func burnWindows(s catalog.SLO) ([]time.Duration, error) {
	var ws []time.Duration
	for _, p := range s.Alerting.Pairs {
		ws = append(ws, time.Duration(p.Short), time.Duration(p.Long))
	}
	slices.Sort(ws)
	ws = slices.Compact(ws)
	for _, w := range ws {
		if w <= 0 {
			return nil, fmt.Errorf("burn-rate window %s is not positive", w)
		}
		if isTimeslices(s) && w < time.Duration(s.Budgeting.Slice) {
			return nil, fmt.Errorf("burn-rate window %s is shorter than the %s slice", durationName(w), durationName(time.Duration(s.Budgeting.Slice)))
		}
	}
	return ws, nil
}

func sloLabels(r sloRef) map[string]string {
	return map[string]string{LabelKPI: r.kpi.ID, LabelSLO: r.slo.Name}
}

// alertingRules fire when both windows of a pair burn at least at its factor, as
// catalog.BurnPair defines it and the datasource evaluates it. They read the burn
// rates recorded in the same group: alerts are never backfilled, so they may
// depend on recorded series.
func alertingRules(r sloRef, ev events) ([]Rule, error) {
	out := make([]Rule, 0, len(r.slo.Alerting.Pairs))
	seen := map[string]bool{}
	for _, p := range r.slo.Alerting.Pairs {
		key := BurnPairMeasure(p)
		if seen[key] {
			return nil, fmt.Errorf("KPI %q SLO %q: two burn pairs over %s and %s", r.kpi.ID, r.slo.Name, p.Short, p.Long)
		}
		seen[key] = true
		expr, err := canonical(pairExpr(r, ev, p))
		if err != nil {
			return nil, err
		}
		out = append(out, Rule{
			Alert:       AlertName,
			Expr:        expr,
			Labels:      pairLabels(r, p),
			Annotations: pairAnnotations(r, p, true),
		})
	}
	return out, nil
}

func pairExpr(r sloRef, ev events, p catalog.BurnPair) string {
	sel := fmt.Sprintf("{%s=%q, %s=%q}", LabelKPI, r.kpi.ID, LabelSLO, r.slo.Name)
	// The exact factor, so that Prometheus and the datasource compare alike.
	factor := promql.FormatFloat(p.Factor)
	long, short := time.Duration(p.Long), time.Duration(p.Short)
	expr := fmt.Sprintf("(%s%s >= %s) and (%s%s >= %s)", BurnRateRecord(long), sel, factor, BurnRateRecord(short), sel, factor)
	on := fmt.Sprintf("on (%s)", strings.Join(r.kpi.Dimensions, ", "))
	if n := r.slo.Alerting.MinEvents; n > 0 {
		expr = fmt.Sprintf("(%s) and %s (%s >= %s)", expr, on, ev.totalOver(long), promql.FormatFloat(n))
	}
	if n := r.slo.Alerting.MinFailures; n > 0 {
		expr = fmt.Sprintf("(%s) and %s (%s >= %s)", expr, on, ev.badOver(long), promql.FormatFloat(n))
	}
	return expr
}

func pairLabels(r sloRef, p catalog.BurnPair) map[string]string {
	l := sloLabels(r)
	l["severity"] = p.Severity
	l["long_window"] = durationName(time.Duration(p.Long))
	l["short_window"] = durationName(time.Duration(p.Short))
	return l
}

// pairAnnotations name the KPI, the objective and the factor, and say how much of
// the budget the pair lets burn within its long window (factor * long / window).
// Prometheus templates are added only where Prometheus evaluates them.
func pairAnnotations(r sloRef, p catalog.BurnPair, prometheus bool) map[string]string {
	long, short := time.Duration(p.Long), time.Duration(p.Short)
	share := p.Factor * float64(long) / float64(r.slo.Window.Nominal())
	summary := fmt.Sprintf("%s: error budget of SLO %s (objective %s%%) burning at %s× or faster",
		r.kpi.Name, r.slo.Name, percent(r.slo.Objective), formatNumber(p.Factor))
	desc := fmt.Sprintf("KPI %s (%s, owner %s): the burn rate against the objective %s%% over %s has been at least %s over both the last %s and the last %s; at that rate %s%% of the error budget is spent within %s.",
		r.kpi.Name, r.kpi.ID, r.kpi.Owner, percent(r.slo.Objective), windowText(r.slo.Window), formatNumber(p.Factor),
		durationName(long), durationName(short), percentShort(share), durationName(long))
	if prometheus {
		desc += fmt.Sprintf(" Burn rate over %s: {{ $value | humanize }}.", durationName(long))
	}
	return map[string]string{"summary": summary, "description": desc}
}

func windowText(w catalog.SLOWindow) string {
	if w.Calendar != "" {
		return fmt.Sprintf("the calendar %s", w.Calendar)
	}
	return "a rolling " + durationName(w.Nominal())
}

// percent writes a fraction as a percentage without float noise (0.999 -> 99.9).
func percent(f float64) string {
	return strconv.FormatFloat(roundSig(f*100, 10), 'f', -1, 64)
}

// percentShort rounds to three significant digits: 0.9333 * 3d / 28d is "10%".
func percentShort(f float64) string {
	return strconv.FormatFloat(roundSig(f*100, 3), 'f', -1, 64)
}

// formatNumber writes a number for people, without float noise.
func formatNumber(f float64) string {
	return strconv.FormatFloat(roundSig(f, 12), 'f', -1, 64)
}

func roundSig(f float64, digits int) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'g', digits, 64), 64)
	return v
}

// groupComment says, above the group, what PromQL cannot express exactly.
func groupComment(r sloRef) string {
	s := r.slo
	method := s.Budgeting.Method
	if method == "" {
		method = catalog.Occurrences
	}
	lines := []string{fmt.Sprintf("%s (%s): objective %s%% over %s, budgeting by %s.",
		r.kpi.Name, r.kpi.ID, percent(s.Objective), windowText(s.Window), method)}
	if s.Window.Calendar != "" {
		lines = append(lines, fmt.Sprintf("The calendar %s is recorded as its nominal length, a rolling %s: PromQL cannot express a calendar-aligned range, so these series do not reset at the start of a %s.",
			s.Window.Calendar, durationName(s.Window.Nominal()), s.Window.Calendar))
	}
	if isTimeslices(s) {
		lines = append(lines, sliceComment(s.Budgeting))
	}
	if n := len(s.Exclusions); n > 0 {
		lines = append(lines, fmt.Sprintf("Its %d budget exclusion(s) are NOT applied: PromQL cannot leave a time span out of a range, so excluded events count here.", n))
	}
	for i, l := range lines {
		lines[i] = wrap(l, 96)
	}
	return strings.Join(lines, "\n")
}

// wrap breaks a comment line at spaces so that no line is longer than width.
func wrap(s string, width int) string {
	var out strings.Builder
	n := 0
	for i, word := range strings.Fields(s) {
		if i > 0 && n+1+len(word) > width {
			out.WriteString("\n")
			n = 0
		} else if i > 0 {
			out.WriteString(" ")
			n++
		}
		out.WriteString(word)
		n += len(word)
	}
	return out.String()
}

func sliceComment(b catalog.Budgeting) string {
	what := fmt.Sprintf("the share of %s slices whose own ratio reaches %s", durationName(time.Duration(b.Slice)), formatNumber(b.SliceTarget))
	if b.Method == catalog.RatioTimeslices {
		what = fmt.Sprintf("the mean of the ratios of %s slices", durationName(time.Duration(b.Slice)))
	}
	return fmt.Sprintf("Timeslices: the SLI is %s (a subquery; slices are aligned to the Unix epoch, slices without events are left out), and burn rates count slices too.", what)
}
