package openslo

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/northstar/kpi/pkg/catalog"
)

// ImportOptions is what the import cannot read from OpenSLO documents.
type ImportOptions struct {
	// Sources maps the datasource's connection names to their type (prometheus,
	// postgres, mysql, sqlite). A KPI's source is, in this order: its
	// northstar.kpi/source annotation; the metricSourceRef, when it names one of
	// these connections (any name when Sources is empty); the first connection,
	// by name, of the metric source's type; the type itself (prometheus,
	// postgres, mysql, sqlite).
	Sources map[string]string
}

// Input is one file of OpenSLO documents: several YAML documents ("---") and/or
// lists of objects, as the specification's examples are written.
type Input struct {
	Name string
	Data []byte
}

// ImportResult is the catalog converted from OpenSLO documents.
type ImportResult struct {
	// Catalog is a catalog document; catalog.Parse accepts it.
	Catalog []byte
	// KPIs are the converted KPIs as written in Catalog (before Parse fills in
	// its defaults).
	KPIs []catalog.KPI
	// NotConverted lists everything of the documents that is not in the
	// catalog, or is only with an assumption that the entry states.
	NotConverted []Entry
}

// InvalidInputError is input that is no OpenSLO at all: YAML that does not
// parse, a document that is not an object, fields of the wrong type. Documents
// that are OpenSLO but cannot be converted are reported instead.
type InvalidInputError struct {
	Problems []string
}

func (e *InvalidInputError) Error() string {
	return "invalid OpenSLO input: " + strings.Join(e.Problems, "; ")
}

// Import converts OpenSLO documents to catalog KPIs: every SLI (with the SLOs
// that use it) becomes one KPI, every objective of those SLOs one catalog SLO,
// and burn-rate alert conditions become the SLOs' alert pairs.
func Import(inputs []Input, opt ImportOptions) (*ImportResult, error) {
	im := &importer{opt: opt, byName: map[string]*object{}, ids: map[string]bool{}}
	im.read(inputs)
	if len(im.problems) > 0 {
		return nil, &InvalidInputError{Problems: im.problems}
	}
	if im.documents == 0 {
		return nil, &InvalidInputError{Problems: []string{"no OpenSLO documents"}}
	}
	for _, g := range im.groups() {
		im.convert(g)
	}
	im.unused()
	head := "Imported from OpenSLO by northstar-openslo (docs/openslo.md)."
	if c := comment("Not converted (or converted with the assumption given):", im.rep.list()); c != "" {
		head += "\n\n" + c
	}
	out, err := marshalCatalog(im.kpis, head, true)
	if err != nil {
		return nil, err
	}
	// Every KPI passed catalog.Parse on its own; the whole must too.
	if _, problems := catalog.Parse(out); len(problems) > 0 {
		return nil, fmt.Errorf("the imported catalog does not validate (a bug of the import): %v", problems)
	}
	kpis := im.kpis
	if kpis == nil {
		kpis = []catalog.KPI{}
	}
	return &ImportResult{Catalog: out, KPIs: kpis, NotConverted: im.rep.list()}, nil
}

// object is one OpenSLO object of the input.
type object struct {
	file, kind, name string
	slo              *SLO
	sli              *SLI
	policy           *AlertPolicy
	cond             *AlertCondition
	ds               *DataSource
	used             bool
}

func (o *object) doc() string { return o.kind + "/" + o.name }

type importer struct {
	opt       ImportOptions
	rep       report
	problems  []string
	documents int
	objects   []*object
	byName    map[string]*object // "Kind/name"
	ids       map[string]bool
	kpis      []catalog.KPI
	// file names entries only when there are several inputs.
	multi bool
}

func (im *importer) read(inputs []Input) {
	im.multi = len(inputs) > 1
	for _, in := range inputs {
		dec := yaml.NewDecoder(bytes.NewReader(in.Data))
		for {
			var root yaml.Node
			err := dec.Decode(&root)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				im.problems = append(im.problems, fmt.Sprintf("%s: %s", in.Name, strings.TrimPrefix(err.Error(), "yaml: ")))
				break
			}
			if len(root.Content) == 0 {
				continue
			}
			top := root.Content[0]
			switch {
			case top.Kind == yaml.MappingNode:
				im.object(in.Name, top)
			case top.Kind == yaml.SequenceNode:
				for _, item := range top.Content {
					im.object(in.Name, item)
				}
			case top.Kind == yaml.ScalarNode && top.Tag == "!!null":
			default:
				im.problems = append(im.problems, fmt.Sprintf("%s: line %d: not an OpenSLO object or a list of objects", in.Name, top.Line))
			}
		}
	}
}

func (im *importer) fileName(f string) string {
	if im.multi {
		return f
	}
	return ""
}

// object reads one object; its kind decides the struct it decodes into.
func (im *importer) object(file string, n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		im.problems = append(im.problems, fmt.Sprintf("%s: line %d: not an OpenSLO object (a mapping with apiVersion, kind, metadata and spec)", file, n.Line))
		return
	}
	api, kind := scalar(mapValue(n, "apiVersion")), scalar(mapValue(n, "kind"))
	name := scalar(mapValue(mapValue(n, "metadata"), "name"))
	if api == "" || kind == "" {
		im.problems = append(im.problems, fmt.Sprintf("%s: line %d: not an OpenSLO object: apiVersion and kind are required", file, n.Line))
		return
	}
	im.documents++
	o := &object{file: file, kind: kind, name: name}
	f := im.fileName(file)
	if api != APIVersion {
		im.rep.add(f, o.doc(), "apiVersion", "%s is not read (only %s): not converted", api, APIVersion)
		return
	}
	var target any
	switch kind {
	case KindSLO:
		normalizeAlertPolicies(mapValue(n, "spec"))
		o.slo = &SLO{}
		target = o.slo
	case KindSLI:
		o.sli = &SLI{}
		target = o.sli
	case KindAlertPolicy:
		o.policy = &AlertPolicy{}
		target = o.policy
	case KindAlertCondition:
		o.cond = &AlertCondition{}
		target = o.cond
	case KindDataSource:
		o.ds = &DataSource{}
		target = o.ds
	case KindService:
		im.rep.add(f, o.doc(), "", "the catalog has no services (an SLO's service becomes its KPI's category): not converted")
		return
	case KindAlertNotificationTarget:
		im.rep.add(f, o.doc(), "", "notifications are routed by Grafana's notification policies and contact points: not converted")
		return
	default:
		im.rep.add(f, o.doc(), "kind", "kind %q is not an OpenSLO v1 kind this import reads: not converted", kind)
		return
	}
	if name == "" {
		im.problems = append(im.problems, fmt.Sprintf("%s: line %d: %s without metadata.name", file, n.Line, kind))
		return
	}
	if err := n.Decode(target); err != nil {
		im.problems = append(im.problems, fmt.Sprintf("%s: %s %s: %s", file, kind, name, strings.TrimPrefix(err.Error(), "yaml: ")))
		return
	}
	unknownKeys(n, reflect.TypeOf(target), "", func(path string) {
		im.rep.add(f, o.doc(), path, "not an OpenSLO v1 field this import reads: not converted")
	})
	if _, dup := im.byName[o.doc()]; dup {
		im.rep.add(f, o.doc(), "metadata.name", "a second %s with this name: not converted", kind)
		return
	}
	im.byName[o.doc()] = o
	im.objects = append(im.objects, o)
}

// normalizeAlertPolicies turns the older bare-string entries of alertPolicies
// ("- my-policy", as in the specification's schema tests) into references.
func normalizeAlertPolicies(spec *yaml.Node) {
	list := mapValue(spec, "alertPolicies")
	if list == nil || list.Kind != yaml.SequenceNode {
		return
	}
	for i, item := range list.Content {
		if item.Kind == yaml.ScalarNode {
			list.Content[i] = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: item.Line, Column: item.Column, Content: []*yaml.Node{
				{Kind: yaml.ScalarNode, Tag: "!!str", Value: "alertPolicyRef"}, item}}
		}
	}
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

func (im *importer) find(kind, name string) *object {
	o := im.byName[kind+"/"+name]
	if o != nil {
		o.used = true
	}
	return o
}

// group is one SLI (a document, or inline in an SLO) with the SLOs that use it:
// one KPI.
type group struct {
	file    string
	sliDoc  string // the document the SLI is in: SLI/x, or SLO/y for an inline one
	sliPath string // where in it: "" or "spec.indicator"
	sli     *InlineSLI
	slos    []*object
}

// groups gathers SLOs by their SLI, in the order the documents come. SLOs that
// inline the same SLI (same name, same spec) share it.
func (im *importer) groups() []*group {
	var out []*group
	byKey := map[string]*group{}
	get := func(key string) *group {
		g, ok := byKey[key]
		if !ok {
			g = &group{}
			byKey[key] = g
			out = append(out, g)
		}
		return g
	}
	for _, o := range im.objects {
		f := im.fileName(o.file)
		switch {
		case o.sli != nil:
			key := "SLI/" + o.name
			if g := byKey[key]; g != nil && g.sli != nil {
				key += "#document" // an SLO inlined another SLI of this name
			}
			g := get(key)
			g.file, g.sliDoc, g.sli = o.file, o.doc(), &InlineSLI{Metadata: o.sli.Metadata, Spec: o.sli.Spec}
		case o.slo != nil:
			spec := o.slo.Spec
			switch {
			case spec.Indicator != nil:
				if spec.IndicatorRef != "" {
					im.rep.add(f, o.doc(), "spec.indicatorRef", "both indicator and indicatorRef: the inline indicator is read")
				}
				key := "SLI/" + spec.Indicator.Metadata.Name
				if g := byKey[key]; g != nil && g.sli != nil && !sameSLI(g.sli, spec.Indicator) {
					key = o.doc() + "/indicator"
				}
				g := get(key)
				if g.sli == nil {
					g.file, g.sliDoc, g.sliPath, g.sli = o.file, o.doc(), "spec.indicator", spec.Indicator
				}
				g.slos = append(g.slos, o)
			case spec.IndicatorRef != "":
				g := get("SLI/" + spec.IndicatorRef)
				g.slos = append(g.slos, o)
				if ref := im.byName["SLI/"+spec.IndicatorRef]; ref != nil {
					ref.used = true
				}
			default:
				im.rep.add(f, o.doc(), "spec", "neither indicator nor indicatorRef: an SLO needs an SLI; not converted")
			}
		}
	}
	var groups []*group
	for _, g := range out {
		if g.sli == nil {
			for _, o := range g.slos {
				im.rep.add(im.fileName(o.file), o.doc(), "spec.indicatorRef", "no SLI named %q among the documents: not converted", o.slo.Spec.IndicatorRef)
			}
			continue
		}
		groups = append(groups, g)
	}
	return groups
}

func sameSLI(a, b *InlineSLI) bool {
	x, err1 := yaml.Marshal(a)
	y, err2 := yaml.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// unused reports the alert policies, conditions and data sources no converted
// SLO or SLI refers to, and the connection details of those referred to.
func (im *importer) unused() {
	for _, o := range im.objects {
		f := im.fileName(o.file)
		switch {
		case o.policy != nil && !o.used:
			im.rep.add(f, o.doc(), "", "no SLO refers to this alert policy: not converted")
		case o.cond != nil && !o.used:
			im.rep.add(f, o.doc(), "", "no alert policy of an SLO refers to this alert condition: not converted")
		case o.ds != nil && !o.used:
			im.rep.add(f, o.doc(), "", "no SLI refers to this data source: not converted")
		}
		if o.ds != nil && o.used && !o.ds.Spec.ConnectionDetails.IsZero() {
			im.rep.add(f, o.doc(), "spec.connectionDetails", "connections (URLs, credentials) are configured in the datasource settings: not converted; KPIs name the connection by source")
		}
	}
}

// KPIs.

var idRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)
var notID = regexp.MustCompile(`[^a-z0-9]+`)

// kpiID turns an OpenSLO name into a catalog id: lowercase letters, digits and
// "_", starting with a letter, at most 63 characters.
func kpiID(name string) string {
	id := strings.Trim(notID.ReplaceAllString(strings.ToLower(name), "_"), "_")
	if id == "" || id[0] < 'a' || id[0] > 'z' {
		id = "kpi_" + id
	}
	if len(id) > 63 {
		id = strings.TrimRight(id[:63], "_")
	}
	return id
}

func (im *importer) uniqueID(id string) string {
	out := id
	for i := 2; im.ids[out]; i++ {
		suffix := fmt.Sprintf("_%d", i)
		out = id
		if len(out)+len(suffix) > 63 {
			out = out[:63-len(suffix)]
		}
		out += suffix
	}
	im.ids[out] = true
	return out
}

// kpiFields fills in the KPI's own fields. Documents this package wrote carry
// them in northstar.kpi/ annotations, which win; for other documents they come
// from what OpenSLO has: display names, descriptions, the service, labels.
func (im *importer) kpiFields(g *group, k *catalog.KPI) (ours bool) {
	meta := g.sli.Metadata
	a := meta.Annotations
	ours = a[annID] != ""
	f := im.fileName(g.file)
	metaPath := joinPath(g.sliPath, "metadata")
	var first *SLO
	if len(g.slos) > 0 {
		first = g.slos[0].slo
	}
	k.Name = firstOf(meta.DisplayName, sloField(first, func(s *SLO) string { return s.Metadata.DisplayName }), meta.Name)
	k.Description = firstOf(g.sli.Spec.Description, sloField(first, func(s *SLO) string { return s.Spec.Description }))
	k.Version = "1"
	k.Direction = catalog.Higher
	labels := map[string][]string{}
	var keys []string
	addLabels := func(l map[string]Label) {
		for key, vals := range l {
			if _, ok := labels[key]; !ok {
				keys = append(keys, key)
			}
			for _, v := range vals {
				if !contains(labels[key], v) {
					labels[key] = append(labels[key], v)
				}
			}
		}
	}
	addLabels(meta.Labels)
	for _, o := range g.slos {
		addLabels(o.slo.Metadata.Labels)
	}
	sort.Strings(keys)
	if !ours {
		// The specification's own label examples have team and tags; other labels
		// become tags "key=value", which catalog selectors can match.
		k.Owner = strings.Join(labels["team"], ", ")
		k.Category = firstOf(first1(labels["category"]), sloField(first, func(s *SLO) string { return s.Spec.Service }))
		k.Tags = append(k.Tags, labels["tags"]...)
		for _, key := range keys {
			if key == "team" || key == "tags" || key == "category" {
				continue
			}
			for _, v := range labels[key] {
				k.Tags = append(k.Tags, key+"="+v)
			}
		}
		if k.Owner == "" {
			k.Owner = firstOf(sloField(first, func(s *SLO) string { return s.Spec.Service }), "unknown")
			im.rep.add(f, g.sliDoc, metaPath+".labels.team", "OpenSLO has no owner and there is no team label: owner set to %q", k.Owner)
		}
		k.ID = kpiID(meta.Name)
	} else {
		k.ID = a[annID]
		if !idRE.MatchString(k.ID) {
			k.ID = kpiID(a[annID])
			im.rep.add(f, g.sliDoc, metaPath+".annotations."+annID, "%q is not a catalog id: %q used", a[annID], k.ID)
		}
		im.ourFields(g, k, a, f, metaPath)
	}
	for _, key := range sortedKeys(a) {
		if !strings.HasPrefix(key, annotationPrefix) {
			im.rep.add(f, g.sliDoc, metaPath+".annotations."+key, "an annotation of another tool: not converted")
		}
	}
	if id := im.uniqueID(k.ID); id != k.ID {
		im.rep.add(f, g.sliDoc, metaPath+".name", "KPI id %q is taken: %q used", k.ID, id)
		k.ID = id
	}
	return ours
}

// ourFields reads the northstar.kpi/ annotations of an SLI this package wrote.
func (im *importer) ourFields(g *group, k *catalog.KPI, a map[string]string, f, metaPath string) {
	str := func(key string, dst *string) {
		if v, ok := a[key]; ok {
			*dst = v
		}
	}
	str(annOwner, &k.Owner)
	str(annVersion, &k.Version)
	str(annSource, &k.Source)
	str(annUnit, &k.Unit)
	str(annCategory, &k.Category)
	str(annTimezone, &k.Timezone)
	if v, ok := a[annDirection]; ok {
		k.Direction = catalog.Direction(v)
	}
	if v, ok := a[annAggregation]; ok {
		k.Aggregation = catalog.Aggregation(v)
	}
	if k.Owner == "" {
		k.Owner = "unknown"
		im.rep.add(f, g.sliDoc, metaPath+".annotations."+annOwner, "no owner: set to %q", k.Owner)
	}
	if v, ok := a[annDecimals]; ok {
		if d, err := strconv.Atoi(v); err == nil {
			k.Decimals = &d
		} else {
			im.rep.add(f, g.sliDoc, metaPath+".annotations."+annDecimals, "%q is not a number: not converted", v)
		}
	}
	structured := []struct {
		key string
		dst any
	}{{annTags, &k.Tags}, {annTarget, &k.Target}, {annThresholds, &k.Thresholds}, {annComparison, &k.Comparison}}
	for _, s := range structured {
		v, ok := a[s.key]
		if !ok {
			continue
		}
		// JSON is YAML, and the catalog's types read durations from YAML.
		if err := yaml.Unmarshal([]byte(v), s.dst); err != nil {
			im.rep.add(f, g.sliDoc, metaPath+".annotations."+s.key, "cannot be read (%s): not converted", strings.TrimPrefix(err.Error(), "yaml: "))
		}
	}
	for _, key := range sortedKeys(a) {
		if strings.HasPrefix(key, annotationPrefix) && !knownSLIAnnotations[key] {
			im.rep.add(f, g.sliDoc, metaPath+".annotations."+key, "not an annotation of an SLI: not converted")
		}
	}
}

var knownSLIAnnotations = map[string]bool{annID: true, annOwner: true, annUnit: true, annDecimals: true, annDirection: true,
	annVersion: true, annCategory: true, annTags: true, annSource: true, annAggregation: true, annTimezone: true,
	annTarget: true, annThresholds: true, annComparison: true, annSQL: true}

func sloField(s *SLO, f func(*SLO) string) string {
	if s == nil {
		return ""
	}
	return f(s)
}

func firstOf(values ...string) string {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

func first1(values []string) string {
	if len(values) == 0 {
		return ""
	}
	return values[0]
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// sloBuild is a converted catalog SLO with the objective it came from.
type sloBuild struct {
	slo             catalog.SLO
	file, doc, path string
}

var sloPathRE = regexp.MustCompile(`^kpis\[0\]\.slos\[(\d+)\]\.?`)

// finish validates the KPI with catalog.Parse: SLOs that do not validate are
// reported and left out; a KPI that does not validate is reported whole.
func (im *importer) finish(g *group, k catalog.KPI, slos []sloBuild) {
	f := im.fileName(g.file)
	for {
		k.SLOs = nil
		for _, s := range slos {
			k.SLOs = append(k.SLOs, s.slo)
		}
		problems, err := validateKPI(k)
		if err != nil {
			im.rep.add(f, g.sliDoc, g.sliPath, "not converted: %v", err)
			return
		}
		if len(problems) == 0 {
			im.kpis = append(im.kpis, k)
			return
		}
		bad := map[int][]string{}
		var whole []string
		for _, p := range problems {
			if m := sloPathRE.FindStringSubmatch(p.Path); m != nil {
				i, _ := strconv.Atoi(m[1])
				bad[i] = append(bad[i], strings.TrimPrefix(p.Path, m[0])+": "+p.Message)
				continue
			}
			whole = append(whole, strings.TrimPrefix(strings.TrimPrefix(p.Path, "kpis[0]"), ".")+": "+p.Message)
		}
		if len(whole) > 0 {
			im.rep.add(f, g.sliDoc, g.sliPath, "not converted: the KPI it gives is not valid: %s", strings.Join(whole, "; "))
			for _, s := range slos {
				im.rep.add(s.file, s.doc, s.path, "not converted: its SLI is not")
			}
			return
		}
		var kept []sloBuild
		for i, s := range slos {
			if msgs, ok := bad[i]; ok {
				im.rep.add(s.file, s.doc, s.path, "not converted: the catalog SLO it gives is not valid: %s", strings.Join(msgs, "; "))
				continue
			}
			kept = append(kept, s)
		}
		slos = kept
	}
}

// validateKPI runs catalog.Parse on a catalog of this KPI alone.
func validateKPI(k catalog.KPI) ([]catalog.Problem, error) {
	out, err := marshalCatalog([]catalog.KPI{k}, "", false)
	if err != nil {
		return nil, err
	}
	_, problems := catalog.Parse(out)
	return problems, nil
}
