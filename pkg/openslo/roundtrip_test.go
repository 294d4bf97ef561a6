package openslo

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/northstar/kpi/pkg/catalog"
)

// The fixtures in testdata/spec are the OpenSLO specification's own examples,
// copied verbatim (each names its source). Several use the placeholder metric
// source "type: Any" / "query: Any"; a case's fill puts a Prometheus query in
// their place, so that the example's SLO semantics can be converted at all.

func specFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "spec", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mustImport(t *testing.T, docs ...string) *ImportResult {
	t.Helper()
	var in []Input
	for i, d := range docs {
		in = append(in, Input{Name: "input" + string(rune('a'+i)), Data: []byte(d)})
	}
	res, err := Import(in, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func mustParse(t *testing.T, yml []byte) *catalog.Catalog {
	t.Helper()
	cat, problems := catalog.Parse(yml)
	if len(problems) > 0 {
		t.Fatalf("the catalog does not validate: %v\n%s", problems, yml)
	}
	return cat
}

func mustExport(t *testing.T, cat *catalog.Catalog, opt ExportOptions) *ExportResult {
	t.Helper()
	res, err := Export(cat, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// canonical is a validated catalog as JSON: every exported field, defaults
// filled in, so two catalogs that mean the same compare equal.
func canonical(t *testing.T, cat *catalog.Catalog) string {
	t.Helper()
	b, err := json.MarshalIndent(cat, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// roundTrip checks import → catalog → export → import gives the same catalog,
// and that a second export is the first one byte for byte.
func roundTrip(t *testing.T, first *ImportResult) *catalog.Catalog {
	t.Helper()
	a := mustParse(t, first.Catalog)
	exported := mustExport(t, a, ExportOptions{})
	second, err := Import([]Input{{Name: "exported", Data: exported.YAML}}, ImportOptions{})
	if err != nil {
		t.Fatalf("import of the export: %v\n%s", err, exported.YAML)
	}
	b := mustParse(t, second.Catalog)
	if ca, cb := canonical(t, a), canonical(t, b); ca != cb {
		t.Errorf("import → export → import changed the catalog:\nfirst:\n%s\nsecond:\n%s\nexported:\n%s", ca, cb, exported.YAML)
	}
	if again := mustExport(t, b, ExportOptions{}); string(again.YAML) != string(exported.YAML) {
		t.Errorf("the second export differs from the first:\n%s\n---- vs ----\n%s", again.YAML, exported.YAML)
	}
	for _, e := range second.NotConverted {
		t.Errorf("importing an export should convert everything, got: %s", e)
	}
	return a
}

// wantEntry asserts a report entry: its document, path, and a piece of its reason.
func wantEntry(t *testing.T, entries []Entry, doc, path, reason string) {
	t.Helper()
	for _, e := range entries {
		if e.Document == doc && e.Path == path && strings.Contains(e.Reason, reason) {
			return
		}
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.String())
	}
	t.Errorf("no report entry %s %s: …%s…; got:\n  %s", doc, path, reason, strings.Join(got, "\n  "))
}

func TestRoundTripSpecExamples(t *testing.T) {
	fillRatio := func(good, total string) func(string) string {
		return func(s string) string {
			s = strings.ReplaceAll(s, "type: Any", "type: Prometheus")
			s = strings.Replace(s, "query: Any", "query: "+good, 1)
			return strings.Replace(s, "query: Any", "query: "+total, 1)
		}
	}
	cases := []struct {
		name  string
		files []string
		fill  func(string) string
		check func(t *testing.T, cat *catalog.Catalog, res *ImportResult)
	}{{
		name:  "ratio, timeslices, calendar week (v1 examples/slos.yaml)",
		files: []string{"v1-slos.yaml"},
		check: func(t *testing.T, cat *catalog.Catalog, res *ImportResult) {
			k := onlyKPI(t, cat)
			want := catalog.Ratio{Good: `http_requests{k8s_cluster="prod",component="web",code=~"2xx|4xx"}`, Total: `http_requests{k8s_cluster="prod",component="web"}`}
			if k.ID != "web_successful_requests_ratio" || k.Name != "SLO for web availability" || k.Query.Ratio == nil || *k.Query.Ratio != want {
				t.Errorf("KPI %s %q %+v", k.ID, k.Name, k.Query.Ratio)
			}
			if k.Owner != "team-a, team-b" || k.Category != "web" || !reflect.DeepEqual(k.Tags, []string{"env=prod"}) || k.Timezone != "America/New_York" {
				t.Errorf("owner %q category %q tags %v timezone %q", k.Owner, k.Category, k.Tags, k.Timezone)
			}
			s := onlySLO(t, k)
			if s.Name != "web-availability" || s.Objective != 0.995 || s.Window.Calendar != catalog.CalendarWeek ||
				s.Budgeting != (catalog.Budgeting{Method: catalog.Timeslices, Slice: minutes(1), SliceTarget: 0.95}) {
				t.Errorf("SLO %+v", s)
			}
			// 2022-01-01 12:00 is a Saturday noon; catalog weeks start on Monday midnight.
			wantEntry(t, res.NotConverted, "SLO/web-availability", "spec.timeWindow[0].calendar.startTime", "is not the start of a catalog week")
		},
	}, {
		name:  "threshold metric (v1 examples/slis.yaml)",
		files: []string{"v1-slis.yaml"},
		check: func(t *testing.T, cat *catalog.Catalog, res *ImportResult) {
			k := onlyKPI(t, cat)
			if k.ID != "annotator_throughput" || k.Query.Kind() != catalog.KindValue || !strings.HasPrefix(k.Query.Expr, "sum(min_over_time(kafka_consumergroup_lag{") {
				t.Errorf("KPI %s %+v", k.ID, k.Query)
			}
			if k.Source != "my-prometheus" || k.Description == "" || len(k.SLOs) != 0 {
				t.Errorf("source %q description %q SLOs %v", k.Source, k.Description, k.SLOs)
			}
		},
	}, {
		name:  "threshold metric on a histogram is a latency KPI (budgeting-method/occurences-slo.yaml, filled)",
		files: []string{"budgeting-occurrences.yaml"},
		fill: func(s string) string {
			return strings.Replace(s, "type: Any # Here put any service that holds information you need.\n          spec:",
				"type: Prometheus\n          spec:\n            query: sum(rate(search_duration_milliseconds_bucket{job=\"shop\"}[5m]))", 1)
		},
		check: func(t *testing.T, cat *catalog.Catalog, res *ImportResult) {
			k := onlyKPI(t, cat)
			if k.Query.Latency == nil || *k.Query.Latency != (catalog.Latency{Histogram: `search_duration_milliseconds_bucket{job="shop"}`, Threshold: 500}) {
				t.Errorf("latency %+v", k.Query)
			}
			s := onlySLO(t, k)
			if s.Objective != 0.99 || s.Window.Rolling != catalog.Duration(14*day) || s.Budgeting.Method != catalog.Occurrences || s.Name != "search-slo" {
				t.Errorf("SLO %+v", s)
			}
			wantEntry(t, res.NotConverted, "SLO/search-slo", "spec.objectives[0].op", "lt read as lte")
		},
	}, {
		name:  "threshold metric on a value is a value KPI with a target (budgeting-method/occurences-slo.yaml, filled)",
		files: []string{"budgeting-occurrences.yaml"},
		fill: func(s string) string {
			return strings.Replace(s, "type: Any # Here put any service that holds information you need.\n          spec:",
				"type: Prometheus\n          spec:\n            query: histogram_quantile(0.99, sum by (le) (rate(search_duration_milliseconds_bucket[5m])))", 1)
		},
		check: func(t *testing.T, cat *catalog.Catalog, res *ImportResult) {
			k := onlyKPI(t, cat)
			if k.Query.Kind() != catalog.KindValue || k.Direction != catalog.Lower || k.Target == nil || *k.Target.Value != 500 || len(k.SLOs) != 0 {
				t.Errorf("KPI %+v direction %s target %+v", k.Query, k.Direction, k.Target)
			}
			wantEntry(t, res.NotConverted, "SLO/search-slo", "spec.objectives", "the catalog has no SLOs on values")
		},
	}, {
		name:  "ratio timeslices, rolling 2w (budgeting-method/ratio-timeslices.yaml, filled)",
		files: []string{"budgeting-ratio-timeslices.yaml"},
		fill:  fillRatio(`sum(rate(http_requests_total{page="main", code=~"2.."}[1m]))`, `sum(rate(http_requests_total{page="main"}[1m]))`),
		check: func(t *testing.T, cat *catalog.Catalog, res *ImportResult) {
			k := onlyKPI(t, cat)
			if k.ID != "response_code" || k.Query.Ratio == nil || k.Query.Ratio.Good != `http_requests_total{page="main", code=~"2.."}` || k.Query.Ratio.Total != `http_requests_total{page="main"}` {
				t.Errorf("KPI %s %+v", k.ID, k.Query.Ratio)
			}
			s := onlySLO(t, k)
			if s.Objective != 0.99 || s.Window.Rolling != catalog.Duration(14*day) || s.Budgeting != (catalog.Budgeting{Method: catalog.RatioTimeslices, Slice: minutes(1)}) {
				t.Errorf("SLO %+v", s)
			}
		},
	}, {
		name:  "timeslices with two objectives, calendar month (budgeting-method/timeslices-slo.yaml, filled, 1m read as the 1M its comment means)",
		files: []string{"budgeting-timeslices.yaml"},
		fill: func(s string) string {
			s = fillRatio(`sum(increase(up_seconds_total{service="web"}[1m]))`, `sum(increase(observed_seconds_total{service="web"}[1m]))`)(s)
			return strings.Replace(s, "duration: 1m # Contracts", "duration: 1M # Contracts", 1)
		},
		check: func(t *testing.T, cat *catalog.Catalog, res *ImportResult) {
			k := onlyKPI(t, cat)
			if len(k.SLOs) != 2 || k.Timezone != "America/New_York" {
				t.Fatalf("SLOs %+v timezone %q", k.SLOs, k.Timezone)
			}
			for i, want := range []struct {
				name      string
				objective float64
			}{{"service-availability-Internal-objective", 0.995}, {"service-availability-SLA", 0.99}} {
				s := k.SLOs[i]
				if s.Name != want.name || s.Objective != want.objective || s.Window.Calendar != catalog.CalendarMonth ||
					s.Budgeting != (catalog.Budgeting{Method: catalog.Timeslices, Slice: minutes(1), SliceTarget: 0.99}) {
					t.Errorf("SLO %d: %+v", i, s)
				}
			}
			wantEntry(t, res.NotConverted, "SLO/service-availability", "spec.timeWindow[0].calendar.startTime", "not the start of a catalog month")
		},
	}, {
		name:  "timeslices, calendar week (treat-low-traffic-as-equally-important, filled)",
		files: []string{"low-traffic-timeslices.yaml"},
		fill:  fillRatio(`checkout_requests_total{code!~"5.."}`, `checkout_requests_total`),
		check: func(t *testing.T, cat *catalog.Catalog, res *ImportResult) {
			s := onlySLO(t, onlyKPI(t, cat))
			if s.Objective != 0.9995 || s.Window.Calendar != catalog.CalendarWeek || s.Budgeting.SliceTarget != 0.95 {
				t.Errorf("SLO %+v", s)
			}
		},
	}, {
		name:  "dimensions of the metric source spec (openslosdk test_data v1_slos.yaml)",
		files: []string{"sdk-v1-slos.yaml"},
		check: func(t *testing.T, cat *catalog.Catalog, res *ImportResult) {
			k := onlyKPI(t, cat)
			if !reflect.DeepEqual(k.Dimensions, []string{"following", "another"}) || k.Source != "thanos" || k.Query.Ratio.Total != "http_requests_total{}" {
				t.Errorf("KPI %+v dimensions %v source %q", k.Query.Ratio, k.Dimensions, k.Source)
			}
			wantEntry(t, res.NotConverted, "SLO/foo-slo", "spec.timeWindow", "no timeWindow")
		},
	}, {
		name:  "burn-rate alert policies (v1 examples: slos, alert_policies, alert_conditions)",
		files: []string{"v1-slos.yaml", "v1-alert-policies.yaml", "v1-alert-conditions.yaml"},
		fill: func(s string) string {
			// The SLO example names no policy; these are the policies example's.
			return strings.Replace(s, "        timeSliceWindow: 1m\n", "        timeSliceWindow: 1m\n    alertPolicies:\n      - alertPolicyRef: high-priority\n      - alertPolicyRef: medium-priority\n", 1)
		},
		check: func(t *testing.T, cat *catalog.Catalog, res *ImportResult) {
			s := onlySLO(t, onlyKPI(t, cat))
			want := []catalog.BurnPair{{Severity: "page", Long: catalog.Duration(60 * minute), Short: minutes(5), Factor: 2}}
			if !reflect.DeepEqual(s.Alerting.Pairs, want) {
				t.Errorf("pairs %+v, want %+v", s.Alerting.Pairs, want)
			}
			inline := "spec.conditions[0].spec.condition."
			wantEntry(t, res.NotConverted, "AlertPolicy/high-priority", inline+"lookbackWindow", "no short window: the pair's short window is lookbackWindow/12 = 5m")
			wantEntry(t, res.NotConverted, "AlertPolicy/high-priority", inline+"alertAfter", "alertAfter 5m")
			wantEntry(t, res.NotConverted, "AlertPolicy/high-priority", "spec.notificationTargets", "notification policies")
			wantEntry(t, res.NotConverted, "AlertCondition/cpu-usage-breach", "spec.condition.op", "op lte")
			wantEntry(t, res.NotConverted, "AlertPolicy/low-priority", "", "no SLO refers to this alert policy")
			wantEntry(t, res.NotConverted, "AlertCondition/latency-too-high", "", "no alert policy of an SLO refers")
		},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var docs []string
			for _, f := range c.files {
				d := specFile(t, f)
				if c.fill != nil {
					d = c.fill(d)
				}
				docs = append(docs, d)
			}
			res := mustImport(t, docs...)
			cat := roundTrip(t, res)
			c.check(t, cat, res)
		})
	}
}

func onlyKPI(t *testing.T, cat *catalog.Catalog) *catalog.KPI {
	t.Helper()
	if len(cat.KPIs) != 1 {
		t.Fatalf("%d KPIs, want 1: %+v", len(cat.KPIs), cat.KPIs)
	}
	return &cat.KPIs[0]
}

func onlySLO(t *testing.T, k *catalog.KPI) catalog.SLO {
	t.Helper()
	if len(k.SLOs) != 1 {
		t.Fatalf("KPI %s has %d SLOs, want 1: %+v", k.ID, len(k.SLOs), k.SLOs)
	}
	return k.SLOs[0]
}

const minute = catalog.Duration(60e9)

func minutes(n int) catalog.Duration { return catalog.Duration(n) * minute }

// The example catalog exported and imported again gives the same KPIs and SLOs,
// field by field.
func TestRoundTripExampleCatalog(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "provisioning", "catalog", "catalog.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	orig := mustParse(t, data)
	opt := ExportOptions{Sources: map[string]string{"prom": "prometheus", "shop": "postgres"}}
	exported := mustExport(t, orig, opt)
	res, err := Import([]Input{{Name: "exported", Data: exported.YAML}}, ImportOptions{Sources: opt.Sources})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.NotConverted) != 0 {
		t.Errorf("the import of the export reports %v", res.NotConverted)
	}
	back := mustParse(t, res.Catalog)
	if len(back.KPIs) != len(orig.KPIs) {
		t.Fatalf("%d KPIs back, want %d", len(back.KPIs), len(orig.KPIs))
	}
	kpiFields := []struct {
		name string
		get  func(k *catalog.KPI) any
	}{
		{"id", func(k *catalog.KPI) any { return k.ID }},
		{"name", func(k *catalog.KPI) any { return k.Name }},
		{"description", func(k *catalog.KPI) any { return k.Description }},
		{"owner", func(k *catalog.KPI) any { return k.Owner }},
		{"unit", func(k *catalog.KPI) any { return k.Unit }},
		{"decimals", func(k *catalog.KPI) any { return k.Decimals }},
		{"direction", func(k *catalog.KPI) any { return k.Direction }},
		{"version", func(k *catalog.KPI) any { return k.Version }},
		{"category", func(k *catalog.KPI) any { return k.Category }},
		{"tags", func(k *catalog.KPI) any { return k.Tags }},
		{"source", func(k *catalog.KPI) any { return k.Source }},
		{"query", func(k *catalog.KPI) any { return k.Query }},
		{"aggregation", func(k *catalog.KPI) any { return k.Aggregation }},
		{"target", func(k *catalog.KPI) any { return k.Target }},
		{"thresholds", func(k *catalog.KPI) any { return k.Thresholds }},
		{"comparison", func(k *catalog.KPI) any { return k.Comparison }},
		{"dimensions", func(k *catalog.KPI) any { return k.Dimensions }},
		{"timezone", func(k *catalog.KPI) any { return k.Timezone }},
		{"number of SLOs", func(k *catalog.KPI) any { return len(k.SLOs) }},
	}
	sloFields := []struct {
		name string
		get  func(s *catalog.SLO) any
	}{
		{"name", func(s *catalog.SLO) any { return s.Name }},
		{"objective", func(s *catalog.SLO) any { return s.Objective }},
		{"window", func(s *catalog.SLO) any { return s.Window }},
		{"budgeting.method", func(s *catalog.SLO) any { return s.Budgeting.Method }},
		{"budgeting.slice", func(s *catalog.SLO) any { return s.Budgeting.Slice }},
		{"budgeting.sliceTarget", func(s *catalog.SLO) any { return s.Budgeting.SliceTarget }},
		{"alerting.pairs (severity, long, short, factor)", func(s *catalog.SLO) any { return s.Alerting.Pairs }},
		{"alerting.minEvents", func(s *catalog.SLO) any { return s.Alerting.MinEvents }},
		{"alerting.minFailures", func(s *catalog.SLO) any { return s.Alerting.MinFailures }},
		{"exclusions", func(s *catalog.SLO) any { return s.Exclusions }},
	}
	slos := 0
	for i := range orig.KPIs {
		a, b := &orig.KPIs[i], &back.KPIs[i]
		for _, f := range kpiFields {
			if x, y := f.get(a), f.get(b); !reflect.DeepEqual(x, y) {
				t.Errorf("KPI %s %s: %#v, back %#v", a.ID, f.name, x, y)
			}
		}
		for j := range a.SLOs {
			if j >= len(b.SLOs) {
				break
			}
			slos++
			for _, f := range sloFields {
				if x, y := f.get(&a.SLOs[j]), f.get(&b.SLOs[j]); !reflect.DeepEqual(x, y) {
					t.Errorf("KPI %s SLO %s %s: %#v, back %#v", a.ID, a.SLOs[j].Name, f.name, x, y)
				}
			}
		}
	}
	if slos != 6 {
		t.Errorf("compared %d SLOs, the example catalog has 6", slos)
	}
	if canonical(t, orig) != canonical(t, back) {
		t.Errorf("the catalogs differ:\n%s\n---- back ----\n%s", canonical(t, orig), canonical(t, back))
	}
	again := mustExport(t, back, opt)
	if string(again.YAML) != string(exported.YAML) {
		t.Errorf("export → import → export is not stable")
	}
}
