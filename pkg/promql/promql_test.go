package promql

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
)

// hostileValues are label values a dashboard might send to break out of a
// matcher: quotes, backslashes, PromQL fragments, regex metacharacters, control
// characters and non-ASCII text.
var hostileValues = []string{
	``, `"`, `\`, `\"`, `"} or vector(1) or {a="`, `eu-west"}) or sum(up{job=~".*`,
	`.*`, `a|b`, `(x)`, `[a-z]+`, `^$`, `$__window`, `{{.}}`, "new\nline", "tab\there",
	"nul\x00byte", `'single'`, "`back`", `ünïcødé ✓`, `😀`, strings.Repeat("x", 5000),
	`\\u0022`, `%22`, `}`, `{`, `=~`, `!=`, `offset 1h`, `@ 0`, `) by (`,
}

func selectors(t *testing.T, query string) []*parser.VectorSelector {
	t.Helper()
	e, err := promParser.ParseExpr(query)
	if err != nil {
		t.Fatalf("generated query does not parse: %v\n%s", err, query)
	}
	var out []*parser.VectorSelector
	parser.Inspect(e, func(n parser.Node, _ []parser.Node) error {
		if vs, ok := n.(*parser.VectorSelector); ok {
			out = append(out, vs)
		}
		return nil
	})
	return out
}

func matcherNamed(vs *parser.VectorSelector, name string) *labels.Matcher {
	for _, m := range vs.LabelMatchers {
		if m.Name == name {
			return m
		}
	}
	return nil
}

func TestSingleHostileValueStaysALabelValue(t *testing.T) {
	tmpl := `sum by (region) (rate(http_requests_total{job="api"}[$__window]))`
	for _, v := range hostileValues {
		q, err := Finalize(tmpl, Durations{Window: 5 * time.Minute}, Filters{"region": {v}})
		if err != nil {
			t.Fatalf("value %q: %v", v, err)
		}
		sels := selectors(t, q)
		if len(sels) != 1 {
			t.Fatalf("value %q: want 1 selector, got %d in %s", v, len(sels), q)
		}
		m := matcherNamed(sels[0], "region")
		if m == nil || m.Type != labels.MatchEqual || m.Value != v {
			t.Fatalf("value %q: want region=%q, got %v in %s", v, v, m, q)
		}
	}
}

func TestSeveralHostileValuesMatchExactlyThemselves(t *testing.T) {
	tmpl := `sum(rate(x_total[$__window])) / sum(rate(y_total[$__window]))`
	for i := 0; i+1 < len(hostileValues); i++ {
		values := []string{hostileValues[i], hostileValues[i+1]}
		q, err := Finalize(tmpl, Durations{Window: time.Minute}, Filters{"region": values})
		if err != nil {
			t.Fatalf("values %q: %v", values, err)
		}
		for _, vs := range selectors(t, q) {
			m := matcherNamed(vs, "region")
			if m == nil || m.Type != labels.MatchRegexp {
				t.Fatalf("values %q: want a regex matcher, got %v", values, m)
			}
			// Prometheus anchors label regexes; check with Go's regexp the same way.
			re := regexp.MustCompile("^(?s:" + m.Value + ")$")
			for _, v := range values {
				if !re.MatchString(v) || !m.Matches(v) {
					t.Errorf("values %q: matcher %q does not match %q", values, m.Value, v)
				}
			}
			for _, other := range []string{"other", "eu-west", "a", "b", "x"} {
				if other != values[0] && other != values[1] && m.Matches(other) {
					t.Errorf("values %q: matcher %q also matches %q", values, m.Value, other)
				}
			}
		}
	}
}

func TestFiltersRejectInvalidLabelNames(t *testing.T) {
	for _, name := range []string{`region"}`, "1abc", "a-b", "", "a b"} {
		if _, err := Finalize(`up`, Durations{}, Filters{name: {"x"}}); err == nil {
			t.Errorf("label name %q: want an error", name)
		}
	}
}

func TestExpand(t *testing.T) {
	cases := []struct {
		in, want string
		wantErr  bool
	}{
		{"rate(x[$__window])", "rate(x[5m])", false},
		{"rate(x[${__window}])", "rate(x[5m])", false},
		{"avg_over_time(x[$__range:$__interval])", "avg_over_time(x[1d:30s])", false},
		{"rate(x[$window])", "", true},
		{"rate(x[$__rate_interval])", "", true},
	}
	for _, tc := range cases {
		got, err := Expand(tc.in, Durations{Window: 5 * time.Minute, Interval: 30 * time.Second, Range: 24 * time.Hour})
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("Expand(%q) = %q, %v; want %q (error %v)", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	cases := map[time.Duration]string{
		500 * time.Millisecond: "1s", 90 * time.Second: "1m30s", 7 * 24 * time.Hour: "1w", 30 * 24 * time.Hour: "30d",
	}
	for d, want := range cases {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestCheckSelector(t *testing.T) {
	good := []string{`up`, `http_requests_total{job="a",code=~"5.."}`, `{__name__="x"}`}
	bad := []string{`rate(up[5m])`, `up[5m]`, `sum(up)`, `up offset 1h`, `up{`, `1`}
	for _, s := range good {
		if err := CheckSelector(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	for _, s := range bad {
		if err := CheckSelector(s); err == nil {
			t.Errorf("%q: want an error", s)
		}
	}
}

func FuzzFinalizeNeverPanicsAndKeepsValues(f *testing.F) {
	for _, v := range hostileValues {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		q, err := Finalize(`sum(rate(x_total{job="a"}[$__window]))`, Durations{Window: time.Minute}, Filters{"region": {v}})
		if err != nil {
			return // invalid UTF-8 is rejected by the matcher, which is fine
		}
		sels := selectors(t, q)
		if len(sels) != 1 || matcherNamed(sels[0], "region").Value != v {
			t.Fatalf("value %q not kept as a label value: %s", v, q)
		}
	})
}
