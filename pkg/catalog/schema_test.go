package catalog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// The JSON Schema shipped for editors must agree with the parser: it accepts the
// catalogs the parser accepts and rejects the mistakes an editor should flag.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	path, _ := filepath.Abs("../../schema/catalog.schema.json")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(path, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func yamlDoc(t *testing.T, text string) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(text), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestSchemaAcceptsValidCatalogs(t *testing.T) {
	s := compileSchema(t)
	files := []string{"testdata/valid.yaml", "../../provisioning/catalog/catalog.yaml"}
	for _, f := range files {
		text := string(mustRead(t, f))
		if _, problems := Parse([]byte(text)); len(problems) > 0 {
			t.Fatalf("%s: parser problems %v", f, problems)
		}
		if err := s.Validate(yamlDoc(t, text)); err != nil {
			t.Errorf("%s: schema rejects a valid catalog: %v", f, err)
		}
	}
}

// sloCatalog (slo_test.go) uses every SLO field: slo and slos, all budgeting
// methods, pairs, minEvents and exclusions.
func TestSchemaAcceptsSLOs(t *testing.T) {
	if _, problems := Parse([]byte(sloCatalog)); len(problems) > 0 {
		t.Fatalf("parser problems %v", problems)
	}
	if err := compileSchema(t).Validate(yamlDoc(t, sloCatalog)); err != nil {
		t.Errorf("schema rejects a valid catalog: %v", err)
	}
}

func TestSchemaRejectsWhatTheParserRejects(t *testing.T) {
	s := compileSchema(t)
	valid := string(mustRead(t, "testdata/valid.yaml"))
	cases := map[string][2]string{
		"uppercase id":       {"id: orders_per_minute", "id: Orders"},
		"direction":          {"direction: higher\n    version: \"2\"", "direction: up\n    version: \"2\""},
		"unknown field":      {"category: commerce", "categry: commerce"},
		"two query forms":    {"      expr: sum(rate(orders_total[$__window])) * 60", "      expr: up\n      ratio: {good: a, total: b}"},
		"bad duration":       {"offset: 7d", "offset: seven days"},
		"statistic":          {"statistic: median", "statistic: mode"},
		"aggregation":        {"aggregation: avg", "aggregation: p99"},
		"good and bad":       {"bad: http_requests_total{job=\"checkout\", code=~\"5..\"}", "bad: x\n        good: y"},
		"negative threshold": {"threshold: 0.3", "threshold: -1"},
		// SLOs, added to the ratio KPI (or, where said, to the value KPI).
		"objective as a percentage":      withSLO("{objective: 99.9, window: {rolling: 28d}}"),
		"slo and slos":                   withSLO("{objective: 0.99, window: {rolling: 28d}}\n    slos: [{objective: 0.9, window: {rolling: 7d}}]"),
		"slo on a value KPI":             {"expr: sum(rate(orders_total[$__window])) * 60", "expr: sum(rate(orders_total[$__window])) * 60\n    slo: {objective: 0.99, window: {rolling: 7d}}"},
		"rolling and calendar":           withSLO("{objective: 0.99, window: {rolling: 28d, calendar: month}}"),
		"calendar year":                  withSLO("{objective: 0.99, window: {calendar: year}}"),
		"slo name":                       withSLO("{name: per month, objective: 0.99, window: {calendar: month}}"),
		"timeslices without slice":       withSLO("{objective: 0.99, window: {rolling: 28d}, budgeting: {method: timeslices, sliceTarget: 0.9}}"),
		"sliceTarget on occurrences":     withSLO("{objective: 0.99, window: {rolling: 28d}, budgeting: {sliceTarget: 0.9}}"),
		"sliceTarget on ratioTimeslices": withSLO("{objective: 0.99, window: {rolling: 28d}, budgeting: {method: ratioTimeslices, slice: 5m, sliceTarget: 0.9}}"),
		"budgeting method":               withSLO("{objective: 0.99, window: {rolling: 28d}, budgeting: {method: events}}"),
		"pair without severity":          withSLO("{objective: 0.99, window: {rolling: 28d}, alerting: {pairs: [{long: 1h, short: 5m, factor: 14.4}]}}"),
		"negative minEvents":             withSLO("{objective: 0.99, window: {rolling: 28d}, alerting: {minEvents: -1}}"),
		"exclusion without to":           withSLO(`{objective: 0.99, window: {rolling: 28d}, exclusions: [{from: "2026-11-01 02:00"}]}`),
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if !strings.Contains(valid, c[0]) {
				t.Fatalf("test setup: %q not found", c[0])
			}
			text := strings.Replace(valid, c[0], c[1], 1)
			if _, problems := Parse([]byte(text)); len(problems) == 0 {
				t.Fatalf("the parser accepts it")
			}
			if err := s.Validate(yamlDoc(t, text)); err == nil {
				t.Errorf("the schema accepts what the parser rejects")
			}
		})
	}
}

// withSLO is an edit of testdata/valid.yaml that gives its ratio KPI an slo.
func withSLO(slo string) [2]string {
	return [2]string{"      offset: 7d\n", "      offset: 7d\n    slo: " + slo + "\n"}
}
