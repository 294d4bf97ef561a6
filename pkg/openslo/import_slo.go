package openslo

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/northstar/kpi/pkg/catalog"
)

// convert turns one SLI and the SLOs that use it into a KPI.
func (im *importer) convert(g *group) {
	spec := g.sli.Spec
	base := joinPath(g.sliPath, "spec")
	f := im.fileName(g.file)
	switch {
	case spec.RatioMetric != nil:
		if spec.ThresholdMetric != nil {
			im.rep.add(f, g.sliDoc, base+".thresholdMetric", "both ratioMetric and thresholdMetric: the ratioMetric is read, this is not converted")
		}
		ind, ok := im.ratio(g, spec.RatioMetric, base+".ratioMetric")
		if !ok {
			im.slosNotConverted(g, "its SLI is not converted")
			return
		}
		k := catalog.KPI{}
		ours := im.kpiFields(g, &k)
		if k.Source == "" {
			k.Source = ind.source
		}
		k.Query, k.Dimensions = ind.query, ind.dims
		if !ours {
			// An SLI is a share of events: shown as a percentage.
			k.Unit = "percentunit"
		}
		st := &kpiState{k: &k, tzFixed: ours, names: map[string]bool{}}
		var slos []sloBuild
		for _, o := range g.slos {
			slos = append(slos, im.sloFrom(o, st, false)...)
		}
		im.finish(g, k, slos)
	case spec.ThresholdMetric != nil:
		im.threshold(g, spec.ThresholdMetric, base+".thresholdMetric")
	default:
		im.rep.add(f, g.sliDoc, base, "neither ratioMetric nor thresholdMetric: not converted")
		im.slosNotConverted(g, "its SLI is not converted")
	}
}

// kpiState is what the SLOs of one KPI share while they are converted.
type kpiState struct {
	k *catalog.KPI
	// tzFixed: the KPI's time zone is settled (by the KPI's annotation or an
	// earlier calendar SLO); a calendar window in another zone cannot be had.
	tzFixed bool
	names   map[string]bool
}

var knownSLOAnnotations = map[string]bool{annSLOName: true, annMinEvents: true, annMinFailures: true, annExclusions: true}

// sloFrom converts the objectives of an SLO document, each to one catalog SLO
// with the document's window, budgeting method and alert pairs. threshold says
// the SLI is a thresholdMetric read as a latency KPI, whose objective's op and
// value are the latency threshold.
func (im *importer) sloFrom(o *object, st *kpiState, threshold bool) []sloBuild {
	f, doc, spec := im.fileName(o.file), o.doc(), o.slo.Spec
	ann := o.slo.Metadata.Annotations
	for _, key := range sortedKeys(ann) {
		switch {
		case !strings.HasPrefix(key, annotationPrefix):
			im.rep.add(f, doc, "metadata.annotations."+key, "an annotation of another tool: not converted")
		case !knownSLOAnnotations[key]:
			im.rep.add(f, doc, "metadata.annotations."+key, "not an annotation of an SLO: not converted")
		}
	}
	win, tz, ok := im.window(o)
	if !ok {
		return nil
	}
	if win.Calendar != "" {
		if zone(tz) != zone(st.k.Timezone) {
			if st.tzFixed {
				im.rep.add(f, doc, "spec.timeWindow[0].calendar.timeZone", "time zone %s differs from the KPI's %s, and a KPI has one time zone: not converted", zone(tz), zone(st.k.Timezone))
				return nil
			}
			st.k.Timezone = tz
			if tz == "UTC" {
				st.k.Timezone = ""
			}
		}
		st.tzFixed = true
	}
	method, ok := im.method(o)
	if !ok {
		return nil
	}
	var alerting catalog.AlertPolicy
	for _, n := range []struct {
		key string
		dst *float64
	}{{annMinEvents, &alerting.MinEvents}, {annMinFailures, &alerting.MinFailures}} {
		if v, ok := ann[n.key]; ok {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				im.rep.add(f, doc, "metadata.annotations."+n.key, "%q is not a number: not converted", v)
				continue
			}
			*n.dst = x
		}
	}
	var exclusions []catalog.Exclusion
	if v, ok := ann[annExclusions]; ok {
		if err := yaml.Unmarshal([]byte(v), &exclusions); err != nil {
			im.rep.add(f, doc, "metadata.annotations."+annExclusions, "cannot be read (%s): not converted", strings.TrimPrefix(err.Error(), "yaml: "))
		}
	}
	if len(spec.Objectives) == 0 {
		im.rep.add(f, doc, "spec.objectives", "no objectives: not converted")
		return nil
	}
	var out []sloBuild
	for i := range spec.Objectives {
		obj := &spec.Objectives[i]
		p := fmt.Sprintf("spec.objectives[%d]", i)
		if obj.Indicator != nil || obj.IndicatorRef != "" || obj.CompositeWeight != nil {
			im.rep.add(f, doc, p, "a composite SLO (an objective with its own indicator): catalog SLOs count their KPI's events; not converted")
			continue
		}
		if threshold && i > 0 && !sameComparison(obj, &spec.Objectives[0]) {
			im.rep.add(f, doc, p, "a thresholdMetric SLO has one threshold (op and value); this objective compares with another: not converted")
			continue
		}
		if !threshold && obj.Value != nil {
			im.rep.add(f, doc, p+".value", "value and op compare a thresholdMetric; this SLI is a ratio: ignored")
		}
		target, ok := im.target(f, doc, p, obj)
		if !ok {
			continue
		}
		b, ok := im.budgeting(f, doc, p, obj, method)
		if !ok {
			continue
		}
		a := alerting
		var had bool
		a.Pairs, had = im.pairs(o, win, time.Duration(b.Slice))
		if had && len(a.Pairs) == 0 {
			im.rep.add(f, doc, "spec.alertPolicies", "no alert condition could be converted: the catalog's default pairs apply (docs/catalog.md)")
		}
		s := catalog.SLO{Name: im.sloName(o, i, obj, st.names), Objective: target, Window: win, Budgeting: b, Alerting: a, Exclusions: exclusions}
		out = append(out, sloBuild{slo: s, file: f, doc: doc, path: p})
	}
	return out
}

func zone(tz string) string {
	if tz == "" {
		return "UTC"
	}
	return tz
}

func sameComparison(a, b *Objective) bool {
	if a.Op != b.Op || (a.Value == nil) != (b.Value == nil) {
		return false
	}
	return a.Value == nil || *a.Value == *b.Value
}

var notSLOName = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// sloName is the catalog name of an objective: the name the export kept, the
// SLO's name for a single objective, the SLO's name and the objective's display
// name (or number) for several; unique within the KPI.
func (im *importer) sloName(o *object, i int, obj *Objective, taken map[string]bool) string {
	var name string
	switch {
	case len(o.slo.Spec.Objectives) == 1 && o.slo.Metadata.Annotations[annSLOName] != "":
		name = o.slo.Metadata.Annotations[annSLOName]
	case len(o.slo.Spec.Objectives) == 1:
		name = o.name
	default:
		suffix := obj.DisplayName
		if suffix == "" {
			suffix = strconv.Itoa(i + 1)
		}
		name = o.name + "-" + suffix
	}
	name = strings.Trim(notSLOName.ReplaceAllString(name, "-"), "-")
	out := name
	for n := 2; taken[out]; n++ {
		out = fmt.Sprintf("%s-%d", name, n)
	}
	taken[out] = true
	return out
}

// target reads target, or targetPercent as a fraction.
func (im *importer) target(f, doc, p string, obj *Objective) (float64, bool) {
	switch {
	case obj.Target != nil:
		if obj.TargetPercent != nil && round12(*obj.TargetPercent/100) != *obj.Target {
			im.rep.add(f, doc, p+".targetPercent", "both target and targetPercent, which differ: target is read")
		}
		return *obj.Target, true
	case obj.TargetPercent != nil:
		return round12(*obj.TargetPercent / 100), true
	}
	im.rep.add(f, doc, p, "neither target nor targetPercent: not converted")
	return 0, false
}

// round12 drops float noise: 99.95/100 is 0.9995, not 0.9995000000000001.
func round12(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	return v
}

func (im *importer) budgeting(f, doc, p string, obj *Objective, method catalog.BudgetingMethod) (catalog.Budgeting, bool) {
	b := catalog.Budgeting{Method: method}
	if method == catalog.Occurrences {
		if obj.TimeSliceWindow != "" || obj.TimeSliceTarget != nil {
			im.rep.add(f, doc, p, "timeSliceWindow and timeSliceTarget apply to the timeslice methods, and budgetingMethod is Occurrences: ignored")
		}
		return b, true
	}
	if obj.TimeSliceWindow == "" {
		im.rep.add(f, doc, p+".timeSliceWindow", "required for %s budgeting: not converted", method)
		return b, false
	}
	slice, err := sliceDuration(obj.TimeSliceWindow)
	if err != nil {
		im.rep.add(f, doc, p+".timeSliceWindow", "%v: not converted", err)
		return b, false
	}
	b.Slice = catalog.Duration(slice)
	switch {
	case method == catalog.RatioTimeslices && obj.TimeSliceTarget != nil:
		im.rep.add(f, doc, p+".timeSliceTarget", "RatioTimeslices averages the slices' ratios and has no slice target: ignored")
	case method == catalog.Timeslices && obj.TimeSliceTarget == nil:
		im.rep.add(f, doc, p+".timeSliceTarget", "required for Timeslices budgeting (the share of good events that makes a slice good): not converted")
		return b, false
	case method == catalog.Timeslices:
		b.SliceTarget = *obj.TimeSliceTarget
	}
	return b, true
}

// sliceDuration reads timeSliceWindow: a duration shorthand, or a number of
// minutes (the specification's default unit).
func sliceDuration(s string) (time.Duration, error) {
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		if !(n > 0) {
			return 0, fmt.Errorf("timeSliceWindow %s is not a positive number of minutes", s)
		}
		return time.Duration(n * float64(time.Minute)).Truncate(time.Second), nil
	}
	sh, err := parseShorthand(s)
	if err != nil {
		return 0, err
	}
	if sh.unit != 0 {
		return 0, fmt.Errorf("a slice of %s has no fixed length", s)
	}
	if sh.fixed <= 0 {
		return 0, fmt.Errorf("timeSliceWindow %s is not a positive duration", s)
	}
	return sh.fixed, nil
}

func (im *importer) method(o *object) (catalog.BudgetingMethod, bool) {
	f, doc := im.fileName(o.file), o.doc()
	switch m := o.slo.Spec.BudgetingMethod; strings.ToLower(m) {
	case "occurrences":
		return catalog.Occurrences, true
	case "timeslices":
		return catalog.Timeslices, true
	case "ratiotimeslices":
		return catalog.RatioTimeslices, true
	case "":
		im.rep.add(f, doc, "spec.budgetingMethod", "missing (OpenSLO requires it): read as Occurrences")
		return catalog.Occurrences, true
	default:
		im.rep.add(f, doc, "spec.budgetingMethod", "%q is not Occurrences, Timeslices or RatioTimeslices: not converted", m)
		return "", false
	}
}

// Lengths the catalog uses for calendar units when a rolling window is written
// in them (its calendar windows' nominal lengths).
var calendarUnitDays = map[byte]int{'M': 30, 'Q': 90, 'Y': 365}

// window converts the SLO's time window: a rolling duration, or a calendar
// week, month or quarter with its time zone.
func (im *importer) window(o *object) (catalog.SLOWindow, string, bool) {
	f, doc, tws := im.fileName(o.file), o.doc(), o.slo.Spec.TimeWindow
	if len(tws) == 0 {
		im.rep.add(f, doc, "spec.timeWindow", "no timeWindow: a catalog SLO needs its window; not converted")
		return catalog.SLOWindow{}, "", false
	}
	for i := 1; i < len(tws); i++ {
		im.rep.add(f, doc, fmt.Sprintf("spec.timeWindow[%d]", i), "OpenSLO allows one time window per SLO: only the first is read, this is not converted")
	}
	tw := tws[0]
	rolling := tw.Calendar == nil
	if tw.IsRolling != nil {
		rolling = *tw.IsRolling
	}
	sh, err := parseShorthand(tw.Duration)
	if err != nil {
		im.rep.add(f, doc, "spec.timeWindow[0].duration", "%v: not converted", err)
		return catalog.SLOWindow{}, "", false
	}
	if rolling {
		if tw.Calendar != nil {
			im.rep.add(f, doc, "spec.timeWindow[0].calendar", "a rolling window has no calendar: ignored")
		}
		d := sh.fixed
		if sh.unit != 0 {
			d = time.Duration(sh.count*calendarUnitDays[sh.unit]) * day
			im.rep.add(f, doc, "spec.timeWindow[0].duration", "a rolling %s has no fixed length: read as %s", tw.Duration, catalog.Duration(d).String())
		}
		if d < time.Hour || d > 400*day {
			im.rep.add(f, doc, "spec.timeWindow[0].duration", "rolling %s: catalog rolling windows are 1h to 400d; not converted", tw.Duration)
			return catalog.SLOWindow{}, "", false
		}
		return catalog.SLOWindow{Rolling: catalog.Duration(d)}, "", true
	}
	var kind string
	switch {
	case sh.fixed == 7*day:
		kind = catalog.CalendarWeek
	case sh.unit == 'M' && sh.count == 1:
		kind = catalog.CalendarMonth
	case sh.unit == 'Q' && sh.count == 1, sh.unit == 'M' && sh.count == 3:
		kind = catalog.CalendarQuarter
	default:
		why := "catalog calendar windows are a week (1w), a month (1M) or a quarter (1Q)"
		if sh.fixed > 0 && sh.fixed < time.Hour {
			why = "m is minutes (M is months); " + why
		}
		im.rep.add(f, doc, "spec.timeWindow[0].duration", "calendar window %s: %s; not converted", tw.Duration, why)
		return catalog.SLOWindow{}, "", false
	}
	tz := "UTC"
	if tw.Calendar == nil {
		im.rep.add(f, doc, "spec.timeWindow[0]", "a calendar-aligned window without calendar: periods in UTC")
		return catalog.SLOWindow{Calendar: kind}, tz, true
	}
	if tw.Calendar.TimeZone != "" {
		tz = tw.Calendar.TimeZone
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		im.rep.add(f, doc, "spec.timeWindow[0].calendar.timeZone", "unknown time zone %q: not converted", tz)
		return catalog.SLOWindow{}, "", false
	}
	if st := tw.Calendar.StartTime; st != "" && !periodStart(kind, st, loc) {
		starts := map[string]string{catalog.CalendarWeek: "at midnight on Mondays", catalog.CalendarMonth: "at midnight on the 1st",
			catalog.CalendarQuarter: "at midnight on 1 January, April, July and October"}[kind]
		im.rep.add(f, doc, "spec.timeWindow[0].calendar.startTime", "%s is not the start of a catalog %s, which starts %s in the time zone: the catalog's %ss are used", st, kind, starts, kind)
	}
	return catalog.SLOWindow{Calendar: kind}, tz, true
}

// periodStart tells whether startTime is the start of a catalog period.
func periodStart(kind, s string, loc *time.Location) bool {
	var t time.Time
	var err error
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02", time.RFC3339} {
		if t, err = time.ParseInLocation(layout, s, loc); err == nil {
			break
		}
	}
	if err != nil {
		return false
	}
	t = t.In(loc)
	if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 {
		return false
	}
	switch kind {
	case catalog.CalendarWeek:
		return t.Weekday() == time.Monday
	case catalog.CalendarMonth:
		return t.Day() == 1
	}
	return t.Day() == 1 && (t.Month()-1)%3 == 0
}

// pairs converts the SLO's alert policies to burn-rate pairs; had says it had
// any. Each burnrate condition is one pair: threshold is the factor and
// lookbackWindow the long window.
func (im *importer) pairs(o *object, win catalog.SLOWindow, slice time.Duration) ([]catalog.BurnPair, bool) {
	f, doc, spec := im.fileName(o.file), o.doc(), o.slo.Spec
	var out []catalog.BurnPair
	for i, item := range spec.AlertPolicies {
		p := fmt.Sprintf("spec.alertPolicies[%d]", i)
		ps, pf, pdoc, ppath := item.Spec, f, doc, p+".spec"
		switch {
		case item.AlertPolicyRef != "":
			po := im.find(KindAlertPolicy, item.AlertPolicyRef)
			if po == nil {
				im.rep.add(f, doc, p+".alertPolicyRef", "no AlertPolicy named %q among the documents: not converted", item.AlertPolicyRef)
				continue
			}
			ps, pf, pdoc, ppath = &po.policy.Spec, im.fileName(po.file), po.doc(), "spec"
			im.metadataNotes(pf, pdoc, "metadata", po.policy.Metadata, nil)
		case item.Spec == nil:
			im.rep.add(f, doc, p, "neither alertPolicyRef nor an inline AlertPolicy: not converted")
			continue
		case item.Metadata != nil:
			im.metadataNotes(pf, pdoc, p+".metadata", *item.Metadata, nil)
		}
		if ps.AlertWhenBreaching != nil && !*ps.AlertWhenBreaching {
			im.rep.add(pf, pdoc, ppath+".alertWhenBreaching", "false: this policy does not alert on a breach, and catalog pairs alert only on one; not converted")
			continue
		}
		if ps.AlertWhenNoData != nil && *ps.AlertWhenNoData {
			im.rep.add(pf, pdoc, ppath+".alertWhenNoData", "Grafana alert rules set their own no-data state: not converted")
		}
		if ps.AlertWhenResolved != nil && *ps.AlertWhenResolved {
			im.rep.add(pf, pdoc, ppath+".alertWhenResolved", "resolved notifications are a setting of Grafana's contact points: not converted")
		}
		if len(ps.NotificationTargets) > 0 {
			im.rep.add(pf, pdoc, ppath+".notificationTargets", "Grafana routes alerts with notification policies and contact points: not converted")
		}
		if len(ps.Conditions) == 0 {
			im.rep.add(pf, pdoc, ppath+".conditions", "no conditions: nothing to convert")
		}
		for j, c := range ps.Conditions {
			cp := fmt.Sprintf("%s.conditions[%d]", ppath, j)
			cs, cmeta, cf, cdoc, cpath := c.Spec, c.Metadata, pf, pdoc, cp+".spec"
			switch {
			case c.ConditionRef != "":
				co := im.find(KindAlertCondition, c.ConditionRef)
				if co == nil {
					im.rep.add(pf, pdoc, cp+".conditionRef", "no AlertCondition named %q among the documents: not converted", c.ConditionRef)
					continue
				}
				cs, cmeta, cf, cdoc, cpath = &co.cond.Spec, &co.cond.Metadata, im.fileName(co.file), co.doc(), "spec"
				im.metadataNotes(cf, cdoc, "metadata", *cmeta, map[string]bool{annShortWindow: true})
			case cs == nil:
				im.rep.add(pf, pdoc, cp, "neither conditionRef nor an inline AlertCondition: not converted")
				continue
			case cmeta != nil:
				im.metadataNotes(cf, cdoc, cp+".metadata", *cmeta, map[string]bool{annShortWindow: true})
			}
			if pair, ok := im.pair(cs, cmeta, cf, cdoc, cpath, win, slice); ok {
				out = append(out, pair)
			}
		}
	}
	return out, len(spec.AlertPolicies) > 0
}

// metadataNotes reports the labels and the foreign annotations of an object whose
// metadata the catalog has no place for.
func (im *importer) metadataNotes(f, doc, path string, m Metadata, known map[string]bool) {
	for _, key := range sortedKeys(m.Labels) {
		im.rep.add(f, doc, path+".labels."+key, "the catalog has no labels on alerts: not converted")
	}
	for _, key := range sortedKeys(m.Annotations) {
		if !known[key] {
			im.rep.add(f, doc, path+".annotations."+key, "an annotation the catalog has no place for: not converted")
		}
	}
}

// OpenSLO burn-rate conditions have one window; catalog pairs have a short one
// too. Without the export's annotation it is lookbackWindow/12, the ratio of
// every pair of the SRE Workbook (1h/5m, 6h/30m, 1d/2h, 3d/6h).
const shortWindowRatio = 12

func (im *importer) pair(cs *AlertConditionSpec, meta *Metadata, f, doc, path string, win catalog.SLOWindow, slice time.Duration) (catalog.BurnPair, bool) {
	c := cs.Condition
	if c.Kind != "" && !strings.EqualFold(c.Kind, "burnrate") {
		im.rep.add(f, doc, path+".condition.kind", "kind %q: catalog alerts are burn-rate pairs; not converted", c.Kind)
		return catalog.BurnPair{}, false
	}
	switch c.Op {
	case "", "gte", "gt":
	default:
		im.rep.add(f, doc, path+".condition.op", "op %s: a burn-rate pair fires when the burn rate is at least its threshold (gte); not converted", c.Op)
		return catalog.BurnPair{}, false
	}
	if c.Threshold == nil || !(*c.Threshold > 0) {
		im.rep.add(f, doc, path+".condition.threshold", "a burn-rate threshold above 0 is required: not converted")
		return catalog.BurnPair{}, false
	}
	lb, err := parseShorthand(c.LookbackWindow)
	if err != nil || lb.unit != 0 || lb.fixed <= 0 {
		im.rep.add(f, doc, path+".condition.lookbackWindow", "%q is no fixed duration: not converted", c.LookbackWindow)
		return catalog.BurnPair{}, false
	}
	long := lb.fixed
	if long >= win.Nominal() {
		im.rep.add(f, doc, path+".condition.lookbackWindow", "%s is not shorter than the SLO window %s: not converted", c.LookbackWindow, win.String())
		return catalog.BurnPair{}, false
	}
	if c.AlertAfter != "" {
		if aa, err := parseShorthand(c.AlertAfter); err != nil || aa.fixed > 0 || aa.unit != 0 {
			// 0m (the specification's default, and what the export writes) is the
			// catalog's behaviour.
			im.rep.add(f, doc, path+".condition.alertAfter", "alertAfter %s: a catalog pair fires as soon as both its windows burn (its short window does what a pending period would); not converted", c.AlertAfter)
		}
	}
	severity := cs.Severity
	if severity == "" {
		severity = "critical"
		im.rep.add(f, doc, path+".severity", "no severity (OpenSLO requires one): critical")
	}
	var short time.Duration
	if meta != nil && meta.Annotations[annShortWindow] != "" {
		s, err := parseShorthand(meta.Annotations[annShortWindow])
		if err != nil || s.unit != 0 || s.fixed <= 0 {
			im.rep.add(f, doc, "metadata.annotations."+annShortWindow, "%q is no fixed duration: lookbackWindow/%d is used", meta.Annotations[annShortWindow], shortWindowRatio)
		} else {
			short = s.fixed
		}
	}
	if short == 0 {
		short = (long / shortWindowRatio).Truncate(time.Second)
		if slice > 0 {
			// Timeslice burn rates count whole slices.
			short = max(short/slice*slice, slice)
		}
		im.rep.add(f, doc, path+".condition.lookbackWindow", "OpenSLO has no short window: the pair's short window is lookbackWindow/%d = %s, as in the SRE Workbook's pairs (1h/5m, 6h/30m, 1d/2h, 3d/6h)", shortWindowRatio, catalog.Duration(short).String())
	}
	if short >= long {
		im.rep.add(f, doc, path+".condition.lookbackWindow", "%s leaves no shorter window for the pair: not converted", c.LookbackWindow)
		return catalog.BurnPair{}, false
	}
	return catalog.BurnPair{Severity: severity, Long: catalog.Duration(long), Short: catalog.Duration(short), Factor: *c.Threshold}, true
}
