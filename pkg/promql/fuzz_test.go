package promql

import (
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
)

// fuzzDurations are fixed: the placeholders are not what this target is about,
// and fixed values keep every accepted template comparable with its filtered form.
var fuzzDurations = Durations{Window: 5 * time.Minute, Interval: time.Minute, Range: time.Hour}

// FuzzFinalize puts arbitrary dashboard filter values (and label names, and
// templates) through Finalize, the one place where dashboard input meets PromQL
// text. It must never panic. For a template that Finalize accepts without
// filters and a label name that a catalog dimension may have:
//
//   - one value gives a query that Prometheus's parser reads back with, in every
//     series selector, exactly one more matcher: label="value" with the value
//     read back from the syntax tree byte for byte equal to the input;
//   - two values give one more regex matcher per selector that matches both
//     values and is exactly their regex-escaped alternation;
//   - with that matcher taken out again, the tree prints exactly as the
//     unfiltered query: no selector, function, operator or modifier was added,
//     so a value like `"} or up{` cannot become query text.
//
// Values that are not valid UTF-8 (which never arrive from Grafana, whose
// queries are JSON) may instead be rejected with an error. Label names that no
// dimension can have must be rejected or, when Prometheus accepts them, obey the
// same rules. Seeds beyond these live in testdata/fuzz/FuzzFinalize.
func FuzzFinalize(f *testing.F) {
	templates := []string{
		`sum by (region) (rate(http_requests_total{job="api"}[$__window]))`,
		`sum(rate(x_total[$__window])) / sum(rate(y_total[$__window]))`,
		`1 - ((sum by (region) (rate(http_requests_total{job="checkout", code=~"5.."}[$__window])) or 0 * sum by (region) (rate(http_requests_total{job="checkout"}[$__window]))) / sum by (region) (rate(http_requests_total{job="checkout"}[$__window])))`,
		`sum by (region) (rate(http_request_duration_seconds_bucket{job="api",le="0.25"}[$__window])) / sum by (region) (rate(http_request_duration_seconds_bucket{job="api",le="+Inf"}[$__window]))`,
		`sum by (region) (increase(orders_total[$__window]))`,
		`histogram_quantile(0.99, sum by (le) (rate(h_bucket[$__interval])))`,
		`max_over_time(up[$__range:$__interval]) offset 1h`,
		`{__name__="up", region="eu"}`,
		`vector(1)`,
		`42`,
	}
	for i, v := range hostileValues {
		f.Add(templates[i%len(templates)], "region", v, hostileValues[(i+1)%len(hostileValues)])
	}
	f.Add(templates[0], "le", `+Inf`, `0.25`)
	f.Add(templates[1], "job", `"} or up{`, `\"} or up{job=\"`)
	f.Add(templates[2], "__name__", `up`, `down`)
	f.Add(templates[3], "region\"", `x`, `y`)
	f.Add(templates[4], "région", `x`, `y`)
	f.Add(templates[5], "region", "\xff\xfe", "ok")
	f.Fuzz(func(t *testing.T, tmpl, label, value, other string) {
		base, err := Finalize(tmpl, fuzzDurations, nil)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("template %q: empty error", tmpl)
			}
			return
		}
		checkFiltered(t, tmpl, base, label, []string{value})
		checkFiltered(t, tmpl, base, label, []string{value, other})
	})
}

// dimensionName reports whether the catalog would accept name as a dimension
// (pkg/catalog: a legacy label name not starting with __), the only names a
// filter reaches Finalize with.
func dimensionName(name string) bool {
	return model.LabelName(name).IsValidLegacy() && !strings.HasPrefix(name, "__")
}

func checkFiltered(t *testing.T, tmpl, base, label string, values []string) {
	t.Helper()
	out, err := Finalize(tmpl, fuzzDurations, Filters{label: values})
	validUTF8 := true
	for _, v := range values {
		validUTF8 = validUTF8 && utf8.ValidString(v)
	}
	if err != nil {
		if err.Error() == "" {
			t.Fatalf("template %q, %s=%q: empty error", tmpl, label, values)
		}
		if dimensionName(label) && validUTF8 {
			t.Fatalf("template %q, %s=%q: rejected: %v", tmpl, label, values, err)
		}
		return
	}
	if !model.LabelName(label).IsValidLegacy() {
		t.Fatalf("template %q: invalid label name %q accepted: %s", tmpl, label, out)
	}
	want, err := labels.NewMatcher(labels.MatchEqual, label, values[0])
	if len(values) > 1 {
		quoted := make([]string, len(values))
		for i, v := range values {
			quoted[i] = regexp.QuoteMeta(v)
		}
		want, err = labels.NewMatcher(labels.MatchRegexp, label, strings.Join(quoted, "|"))
	}
	if err != nil {
		t.Fatalf("%s=%q: Finalize accepted a matcher Prometheus rejects: %v", label, values, err)
	}
	outTree, err := promParser.ParseExpr(out)
	if err != nil {
		t.Fatalf("template %q, %s=%q: the result does not parse: %v\n%s", tmpl, label, values, err, out)
	}
	baseTree, err := promParser.ParseExpr(base)
	if err != nil {
		t.Fatalf("template %q: the unfiltered result does not parse: %v\n%s", tmpl, err, base)
	}
	outSels, baseSels := vectorSelectors(outTree), vectorSelectors(baseTree)
	if len(outSels) != len(baseSels) {
		t.Fatalf("%s=%q: %d selectors, the template has %d\n%s", label, values, len(outSels), len(baseSels), out)
	}
	for i, vs := range outSels {
		if len(vs.LabelMatchers) != len(baseSels[i].LabelMatchers)+1 {
			t.Fatalf("%s=%q: selector %s has %d matchers, want %d", label, values, vs, len(vs.LabelMatchers), len(baseSels[i].LabelMatchers)+1)
		}
		j := indexOfMatcher(vs.LabelMatchers, want)
		if j < 0 {
			t.Fatalf("%s=%q: selector %s lacks %s", label, values, vs, want)
		}
		// Read back from the syntax tree: the parser's own unquoting decides.
		got := vs.LabelMatchers[j]
		if len(values) == 1 && got.Value != values[0] {
			t.Fatalf("value %q read back as %q", values[0], got.Value)
		}
		for _, v := range values {
			if !got.Matches(v) {
				t.Fatalf("values %q: %s does not match %q", values, got, v)
			}
		}
		vs.LabelMatchers = append(vs.LabelMatchers[:j:j], vs.LabelMatchers[j+1:]...)
	}
	if stripped := outTree.String(); stripped != baseTree.String() {
		t.Fatalf("%s=%q changed more than the matchers:\n got %s\nwant %s", label, values, stripped, baseTree.String())
	}
}

func vectorSelectors(e parser.Expr) []*parser.VectorSelector {
	var out []*parser.VectorSelector
	parser.Inspect(e, func(n parser.Node, _ []parser.Node) error {
		if vs, ok := n.(*parser.VectorSelector); ok {
			out = append(out, vs)
		}
		return nil
	})
	return out
}

// indexOfMatcher finds the last matcher equal to want: the injected one comes
// after the template's own, which may include an identical matcher.
func indexOfMatcher(ms []*labels.Matcher, want *labels.Matcher) int {
	for i := len(ms) - 1; i >= 0; i-- {
		if m := ms[i]; m.Name == want.Name && m.Type == want.Type && m.Value == want.Value {
			return i
		}
	}
	return -1
}
