// Package frames turns engine results into dataplane frames (docs/frames.md):
// timeseries-multi for series and numeric-multi for per-KPI measures, labelled
// {kpi, ...dimensions}, so that panels and Grafana alerting read the same answer.
package frames

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/engine"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
)

// TypeVersion is the dataplane version of every frame type used here.
var TypeVersion = data.FrameTypeVersion{0, 1}

// KPIMeta is the KPI metadata a panel shows, carried in each frame's custom meta.
type KPIMeta struct {
	ID          string              `json:"id"`
	Name        string              `json:"name"`
	Description string              `json:"description,omitempty"`
	Owner       string              `json:"owner"`
	Unit        string              `json:"unit,omitempty"`
	Decimals    *int                `json:"decimals,omitempty"`
	Direction   catalog.Direction   `json:"direction"`
	Version     string              `json:"version"`
	Category    string              `json:"category,omitempty"`
	Tags        []string            `json:"tags,omitempty"`
	Target      *float64            `json:"target,omitempty"`
	Thresholds  *catalog.Thresholds `json:"thresholds,omitempty"`
}

// ComparisonMeta names the period the KPI is compared against.
type ComparisonMeta struct {
	Label string    `json:"label"`
	From  time.Time `json:"from"`
	To    time.Time `json:"to"`
}

// Custom is the frame's meta.custom.
type Custom struct {
	KPI        KPIMeta        `json:"kpi"`
	Comparison ComparisonMeta `json:"comparison"`
	LastSample *time.Time     `json:"lastSample,omitempty"`
	SLO        *SLOMeta       `json:"slo,omitempty"`
}

// Build returns the frames of one KPI result for the requested measures.
func Build(res *engine.Result, measures []engine.Measure) data.Frames {
	var out data.Frames
	for _, g := range res.Groups {
		custom := customMeta(res, g)
		for _, m := range measures {
			if m == engine.MSeries {
				out = append(out, seriesFrames(res.KPI, g, custom)...)
				continue
			}
			if engine.IsSLOMeasure(m) {
				continue
			}
			out = append(out, measureFrame(res.KPI, g, m, custom))
		}
		for _, r := range g.SLOs {
			out = append(out, sloFrames(res.KPI, g, r, custom)...)
		}
	}
	return withPreferredVisualisation(withNotices(out, res.Notices, measures))
}

// withPreferredVisualisation tells Explore how to show each frame
// (meta.preferredVisualisationType): series (timeseries-multi) in the graph
// only, the one number of a numeric-multi frame in the table. Dashboards
// ignore it: the panel chooses.
func withPreferredVisualisation(fs data.Frames) data.Frames {
	for _, f := range fs {
		if f.Meta == nil {
			continue
		}
		switch f.Meta.Type {
		case data.FrameTypeTimeSeriesMulti:
			f.Meta.PreferredVisualization = data.VisTypeGraph
		case data.FrameTypeNumericMulti:
			f.Meta.PreferredVisualization = data.VisTypeTable
		}
	}
	return fs
}

// withNotices puts the upstream's warnings and infos on the KPI's first frame,
// where Grafana shows them, and keeps them when there is no data at all.
func withNotices(fs data.Frames, notices []source.Notice, measures []engine.Measure) data.Frames {
	if len(notices) == 0 {
		return fs
	}
	if len(fs) == 0 {
		fs = data.Frames{Empty("", measures)}
	}
	first := fs[0]
	if first.Meta == nil {
		first.Meta = &data.FrameMeta{}
	}
	for _, n := range notices {
		severity := data.NoticeSeverityInfo
		if n.Warning {
			severity = data.NoticeSeverityWarning
		}
		first.Meta.Notices = append(first.Meta.Notices, data.Notice{Severity: severity, Text: n.Text})
	}
	return fs
}

// Empty is the typed "no data" answer: a frame of the right type with no fields.
func Empty(refID string, measures []engine.Measure) *data.Frame {
	t := data.FrameTypeNumericMulti
	if len(measures) == 1 && measures[0] == engine.MSeries {
		t = data.FrameTypeTimeSeriesMulti
	}
	f := data.NewFrame("")
	f.RefID = refID
	f.Meta = &data.FrameMeta{Type: t, TypeVersion: TypeVersion}
	withPreferredVisualisation(data.Frames{f})
	return f
}

func customMeta(res *engine.Result, g *engine.Group) Custom {
	k := res.KPI
	c := Custom{
		KPI: KPIMeta{
			ID: k.ID, Name: k.Name, Description: k.Description, Owner: k.Owner, Unit: k.Unit,
			Decimals: k.Decimals, Direction: k.Direction, Version: k.Version, Category: k.Category,
			Tags: k.Tags, Thresholds: k.Thresholds, Target: finitePtr(g.Target),
		},
		Comparison: ComparisonMeta{Label: res.ComparisonLabel, From: res.Comparison.From, To: res.Comparison.To},
	}
	if !g.LastSample.IsZero() {
		t := g.LastSample
		c.LastSample = &t
	}
	return c
}

func labelsOf(k *catalog.KPI, g *engine.Group) data.Labels {
	l := data.Labels{"kpi": k.ID}
	for name, v := range g.Labels {
		l[name] = v
	}
	return l
}

// displayName is the KPI name followed by its dimension values, in dimension order.
func displayName(k *catalog.KPI, g *engine.Group) string {
	parts := []string{k.Name}
	for _, d := range k.Dimensions {
		if v, ok := g.Labels[d]; ok {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " ")
}

func seriesFrames(k *catalog.KPI, g *engine.Group, custom Custom) data.Frames {
	value := timeSeriesFrame(k, g, "value", g.Series, custom)
	value.Fields[1].Config = kpiFieldConfig(k, displayName(k, g))
	frames := data.Frames{value}
	if len(g.TargetSeries) > 0 {
		target := timeSeriesFrame(k, g, "target", g.TargetSeries, custom)
		target.Fields[1].Config = kpiFieldConfig(k, displayName(k, g)+" target")
		frames = append(frames, target)
	}
	return frames
}

func timeSeriesFrame(k *catalog.KPI, g *engine.Group, name string, points []kpimath.Point, custom Custom) *data.Frame {
	times := make([]time.Time, len(points))
	values := make([]*float64, len(points))
	for i, p := range points {
		times[i] = p.T
		values[i] = finitePtr(p.V)
	}
	f := data.NewFrame(k.ID,
		data.NewField("time", nil, times),
		data.NewField(name, labelsOf(k, g), values),
	)
	f.Meta = &data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: TypeVersion, Custom: custom}
	return f
}

func measureFrame(k *catalog.KPI, g *engine.Group, m engine.Measure, custom Custom) *data.Frame {
	field := data.NewField(string(m), labelsOf(k, g), []*float64{finitePtr(measureValue(g, m))})
	field.Config = measureConfig(k, g, m)
	f := data.NewFrame(k.ID, field)
	f.Meta = &data.FrameMeta{Type: data.FrameTypeNumericMulti, TypeVersion: TypeVersion, Custom: custom}
	return f
}

func measureValue(g *engine.Group, m engine.Measure) float64 {
	switch m {
	case engine.MValue:
		return g.Value
	case engine.MPrevious:
		return g.Previous
	case engine.MDelta:
		return g.Delta
	case engine.MDeltaPct:
		return g.DeltaPct
	case engine.MTarget:
		return g.Target
	case engine.MAttainment:
		return g.Attainment
	case engine.MStatus:
		if g.Status == kpimath.StatusNoData {
			return math.NaN()
		}
		return float64(g.Status)
	}
	return math.NaN()
}

func kpiFieldConfig(k *catalog.KPI, name string) *data.FieldConfig {
	fc := &data.FieldConfig{DisplayNameFromDS: name, Unit: k.Unit, Description: k.Description}
	if k.Decimals != nil {
		fc.SetDecimals(uint16(*k.Decimals))
	}
	return fc
}

var measureTitles = map[engine.Measure]string{
	engine.MValue: "", engine.MPrevious: "previous", engine.MDelta: "change",
	engine.MDeltaPct: "change %", engine.MTarget: "target", engine.MAttainment: "attainment",
	engine.MStatus: "status",
}

func measureConfig(k *catalog.KPI, g *engine.Group, m engine.Measure) *data.FieldConfig {
	name := strings.TrimSpace(displayName(k, g) + " " + measureTitles[m])
	switch m {
	case engine.MDeltaPct, engine.MAttainment:
		return &data.FieldConfig{DisplayNameFromDS: name, Unit: "percentunit"}
	case engine.MStatus:
		return &data.FieldConfig{DisplayNameFromDS: name, Mappings: statusMappings()}
	default:
		return kpiFieldConfig(k, name)
	}
}

func statusMappings() data.ValueMappings {
	texts := map[kpimath.Status]string{kpimath.StatusOK: "green", kpimath.StatusWarning: "orange", kpimath.StatusCritical: "red"}
	mapper := data.ValueMapper{}
	keys := make([]int, 0, len(texts))
	for s := range texts {
		keys = append(keys, int(s))
	}
	sort.Ints(keys)
	for i, s := range keys {
		st := kpimath.Status(s)
		mapper[st.TextKey()] = data.ValueMappingResult{Text: st.Text(), Color: texts[st], Index: i}
	}
	return data.ValueMappings{mapper, data.SpecialValueMapper{Match: data.SpecialValueNull, Result: data.ValueMappingResult{Text: "no data", Index: len(keys)}}}
}

func finitePtr(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}
