// Package engine plans and computes KPI measures for a time range: it asks a
// source for series and totals and applies the formulas of kpimath.
package engine

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
)

// Measure names one number or series the engine can produce.
type Measure string

const (
	MSeries     Measure = "series"
	MValue      Measure = "value"
	MPrevious   Measure = "previous"
	MDelta      Measure = "delta"
	MDeltaPct   Measure = "delta_pct"
	MTarget     Measure = "target"
	MAttainment Measure = "attainment"
	MStatus     Measure = "status"
)

// AllMeasures is every measure, in display order; a query without measures gets all.
var AllMeasures = []Measure{MSeries, MValue, MPrevious, MDelta, MDeltaPct, MTarget, MAttainment, MStatus}

// ParseMeasures checks measure names; none means all.
func ParseMeasures(names []string) ([]Measure, error) {
	if len(names) == 0 {
		return AllMeasures, nil
	}
	out := make([]Measure, 0, len(names))
	for _, n := range names {
		m := Measure(n)
		if !slices.Contains(AllMeasures, m) && !IsSLOMeasure(m) {
			return nil, fmt.Errorf("unknown measure %q (KPI measures: %v; SLO measures: %v, burn_rate_<window>, burn_pair_<short>_<long>)", n, AllMeasures, SLOMeasures)
		}
		if err := checkPattern(m); err != nil {
			return nil, err
		}
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out, nil
}

// Request is one KPI evaluation.
type Request struct {
	Range    kpimath.Window
	Step     time.Duration
	Measures []Measure
	Filters  source.Filters
	// SLO restricts SLO measures to the SLO of this name; empty means every SLO.
	SLO string
}

func (r Request) wants(m ...Measure) bool {
	for _, x := range m {
		if slices.Contains(r.Measures, x) {
			return true
		}
	}
	return false
}

// Result is a KPI's measures, one Group per dimension set.
type Result struct {
	KPI             *catalog.KPI
	Comparison      kpimath.Window
	ComparisonLabel string
	Groups          []*Group
	// Notices are what the upstream said besides its answers (warnings, infos).
	Notices []source.Notice
}

// Group is one dimension set's measures; NaN means "no value".
type Group struct {
	Labels                           map[string]string
	Series, TargetSeries             []kpimath.Point
	Value, Previous, Delta, DeltaPct float64
	Target, Attainment               float64
	Status                           kpimath.Status
	LastSample                       time.Time
	SLOs                             []SLOResult
}

// Evaluate computes the requested measures of one KPI.
func Evaluate(ctx context.Context, src source.Source, k *catalog.KPI, req Request) (*Result, error) {
	ctx = source.WithCallBudget(ctx, source.MaxCallsPerKPI)
	ctx, notices := source.WithNotices(ctx)
	e := &evaluation{ctx: ctx, src: src, kpi: k, req: req, groups: map[string]*Group{}}
	prevWindow, label := kpimath.ComparisonWindow(k.Comparison, req.Range, k.Location())
	res := &Result{KPI: k, Comparison: prevWindow, ComparisonLabel: label}
	if err := e.run(prevWindow); err != nil {
		return nil, err
	}
	res.Groups = e.sortedGroups()
	res.Notices = notices.List()
	return res, nil
}

type evaluation struct {
	ctx    context.Context
	src    source.Source
	kpi    *catalog.KPI
	req    Request
	groups map[string]*Group
	order  []string
	// scan holds the windows computed in one upstream call, when the source can.
	scan *oneScan
}

func (e *evaluation) group(labels map[string]string) *Group {
	key := source.LabelKey(labels)
	g, ok := e.groups[key]
	if !ok {
		nan := math.NaN()
		g = &Group{Labels: labels, Value: nan, Previous: nan, Delta: nan, DeltaPct: nan, Target: nan, Attainment: nan, Status: kpimath.StatusNoData}
		e.groups[key] = g
		e.order = append(e.order, key)
	}
	return g
}

func (e *evaluation) sortedGroups() []*Group {
	keys := slices.Clone(e.order)
	slices.Sort(keys)
	out := make([]*Group, len(keys))
	for i, k := range keys {
		out[i] = e.groups[k]
	}
	return out
}

func (e *evaluation) run(prevWindow kpimath.Window) error {
	wantsSLO := e.req.wantsSLO() && len(e.kpi.SLOs) > 0
	if !e.req.wantsKPI() {
		if !wantsSLO {
			return nil
		}
		answers, err := e.evaluateSLOs(e.ctx)
		e.attachSLOs(answers)
		return err
	}
	needsPrevious := e.req.wants(MPrevious, MDelta, MDeltaPct)
	needsTarget := e.kpi.Target != nil && e.req.wants(MSeries, MTarget, MAttainment, MStatus)
	var current, previous windowValue
	var baseline map[string]float64
	g, ctx := errgroup.WithContext(e.ctx)
	e.startOneScan(ctx, g, e.windowsNeeded(prevWindow, needsPrevious, needsTarget))
	g.Go(func() (err error) {
		current, err = e.valueOver(ctx, e.req.Range, e.req.wants(MSeries), e.req.wants(MValue, MDelta, MDeltaPct, MAttainment, MStatus))
		return err
	})
	if needsPrevious {
		g.Go(func() (err error) {
			previous, err = e.valueOver(ctx, prevWindow, false, true)
			return err
		})
	}
	if needsTarget && e.kpi.Target.Baseline != nil {
		g.Go(func() (err error) {
			baseline, err = e.baselineTargets(ctx)
			return err
		})
	}
	var answers []sloAnswer
	if wantsSLO {
		g.Go(func() (err error) {
			answers, err = e.evaluateSLOs(ctx)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	e.applySeries(current.series)
	e.applyValues(current, previous)
	if needsTarget {
		e.applyTargets(baseline)
	}
	e.attachSLOs(answers)
	return nil
}

func (e *evaluation) attachSLOs(answers []sloAnswer) {
	for _, a := range answers {
		g := e.group(a.labels)
		g.SLOs = append(g.SLOs, a.result)
	}
}

// windowValue is a KPI over one window: the value per dimension set (by label key),
// and the series it came from when one was fetched.
type windowValue struct {
	series []source.Series
	values map[string]float64
	labels map[string]map[string]string
}

func (w *windowValue) add(labels map[string]string, v float64, ok bool) {
	key := source.LabelKey(labels)
	w.labels[key] = labels
	if ok {
		w.values[key] = v
	}
}

// valueOver computes the KPI over a window: from totals for ratio aggregation,
// as the source itself reduces the range when it can (source.RangeValue),
// otherwise by reducing the series at the request's step. Without wantValue
// only the series is fetched.
func (e *evaluation) valueOver(ctx context.Context, w kpimath.Window, wantSeries, wantValue bool) (windowValue, error) {
	out := windowValue{values: map[string]float64{}, labels: map[string]map[string]string{}}
	var series, whole []source.Series
	var fromWhole bool
	g, gctx := errgroup.WithContext(ctx)
	if wantSeries {
		g.Go(func() (err error) {
			series, err = e.src.Series(gctx, e.kpi, e.req.Filters, w, e.req.Step)
			return err
		})
	}
	if wantValue {
		g.Go(func() (err error) {
			whole, fromWhole, err = e.wholeRange(gctx, w)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return out, err
	}
	if !wantSeries && !fromWhole {
		var err error
		if series, err = e.src.Series(ctx, e.kpi, e.req.Filters, w, e.req.Step); err != nil {
			return out, err
		}
	}
	out.series = series
	for _, s := range series {
		v, ok := kpimath.Reduce(e.kpi.Aggregation, s.Points)
		out.add(s.Labels, v, ok && !fromWhole)
	}
	for _, s := range whole {
		v, ok := kpimath.Reduce(catalog.AggLast, s.Points)
		out.add(s.Labels, v, ok)
	}
	return out, nil
}

// wholeRange is the KPI over the whole window in one answer, when there is one:
// ratios from their totals, value KPIs as the source reduces them; ok is false
// when the value is to be reduced from the series.
func (e *evaluation) wholeRange(ctx context.Context, w kpimath.Window) ([]source.Series, bool, error) {
	if e.kpi.Aggregation.OverWindow() {
		s, err := e.overall(ctx, w)
		return s, true, err
	}
	if rv, ok := e.src.(source.RangeValue); ok {
		return rv.ValueOver(ctx, e.kpi, e.req.Filters, w, e.req.Step)
	}
	return nil, false, nil
}

func (e *evaluation) baselineTargets(ctx context.Context) (map[string]float64, error) {
	b := e.kpi.Target.Baseline
	windows := kpimath.BaselineWindows(e.req.Range, time.Duration(b.Every), b.Periods)
	perGroup := map[string][]float64{}
	for _, w := range windows {
		wv, err := e.valueOver(ctx, w, false, true)
		if err != nil {
			return nil, fmt.Errorf("baseline target: %w", err)
		}
		for key, v := range wv.values {
			perGroup[key] = append(perGroup[key], v)
		}
	}
	out := map[string]float64{}
	for key, vals := range perGroup {
		if base, ok := kpimath.Statistic(b.Statistic, vals); ok {
			out[key] = kpimath.ImproveBaseline(e.kpi.Direction, base, b.Improvement)
		}
	}
	return out, nil
}

func (e *evaluation) applySeries(series []source.Series) {
	for _, s := range series {
		g := e.group(s.Labels)
		g.Series = s.Points
		for i := len(s.Points) - 1; i >= 0; i-- {
			if v := s.Points[i].V; !math.IsNaN(v) && !math.IsInf(v, 0) {
				g.LastSample = s.Points[i].T
				break
			}
		}
	}
}

// applyValues makes a group for every dimension set of the current window (a set
// seen only in the previous window has no current value to compare).
func (e *evaluation) applyValues(current, previous windowValue) {
	for key, labels := range current.labels {
		g := e.group(labels)
		if v, ok := current.values[key]; ok {
			g.Value = v
		}
		if p, ok := previous.values[key]; ok {
			g.Previous = p
		}
		if !math.IsNaN(g.Value) && !math.IsNaN(g.Previous) {
			g.Delta, g.DeltaPct, _ = kpimath.Delta(g.Value, g.Previous)
		}
		g.Status = kpimath.Evaluate(e.kpi.Direction, g.Value, e.kpi.Thresholds, math.NaN())
	}
}

func (e *evaluation) applyTargets(baseline map[string]float64) {
	t := e.kpi.Target
	for key, g := range e.groups {
		switch {
		case t.Value != nil:
			g.Target = *t.Value
		case len(t.Schedule) > 0:
			g.Target = kpimath.ScheduledTarget(t.Schedule, e.req.Range.To)
		default:
			if b, ok := baseline[key]; ok {
				g.Target = b
			}
		}
		g.TargetSeries = e.targetSeries(g)
		g.Attainment, _ = kpimath.Attainment(e.kpi.Direction, g.Value, g.Target)
		g.Status = kpimath.Evaluate(e.kpi.Direction, g.Value, e.kpi.Thresholds, g.Target)
	}
}

// targetSeries is the target in force at each point of the series: scheduled
// targets change on their dates, others are constant.
func (e *evaluation) targetSeries(g *Group) []kpimath.Point {
	out := make([]kpimath.Point, len(g.Series))
	for i, p := range g.Series {
		v := g.Target
		if len(e.kpi.Target.Schedule) > 0 {
			v = kpimath.ScheduledTarget(e.kpi.Target.Schedule, p.T)
		}
		out[i] = kpimath.Point{T: p.T, V: v}
	}
	return out
}
