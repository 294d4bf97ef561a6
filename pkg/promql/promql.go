// Package promql holds the PromQL building blocks: parsing with Prometheus's own
// parser, window placeholders, and label filters injected into the syntax tree so
// that dashboard values are label values, never query text.
package promql

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
)

// Placeholders that catalog expressions may use; they are replaced by durations
// before an expression is parsed or sent.
const (
	Window   = "$__window"
	Interval = "$__interval"
	Range    = "$__range"
)

var placeholderRE = regexp.MustCompile(`\$__(window|interval|range)\b|\$\{__(window|interval|range)\}`)
var unknownVarRE = regexp.MustCompile(`\$\{?\w+`)

var promParser = parser.NewParser(parser.Options{})

// Durations gives the values of the placeholders for one evaluation.
type Durations struct {
	Window, Interval, Range time.Duration
}

// Expand replaces placeholders with PromQL durations and rejects any other $variable.
func Expand(expr string, d Durations) (string, error) {
	out := placeholderRE.ReplaceAllStringFunc(expr, func(m string) string {
		name := strings.Trim(m, "${}_")
		switch name {
		case "window":
			return FormatDuration(d.Window)
		case "interval":
			return FormatDuration(d.Interval)
		default:
			return FormatDuration(d.Range)
		}
	})
	if v := unknownVarRE.FindString(out); v != "" {
		return "", fmt.Errorf("unknown placeholder %q (use $__window, $__interval or $__range)", v)
	}
	return out, nil
}

// FormatDuration writes a duration the way PromQL reads it, never shorter than 1s.
func FormatDuration(d time.Duration) string {
	if d < time.Second {
		d = time.Second
	}
	return model.Duration(d.Truncate(time.Second)).String()
}

// Parse parses an expression after expanding placeholders with sample durations.
func Parse(expr string) (parser.Expr, error) {
	expanded, err := Expand(expr, Durations{Window: 5 * time.Minute, Interval: time.Minute, Range: time.Hour})
	if err != nil {
		return nil, err
	}
	return parseExpanded(expanded)
}

func parseExpanded(expr string) (parser.Expr, error) {
	e, err := promParser.ParseExpr(expr)
	if err != nil {
		return nil, fmt.Errorf("invalid PromQL: %s", firstLine(err.Error()))
	}
	return e, nil
}

// CheckExpr reports whether a catalog value expression is valid PromQL that returns
// an instant vector or a scalar.
func CheckExpr(expr string) error {
	e, err := Parse(expr)
	if err != nil {
		return err
	}
	switch e.Type() {
	case parser.ValueTypeVector, parser.ValueTypeScalar:
		return nil
	default:
		return fmt.Errorf("the expression returns a %s; a KPI needs an instant vector or a scalar", e.Type())
	}
}

// CheckSelector reports whether s is a plain series selector such as
// http_requests_total{job="api"} (no functions, ranges or offsets).
func CheckSelector(s string) error {
	e, err := parseExpanded(s)
	if err != nil {
		return err
	}
	vs, ok := e.(*parser.VectorSelector)
	if !ok {
		return fmt.Errorf("must be a series selector such as metric{label=\"value\"}, not a %s expression", describe(e))
	}
	if vs.OriginalOffset != 0 || vs.Timestamp != nil || vs.StartOrEnd != 0 {
		return fmt.Errorf("a selector must not use offset or @")
	}
	return nil
}

// SelectorHasLabel reports whether a valid selector already matches on a label.
func SelectorHasLabel(s, label string) bool {
	e, err := parseExpanded(s)
	if err != nil {
		return false
	}
	vs, ok := e.(*parser.VectorSelector)
	if !ok {
		return false
	}
	for _, m := range vs.LabelMatchers {
		if m.Name == label {
			return true
		}
	}
	return false
}

func describe(e parser.Expr) string {
	switch e.(type) {
	case *parser.Call:
		return "function call"
	case *parser.AggregateExpr:
		return "aggregation"
	case *parser.BinaryExpr:
		return "binary"
	case *parser.MatrixSelector:
		return "range selector"
	default:
		return string(e.Type())
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// Filters restricts dimensions to sets of values. Values are label values: they are
// placed in the syntax tree as matchers and never concatenated into query text.
type Filters map[string][]string

// Matchers turns filters into label matchers: one value gives an equality matcher,
// several give a regex matcher over the regex-escaped values.
func (f Filters) Matchers() ([]*labels.Matcher, error) {
	names := make([]string, 0, len(f))
	for name := range f {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make([]*labels.Matcher, 0, len(names))
	for _, name := range names {
		values := f[name]
		if !model.LabelName(name).IsValidLegacy() {
			return nil, fmt.Errorf("invalid filter label name %q", name)
		}
		m, err := matcherFor(name, values)
		if err != nil {
			return nil, err
		}
		if m != nil {
			out = append(out, m)
		}
	}
	return out, nil
}

func matcherFor(name string, values []string) (*labels.Matcher, error) {
	switch len(values) {
	case 0:
		return nil, nil
	case 1:
		return labels.NewMatcher(labels.MatchEqual, name, values[0])
	}
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = regexp.QuoteMeta(v)
	}
	return labels.NewMatcher(labels.MatchRegexp, name, strings.Join(quoted, "|"))
}

// Finalize expands placeholders, parses the expression, adds the filter matchers to
// every series selector, and prints it back. The printed query is parsed again
// before it is returned, so nothing malformed is ever sent.
func Finalize(expr string, d Durations, filters Filters) (string, error) {
	expanded, err := Expand(expr, d)
	if err != nil {
		return "", err
	}
	tree, err := parseExpanded(expanded)
	if err != nil {
		return "", err
	}
	matchers, err := filters.Matchers()
	if err != nil {
		return "", err
	}
	if len(matchers) > 0 {
		injectMatchers(tree, matchers)
	}
	out := tree.String()
	if _, err := parseExpanded(out); err != nil {
		return "", fmt.Errorf("internal error: generated PromQL does not parse: %w", err)
	}
	return out, nil
}

func injectMatchers(tree parser.Expr, matchers []*labels.Matcher) {
	parser.Inspect(tree, func(node parser.Node, _ []parser.Node) error {
		if vs, ok := node.(*parser.VectorSelector); ok {
			vs.LabelMatchers = append(vs.LabelMatchers, matchers...)
		}
		return nil
	})
}

// FormatFloat writes a number the way Prometheus writes le label values.
func FormatFloat(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// UsesWindow tells whether an expression has a $__window placeholder.
func UsesWindow(expr string) bool {
	for _, m := range placeholderRE.FindAllString(expr, -1) {
		if strings.Contains(m, "window") {
			return true
		}
	}
	return false
}
