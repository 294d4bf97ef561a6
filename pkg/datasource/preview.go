package datasource

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/prometheus/common/model"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/engine"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/prometheus"
	"github.com/northstar/kpi/pkg/source"
	"github.com/northstar/kpi/pkg/sqlsource"
)

// The preview of GET /kpis/{id} (docs/editors.md) lists the upstream calls a
// query of the KPI sends for its KPI measures, as engine.Evaluate plans them
// and the sources build them: the series over the range, the value over the
// range, the value over the comparison period (kpimath.ComparisonWindow) and
// over each period of a baseline target. A Prometheus call is a range query
// (start, end, step) or an instant query evaluated at the end of its window;
// a SQL call is a statement with its bound values. Identical calls are listed
// once, with every part they answer, as the sources send them once. SLO
// measures are not previewed.
//
// The parts of an answer.
const (
	partSeries   = "series"
	partValue    = "value"
	partPrevious = "previous"
	partBaseline = "baseline"
)

// previewWindow is a window the preview's calls compute the KPI over.
type previewWindow struct {
	From  time.Time `json:"from"`
	To    time.Time `json:"to"`
	Label string    `json:"label,omitempty"`
}

func windowOf(w kpimath.Window, label string) previewWindow {
	return previewWindow{From: w.From.UTC(), To: w.To.UTC(), Label: label}
}

// previewCall is one upstream call.
type previewCall struct {
	// Parts are what the call answers: series, value, previous, baseline.
	Parts []string `json:"parts"`
	// Kind is "range" or "instant" (PromQL), or "statement" (SQL).
	Kind  string `json:"kind"`
	Query string `json:"query"`
	// Time is when an instant query is evaluated: the end of its window.
	Time *time.Time `json:"time,omitempty"`
	// Start, End and Step are a range query's.
	Start  *time.Time `json:"start,omitempty"`
	End    *time.Time `json:"end,omitempty"`
	Step   string     `json:"step,omitempty"`
	StepMS int64      `json:"stepMs,omitempty"`
	// Parameters are a statement's bound values, in placeholder order.
	Parameters []string `json:"parameters,omitempty"`
	// Reduce is the aggregation that reduces the call's points to the value
	// of the parts other than series, when the value is not computed upstream.
	Reduce string `json:"reduce,omitempty"`
	key    string
}

// previewAnswer is what GET /kpis/{id} adds to the KPI.
type previewAnswer struct {
	Language string `json:"language"`
	Step     string `json:"step"`
	StepMS   int64  `json:"stepMs"`
	// Measures are the KPI measures previewed.
	Measures []engine.Measure `json:"measures"`
	Windows  previewWindows   `json:"windows"`
	Calls    []*previewCall   `json:"calls"`
}

type previewWindows struct {
	Range    previewWindow   `json:"range"`
	Previous previewWindow   `json:"previous"`
	Baseline []previewWindow `json:"baseline,omitempty"`
}

// callBuilder builds the calls of one source.
type callBuilder interface {
	// series is the call Series sends for a window; ok is false when it sends none.
	series(w kpimath.Window) (c *previewCall, ok bool, err error)
	// whole is the call the value over a window comes from when the source
	// computes it (ratios from their totals, value KPIs Prometheus reduces
	// itself); ok is false when the value is reduced from the series.
	whole(w kpimath.Window) (c *previewCall, ok bool, err error)
}

// previewRequest is a preview's KPI, range, step, measures and filters.
type previewRequest struct {
	kpi      *catalog.KPI
	rng      kpimath.Window
	step     time.Duration
	measures []engine.Measure
	filters  source.Filters
}

func (r previewRequest) wants(ms ...engine.Measure) bool {
	return slices.ContainsFunc(ms, func(m engine.Measure) bool { return slices.Contains(r.measures, m) })
}

// parsePreview reads from, to, step, measures and filter=<dim>=<value>.
func parsePreview(k *catalog.KPI, q url.Values) (previewRequest, error) {
	now := time.Now()
	from, err := msParam(q.Get("from"), now.Add(-time.Hour))
	if err != nil {
		return previewRequest{}, err
	}
	to, err := msParam(q.Get("to"), now)
	if err != nil {
		return previewRequest{}, err
	}
	if !to.After(from) {
		return previewRequest{}, fmt.Errorf("to must be after from")
	}
	var interval time.Duration
	if v := q.Get("step"); v != "" {
		var ms int64
		if _, err := fmt.Sscan(v, &ms); err != nil || ms <= 0 {
			return previewRequest{}, fmt.Errorf("invalid step %q: use milliseconds", v)
		}
		interval = time.Duration(ms) * time.Millisecond
	}
	// The step a query of this range and interval gets (QueryData).
	step := stepFor(backend.DataQuery{TimeRange: backend.TimeRange{From: from, To: to}, Interval: interval})
	var names []string
	for _, v := range q["measures"] {
		for _, n := range strings.Split(v, ",") {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
	}
	parsed, err := engine.ParseMeasures(names)
	if err != nil {
		return previewRequest{}, err
	}
	var measures []engine.Measure
	for _, m := range parsed {
		if !engine.IsSLOMeasure(m) {
			measures = append(measures, m)
		}
	}
	if len(measures) == 0 {
		measures = engine.AllMeasures // only SLO measures: preview what the KPI measures send
	}
	filters := source.Filters{}
	for _, f := range q["filter"] {
		name, value, ok := strings.Cut(f, "=")
		if !ok || name == "" {
			return previewRequest{}, fmt.Errorf("filter must be <dimension>=<value>, got %q", f)
		}
		if !slices.Contains(filters[name], value) {
			filters[name] = append(filters[name], value)
		}
	}
	return previewRequest{kpi: k, rng: kpimath.Window{From: from, To: to}, step: step, measures: measures, filters: filters}, nil
}

// previewPlan lists the calls of the request, as engine.Evaluate makes them
// (run, valueOver, wholeRange and the one scan of a SQL source).
func (d *Datasource) previewPlan(req previewRequest) (*previewAnswer, error) {
	k := req.kpi
	src, err := d.newSources().get(k)
	if err != nil {
		return nil, err
	}
	prev, label := kpimath.ComparisonWindow(k.Comparison, req.rng, k.Location())
	needsPrevious := req.wants(engine.MPrevious, engine.MDelta, engine.MDeltaPct)
	needsTarget := k.Target != nil && req.wants(engine.MSeries, engine.MTarget, engine.MAttainment, engine.MStatus)
	var baseline []kpimath.Window
	if needsTarget && k.Target.Baseline != nil {
		b := k.Target.Baseline
		baseline = kpimath.BaselineWindows(req.rng, time.Duration(b.Every), b.Periods)
	}
	p := &planner{}
	// The windows a one-scan source computes at once, and the part of each.
	scan := []kpimath.Window{req.rng}
	scanParts := []string{partValue}
	if needsPrevious {
		scan, scanParts = append(scan, prev), append(scanParts, partPrevious)
	}
	for range baseline {
		scanParts = append(scanParts, partBaseline)
	}
	scan = append(scan, baseline...)

	switch s := src.(type) {
	case *prometheus.Source:
		p.b = &promCalls{src: s, req: req}
	case *sqlsource.Source:
		sb := &sqlCalls{src: s, req: req}
		if k.Aggregation.OverWindow() {
			// engine.startOneScan: one statement for every window, sent first.
			sb.scan = scan
			c, err := sb.windows(scan)
			if err != nil {
				return nil, err
			}
			for _, part := range scanParts {
				p.add(c, part, "")
			}
		}
		p.b = sb
	default:
		return nil, fmt.Errorf("KPI %q: its source cannot show its calls", k.ID)
	}
	if err := p.valueOver(k, req.rng, req.wants(engine.MSeries), req.wants(engine.MValue, engine.MDelta, engine.MDeltaPct, engine.MAttainment, engine.MStatus), partValue); err != nil {
		return nil, err
	}
	if needsPrevious {
		if err := p.valueOver(k, prev, false, true, partPrevious); err != nil {
			return nil, err
		}
	}
	for _, w := range baseline {
		if err := p.valueOver(k, w, false, true, partBaseline); err != nil {
			return nil, err
		}
	}
	ans := &previewAnswer{
		Language: k.Query.Language(), Step: model.Duration(req.step).String(), StepMS: req.step.Milliseconds(),
		Measures: req.measures, Calls: p.calls,
		Windows: previewWindows{Range: windowOf(req.rng, ""), Previous: windowOf(prev, label)},
	}
	for _, w := range baseline {
		ans.Windows.Baseline = append(ans.Windows.Baseline, windowOf(w, ""))
	}
	if ans.Calls == nil {
		ans.Calls = []*previewCall{}
	}
	return ans, nil
}

// planner collects calls, each once.
type planner struct {
	b     callBuilder
	calls []*previewCall
}

// add records a call for a part; an identical call already listed answers
// that part too.
func (p *planner) add(c *previewCall, part, reduce string) {
	for _, known := range p.calls {
		if known.key == c.key {
			if !slices.Contains(known.Parts, part) {
				known.Parts = append(known.Parts, part)
			}
			if reduce != "" {
				known.Reduce = reduce
			}
			return
		}
	}
	c.Parts, c.Reduce = []string{part}, reduce
	p.calls = append(p.calls, c)
}

// valueOver mirrors engine's valueOver: the series when wanted, the value from
// the source when it computes it, else the series, which the value is reduced from.
func (p *planner) valueOver(k *catalog.KPI, w kpimath.Window, wantSeries, wantValue bool, part string) error {
	var series *previewCall
	if wantSeries {
		c, ok, err := p.b.series(w)
		if err != nil {
			return err
		}
		if ok {
			p.add(c, partSeries, "")
			series = c
		}
	}
	fromWhole := false
	if wantValue {
		c, ok, err := p.b.whole(w)
		if err != nil {
			return err
		}
		if ok {
			p.add(c, part, "")
			fromWhole = true
		}
	}
	if fromWhole {
		return nil
	}
	reduce := string(k.Aggregation)
	if wantSeries {
		if series != nil && wantValue {
			p.add(series, part, reduce)
		}
		return nil
	}
	// engine: without the series wanted and no value from the source, the series is fetched anyway.
	c, ok, err := p.b.series(w)
	if err != nil || !ok {
		return err
	}
	if wantValue {
		p.add(c, part, reduce)
	} else {
		p.add(c, partSeries, "")
	}
	return nil
}

// promCalls builds the calls of a Prometheus KPI (prometheus.Source.PreviewCalls).
type promCalls struct {
	src *prometheus.Source
	req previewRequest
}

func (b *promCalls) calls(w kpimath.Window) (map[string]prometheus.Call, error) {
	return b.src.PreviewCalls(b.req.kpi, b.req.filters, w, b.req.step)
}

func (b *promCalls) series(w kpimath.Window) (*previewCall, bool, error) {
	cs, err := b.calls(w)
	if err != nil {
		return nil, false, err
	}
	c, ok := cs["series"]
	return promCall(c), ok, nil
}

func (b *promCalls) whole(w kpimath.Window) (*previewCall, bool, error) {
	cs, err := b.calls(w)
	if err != nil {
		return nil, false, err
	}
	name := "value"
	if b.req.kpi.Aggregation.OverWindow() {
		name = "overall"
	}
	c, ok := cs[name]
	return promCall(c), ok, nil
}

func promCall(c prometheus.Call) *previewCall {
	end := c.End.UTC()
	out := &previewCall{Query: c.Query, key: fmt.Sprintf("%s|%d|%d|%d", c.Query, c.Start.UnixMilli(), c.End.UnixMilli(), c.Step)}
	if c.Step == 0 {
		out.Kind, out.Time = "instant", &end
		return out
	}
	start := c.Start.UTC()
	out.Kind, out.Start, out.End = "range", &start, &end
	out.Step, out.StepMS = model.Duration(c.Step).String(), c.Step.Milliseconds()
	return out
}

// sqlCalls builds the statements of a SQL KPI (sqlsource.Source.Statements and
// WindowsStatement).
type sqlCalls struct {
	src *sqlsource.Source
	req previewRequest
	// scan are the windows of the one scan of a window-aggregated KPI.
	scan []kpimath.Window
}

func (b *sqlCalls) series(w kpimath.Window) (*previewCall, bool, error) {
	sts, err := b.src.Statements(b.req.kpi, b.req.filters, w, b.req.step)
	if err != nil {
		return nil, false, err
	}
	st, ok := sts["series"]
	return sqlCall(st), ok, nil
}

func (b *sqlCalls) whole(w kpimath.Window) (*previewCall, bool, error) {
	if !b.req.kpi.Aggregation.OverWindow() {
		return nil, false, nil // raw SQL: reduced from the series
	}
	for _, sw := range b.scan {
		if sw.From.Equal(w.From) && sw.To.Equal(w.To) {
			c, err := b.windows(b.scan)
			return c, err == nil, err
		}
	}
	c, err := b.windows([]kpimath.Window{w})
	return c, err == nil, err
}

func (b *sqlCalls) windows(ws []kpimath.Window) (*previewCall, error) {
	st, err := b.src.WindowsStatement(b.req.kpi, b.req.filters, ws)
	if err != nil {
		return nil, err
	}
	return sqlCall(st), nil
}

func sqlCall(st sqlsource.Statement) *previewCall {
	args := sqlsource.FormatArgs(st.Args)
	var key strings.Builder
	key.WriteString(st.SQL)
	for _, a := range args {
		fmt.Fprintf(&key, "\x00%d:%s", len(a), a)
	}
	return &previewCall{Kind: "statement", Query: st.SQL, Parameters: args, key: key.String()}
}

// queriesOf are the answer's queries by part (the first call of each), as
// answers before calls had them, and for SQL their bound values.
func queriesOf(ans *previewAnswer, seriesText string) (map[string]string, map[string][]string) {
	queries := map[string]string{partSeries: seriesText}
	params := map[string][]string{}
	for _, part := range []string{partSeries, partValue, partPrevious} {
		for _, c := range ans.Calls {
			if slices.Contains(c.Parts, part) {
				queries[part] = c.Query
				if c.Kind == "statement" {
					params[part] = c.Parameters
					if params[part] == nil {
						params[part] = []string{}
					}
				}
				break
			}
		}
	}
	return queries, params
}
