package prometheus

import (
	"fmt"
	"strings"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/promql"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
)

// Template is the PromQL of a KPI with the window still a placeholder: one series
// per dimension set. Counters are rated before they are summed, and ratios are
// sums of rates divided, never averages of ratios.
func Template(k *catalog.KPI) (string, error) {
	by := SumBy(k.Dimensions)
	switch k.Query.Kind() {
	case catalog.KindRatio:
		r := k.Query.Ratio
		total := rated(by, r.Total)
		if r.Good != "" {
			return fmt.Sprintf("%s / %s", rated(by, r.Good), total), nil
		}
		bad := fmt.Sprintf("(%s or 0 * %s)", rated(by, r.Bad), total)
		return fmt.Sprintf("1 - (%s / %s)", bad, total), nil
	case catalog.KindLatency:
		l := k.Query.Latency
		good, err := WithLabel(l.Histogram, "le", promql.FormatFloat(l.Threshold))
		if err != nil {
			return "", err
		}
		total, err := WithLabel(l.Histogram, "le", "+Inf")
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s / %s", rated(by, good), rated(by, total)), nil
	default:
		return valueTemplate(k, by)
	}
}

// valueTemplate sums a value expression by the KPI's dimensions, so that the KPI
// yields exactly one series per dimension set; a scalar is left as it is.
func valueTemplate(k *catalog.KPI, by string) (string, error) {
	e, err := promql.Parse(k.Query.Expr)
	if err != nil {
		return "", err
	}
	if e.Type() == parser.ValueTypeScalar {
		return k.Query.Expr, nil
	}
	return fmt.Sprintf("%s (%s)", by, k.Query.Expr), nil
}

// SumBy is the aggregation that keeps a KPI's dimensions: one series per dimension set.
func SumBy(dims []string) string {
	if len(dims) == 0 {
		return "sum"
	}
	return fmt.Sprintf("sum by (%s)", strings.Join(dims, ", "))
}

func rated(by, selector string) string {
	return fmt.Sprintf("%s (rate(%s[%s]))", by, selector, promql.Window)
}

// WithLabel adds an equality matcher to a selector through the syntax tree.
func WithLabel(selector, name, value string) (string, error) {
	e, err := promql.Parse(selector)
	if err != nil {
		return "", err
	}
	vs, ok := e.(*parser.VectorSelector)
	if !ok {
		return "", fmt.Errorf("%q is not a series selector", selector)
	}
	m, err := labels.NewMatcher(labels.MatchEqual, name, value)
	if err != nil {
		return "", err
	}
	vs.LabelMatchers = append(vs.LabelMatchers, m)
	return vs.String(), nil
}
