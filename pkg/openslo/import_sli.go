package openslo

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
	"gopkg.in/yaml.v3"

	"github.com/northstar/kpi/pkg/catalog"
)

// Metric source families the catalog can read.
const (
	familyPrometheus = "prometheus"
	familySQL        = "sql"
)

// metricSrc is a resolved metric source: its family (and SQL dialect as the
// datasource settings name it), the query and the dimensions.
type metricSrc struct {
	family, dialect, typ string
	ref, query           string
	dims                 []string
}

// metricFamily maps OpenSLO metric source types (the specification names no
// fixed list) to what the catalog reads.
func metricFamily(typ string) (family, dialect string, ok bool) {
	switch strings.ToLower(strings.TrimSpace(typ)) {
	case "prometheus":
		return familyPrometheus, "prometheus", true
	case "postgresql", "postgres":
		return familySQL, "postgres", true
	case "mysql", "mariadb":
		return familySQL, "mysql", true
	case "sqlite":
		return familySQL, "sqlite", true
	case "sql":
		return familySQL, "", true
	}
	return "", "", false
}

func (im *importer) metricSource(g *group, ms MetricSource, path string) (metricSrc, bool) {
	f := im.fileName(g.file)
	typ := ms.Type
	if ms.MetricSourceRef != "" {
		if ds := im.find(KindDataSource, ms.MetricSourceRef); ds != nil {
			switch dsType := ds.ds.Spec.Type; {
			case typ == "":
				typ = dsType
			case dsType != "" && !strings.EqualFold(dsType, typ):
				im.rep.add(f, g.sliDoc, path+".type", "type %q differs from that of DataSource %q (%q): %q read", typ, ms.MetricSourceRef, dsType, typ)
			}
		} else if typ == "" {
			im.rep.add(f, g.sliDoc, path+".metricSourceRef", "no DataSource named %q among the documents, and no type: not converted", ms.MetricSourceRef)
			return metricSrc{}, false
		}
	}
	family, dialect, ok := metricFamily(typ)
	if !ok {
		im.rep.add(f, g.sliDoc, path+".type", "metric source type %q: the catalog reads Prometheus, PostgreSQL, MySQL/MariaDB and SQLite; not converted", typ)
		return metricSrc{}, false
	}
	src := metricSrc{family: family, dialect: dialect, typ: typ, ref: ms.MetricSourceRef}
	spec := &ms.Spec
	if spec.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(spec.Content); i += 2 {
			key, v := spec.Content[i].Value, spec.Content[i+1]
			switch {
			case key == "query" && v.Kind == yaml.ScalarNode:
				src.query = strings.TrimSpace(v.Value)
			case key == "dimensions" && v.Kind == yaml.SequenceNode:
				if err := v.Decode(&src.dims); err != nil {
					im.rep.add(f, g.sliDoc, path+".spec.dimensions", "not a list of label names: not converted")
					src.dims = nil
				}
			default:
				im.rep.add(f, g.sliDoc, path+".spec."+key, "a field of the %s metric source that the catalog has no place for: not converted", typ)
			}
		}
	}
	if src.query == "" {
		im.rep.add(f, g.sliDoc, path+".spec.query", "no query: not converted")
		return metricSrc{}, false
	}
	return src, true
}

// sourceName picks the catalog source (a connection name) of a KPI.
func (im *importer) sourceName(src metricSrc) string {
	if src.ref != "" {
		if _, ok := im.opt.Sources[src.ref]; ok || len(im.opt.Sources) == 0 {
			return src.ref
		}
	}
	conns := make([]string, 0, len(im.opt.Sources))
	for name := range im.opt.Sources {
		conns = append(conns, name)
	}
	sort.Strings(conns)
	for _, name := range conns {
		t := strings.ToLower(im.opt.Sources[name])
		if t == "" {
			t = "prometheus"
		}
		family, dialect, _ := metricFamily(t)
		if family == src.family && (src.dialect == "" || dialect == src.dialect) {
			return name
		}
	}
	if src.dialect != "" {
		return src.dialect
	}
	return src.family
}

// indicator is what an SLI converts to.
type indicator struct {
	query  catalog.Query
	dims   []string
	source string
}

// ratio converts a ratioMetric. Prometheus counters become a catalog ratio, or a
// latency KPI when good is a histogram bucket and total its +Inf bucket; a SQL
// ratio needs the structured form, which only documents this package wrote
// carry (annotation northstar.kpi/sql).
func (im *importer) ratio(g *group, rm *RatioMetric, path string) (*indicator, bool) {
	f := im.fileName(g.file)
	if rm.Raw != nil || rm.RawType != "" {
		im.rep.add(f, g.sliDoc, path+".raw", "a precomputed ratio (rawType %s): the catalog computes ratios from good or bad and total event counts; not converted", rm.RawType)
		return nil, false
	}
	if (rm.Good == nil) == (rm.Bad == nil) || rm.Total == nil {
		im.rep.add(f, g.sliDoc, path, "needs exactly one of good or bad, and total: not converted")
		return nil, false
	}
	part, partName := rm.Good, "good"
	if rm.Bad != nil {
		part, partName = rm.Bad, "bad"
	}
	ps, ok1 := im.metricSource(g, part.MetricSource, path+"."+partName+".metricSource")
	ts, ok2 := im.metricSource(g, rm.Total.MetricSource, path+".total.metricSource")
	if !ok1 || !ok2 {
		return nil, false
	}
	if ps.family != ts.family {
		im.rep.add(f, g.sliDoc, path, "%s is %s and total is %s: a catalog ratio reads one source; not converted", partName, ps.typ, ts.typ)
		return nil, false
	}
	ind := &indicator{source: im.sourceName(ts), dims: ts.dims}
	if !sameStrings(ps.dims, ts.dims) {
		im.rep.add(f, g.sliDoc, path+"."+partName+".metricSource.spec.dimensions", "%s and total have different dimensions: those of total are used", partName)
	}
	if ps.family == familySQL {
		sq, ok := im.sqlAnnotation(g)
		if !ok {
			im.rep.add(f, g.sliDoc, path, "a SQL ratio as SQL text: catalog SLOs on SQL need the structured form (table, time column, conditions; docs/sql.md), which SQL text does not give; not converted")
			return nil, false
		}
		ind.query.SQL = sq
		return ind, true
	}
	if rm.Counter != nil && !*rm.Counter {
		im.rep.add(f, g.sliDoc, path+".counter", "counter: false (gauges): a catalog ratio counts events from counters (rated before they are summed); not converted")
		return nil, false
	}
	pq, err := counterSelector(ps.query)
	if err != nil {
		im.rep.add(f, g.sliDoc, path+"."+partName+".metricSource.spec.query", "%v; not converted", err)
		return nil, false
	}
	tq, err := counterSelector(ts.query)
	if err != nil {
		im.rep.add(f, g.sliDoc, path+".total.metricSource.spec.query", "%v; not converted", err)
		return nil, false
	}
	switch {
	case pq.grouped || tq.grouped:
		if !sameStrings(pq.by, tq.by) {
			im.rep.add(f, g.sliDoc, path+"."+partName+".metricSource.spec.query", "%s and total are summed by different labels: those of total are used", partName)
		}
		if len(ind.dims) > 0 && !sameStrings(tq.by, ind.dims) {
			im.rep.add(f, g.sliDoc, path+".total.metricSource.spec.dimensions", "the query sums by %v: those labels are the dimensions", tq.by)
		}
		ind.dims = tq.by
	}
	if lat, ok := latencyPair(pq.selector, tq.selector); ok && partName == "good" {
		ind.query.Latency = lat
		return ind, true
	}
	ind.query.Ratio = &catalog.Ratio{Total: tq.selector}
	if partName == "good" {
		ind.query.Ratio.Good = pq.selector
	} else {
		ind.query.Ratio.Bad = pq.selector
	}
	return ind, true
}

// sqlAnnotation reads the exact SQL definition this package writes with SQL KPIs.
func (im *importer) sqlAnnotation(g *group) (*catalog.SQLQuery, bool) {
	v, ok := g.sli.Metadata.Annotations[annSQL]
	if !ok {
		return nil, false
	}
	var q catalog.SQLQuery
	if err := yaml.Unmarshal([]byte(v), &q); err != nil {
		im.rep.add(im.fileName(g.file), g.sliDoc, joinPath(g.sliPath, "metadata.annotations."+annSQL), "cannot be read (%s)", strings.TrimPrefix(err.Error(), "yaml: "))
		return nil, false
	}
	return &q, true
}

func sameStrings(a, b []string) bool {
	x, y := append([]string{}, a...), append([]string{}, b...)
	sort.Strings(x)
	sort.Strings(y)
	return strings.Join(x, "\x00") == strings.Join(y, "\x00")
}

// counterQuery is a Prometheus query reduced to the counter selector it reads.
type counterQuery struct {
	selector string
	grouped  bool     // summed: sum(...) or sum by (...)(...)
	by       []string // the labels summed by
}

var errNotCounter = errors.New("only a counter selector, or sum(rate(selector[w])), sum(increase(selector[w])) or sum(selector) (optionally by labels), is a catalog ratio selector")

// counterSelector reduces sel, sum(sel), rate(sel[w]), increase(sel[w]) and
// their sum [by (labels)] to sel: the catalog rates each counter over its own
// windows before it sums, so the window w and the rate/increase are its own
// business. The selector keeps the text it was written with.
func counterSelector(q string) (counterQuery, error) {
	e, err := parser.NewParser(parser.Options{}).ParseExpr(q)
	if err != nil {
		return counterQuery{}, fmt.Errorf("not PromQL: %s", strings.SplitN(err.Error(), "\n", 2)[0])
	}
	var out counterQuery
	e = unparen(e)
	if agg, ok := e.(*parser.AggregateExpr); ok {
		if agg.Op != parser.SUM || agg.Without || agg.Param != nil {
			return counterQuery{}, fmt.Errorf("%s: %w", agg.Op, errNotCounter)
		}
		out.grouped, out.by = true, append([]string{}, agg.Grouping...)
		e = unparen(agg.Expr)
	}
	if call, ok := e.(*parser.Call); ok {
		if (call.Func.Name != "rate" && call.Func.Name != "increase") || len(call.Args) != 1 {
			return counterQuery{}, fmt.Errorf("%s(): %w", call.Func.Name, errNotCounter)
		}
		ms, ok := unparen(call.Args[0]).(*parser.MatrixSelector)
		if !ok {
			return counterQuery{}, errNotCounter
		}
		e = ms.VectorSelector
	}
	vs, ok := e.(*parser.VectorSelector)
	if !ok {
		return counterQuery{}, errNotCounter
	}
	if vs.OriginalOffset != 0 || vs.Timestamp != nil || vs.StartOrEnd != 0 {
		return counterQuery{}, errors.New("a selector with offset or @ is no catalog ratio selector")
	}
	pr := vs.PositionRange()
	out.selector = strings.TrimSpace(q[pr.Start:pr.End])
	return out, nil
}

func unparen(e parser.Expr) parser.Expr {
	for {
		p, ok := e.(*parser.ParenExpr)
		if !ok {
			return e
		}
		e = p.Expr
	}
}

// latencyPair recognises good = h_bucket{…, le="x"} and total = h_bucket{…,
// le="+Inf"} with the same other matchers: the latency KPI "share at or under x".
func latencyPair(good, total string) (*catalog.Latency, bool) {
	gv, gm, ok1 := selectorParts(good)
	tv, tm, ok2 := selectorParts(total)
	if !ok1 || !ok2 || gv.Name == "" || gv.Name != tv.Name || !strings.HasSuffix(gv.Name, "_bucket") {
		return nil, false
	}
	gle, tle := gm["le"], tm["le"]
	if gle == nil || tle == nil || gle.Type != labels.MatchEqual || tle.Type != labels.MatchEqual || tle.Value != "+Inf" {
		return nil, false
	}
	threshold, err := strconv.ParseFloat(gle.Value, 64)
	if err != nil || !(threshold > 0) {
		return nil, false
	}
	var rest []string
	for _, m := range tv.LabelMatchers {
		if m.Name == labels.MetricName || m.Name == "le" {
			continue
		}
		if other := gm[m.Name]; other == nil || other.String() != m.String() {
			return nil, false
		}
		rest = append(rest, m.String())
	}
	if len(gm) != len(tm) {
		return nil, false
	}
	hist := gv.Name
	if len(rest) > 0 {
		hist += "{" + strings.Join(rest, ", ") + "}"
	}
	return &catalog.Latency{Histogram: hist, Threshold: threshold}, true
}

func selectorParts(s string) (*parser.VectorSelector, map[string]*labels.Matcher, bool) {
	e, err := parser.NewParser(parser.Options{}).ParseExpr(s)
	if err != nil {
		return nil, nil, false
	}
	vs, ok := e.(*parser.VectorSelector)
	if !ok {
		return nil, nil, false
	}
	m := map[string]*labels.Matcher{}
	for _, lm := range vs.LabelMatchers {
		if lm.Name != labels.MetricName {
			m[lm.Name] = lm
		}
	}
	return vs, m, true
}

// threshold converts a thresholdMetric. With the objective's op and value, a
// histogram bucket selector under lte/lt becomes a latency KPI (share of
// observations at or under value) that keeps its SLOs; any other query becomes
// a value KPI (PromQL expr or raw SQL) whose target is the objective's value
// and whose direction its op: the catalog has no SLOs on values.
func (im *importer) threshold(g *group, tm *MetricSpec, path string) {
	f := im.fileName(g.file)
	src, ok := im.metricSource(g, tm.MetricSource, path+".metricSource")
	if !ok {
		im.slosNotConverted(g, "its SLI is not converted")
		return
	}
	for _, part := range partitionByObjective(g) {
		sub := &group{file: g.file, sliDoc: g.sliDoc, sliPath: g.sliPath, sli: g.sli, slos: part.slos}
		k := catalog.KPI{}
		ours := im.kpiFields(sub, &k)
		if k.Source == "" {
			k.Source = im.sourceName(src)
		}
		k.Dimensions = src.dims
		obj := part.objective
		if !ours && src.family == familyPrometheus && obj != nil && obj.Value != nil && (obj.Op == "lte" || obj.Op == "lt") {
			if cq, err := counterSelector(src.query); err == nil && len(cq.by) == 0 {
				if h, m, ok := selectorParts(cq.selector); ok && strings.HasSuffix(h.Name, "_bucket") && m["le"] == nil {
					k.Query.Latency = &catalog.Latency{Histogram: cq.selector, Threshold: *obj.Value}
					k.Unit = "percentunit"
					if obj.Op == "lt" {
						im.rep.add(f, part.slos[0].doc(), "spec.objectives[0].op", "lt read as lte: a histogram bucket counts the observations at or under its le")
					}
					st := &kpiState{k: &k, names: map[string]bool{}}
					var slos []sloBuild
					for _, o := range part.slos {
						slos = append(slos, im.sloFrom(o, st, true)...)
					}
					im.finish(sub, k, slos)
					continue
				}
			}
		}
		if src.family == familySQL {
			if sq, ok := im.sqlAnnotation(sub); ok {
				k.Query.SQL = sq
			} else {
				k.Query.SQL = &catalog.SQLQuery{Raw: rawSQL(src.query)}
				im.checkRawColumns(sub, path+".metricSource.spec.query", src.query)
			}
		} else {
			k.Query.Expr = src.query
		}
		if !ours && obj != nil {
			switch obj.Op {
			case "lt", "lte":
				k.Direction = catalog.Lower
			case "gt", "gte":
				k.Direction = catalog.Higher
			}
			if obj.Value != nil {
				k.Target = &catalog.Target{Value: ptr(*obj.Value)}
			}
		}
		for _, o := range part.slos {
			im.rep.add(im.fileName(o.file), o.doc(), "spec.objectives", "the thresholdMetric gives a value KPI, and the catalog has no SLOs on values (only on good/total events): the objective's op and value are the KPI's direction and target, the SLO itself is not converted")
		}
		im.finish(sub, k, nil)
	}
}

// objectivePart is the SLOs of one thresholdMetric that compare it with the same
// op and value: one KPI.
type objectivePart struct {
	objective *Objective
	slos      []*object
}

func partitionByObjective(g *group) []objectivePart {
	if len(g.slos) == 0 {
		return []objectivePart{{}}
	}
	var parts []objectivePart
	index := map[string]int{}
	for _, o := range g.slos {
		var obj *Objective
		key := ""
		if len(o.slo.Spec.Objectives) > 0 {
			obj = &o.slo.Spec.Objectives[0]
			key = obj.Op
			if obj.Value != nil {
				key += " " + strconv.FormatFloat(*obj.Value, 'g', -1, 64)
			}
		}
		i, ok := index[key]
		if !ok {
			i = len(parts)
			index[key] = i
			parts = append(parts, objectivePart{objective: obj})
		}
		parts[i].slos = append(parts[i].slos, o)
	}
	return parts
}

// dateRangeRE is the time condition of the specification's SQL example
// ("timestamp BETWEEN :date_from AND :date_to"), which is $__timeFilter.
var dateRangeRE = regexp.MustCompile(`(?i)([A-Za-z_][A-Za-z0-9_.]*)\s+BETWEEN\s+:date_from\s+AND\s+:date_to`)

func rawSQL(q string) string {
	return dateRangeRE.ReplaceAllString(q, "$$__timeFilter($1)")
}

var timeColRE = regexp.MustCompile(`(?i)\btime\b`)
var valueColRE = regexp.MustCompile(`(?i)\bvalue\b`)

// checkRawColumns warns of raw SQL that does not seem to return the columns time
// and value that the datasource reads (catalog.Parse cannot know the columns).
func (im *importer) checkRawColumns(g *group, path, q string) {
	if !timeColRE.MatchString(q) || !valueColRE.MatchString(q) {
		im.rep.add(im.fileName(g.file), g.sliDoc, path, "converted as raw SQL, which must return a column time and a column value (docs/sql.md): check the SELECT list")
	}
}

// slosNotConverted reports the SLOs of an SLI that is not converted.
func (im *importer) slosNotConverted(g *group, why string) {
	for _, o := range g.slos {
		if o.doc() == g.sliDoc {
			im.rep.add(im.fileName(o.file), o.doc(), "", "not converted: %s", why)
			continue
		}
		im.rep.add(im.fileName(o.file), o.doc(), "", "not converted: %s (%s)", why, g.sliDoc)
	}
}
