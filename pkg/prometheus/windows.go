package prometheus

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/promql"
	"github.com/northstar/kpi/pkg/slo"
	"github.com/northstar/kpi/pkg/source"
)

// countLabel tags each sub-query of a combined query with the count and the
// window it stands for ("total 3"), so one answer carries them all. A KPI
// dimension of this name is refused (checkCountLabel).
const countLabel = "northstar_count"

// EventsBetween counts an SLO's events between bounds with ONE instant query at
// the last bound: for every earlier bound b it asks for
// sum(increase(counter[last-b])), the very expression Prometheus's own ratio
// over that window uses, and slice i (bounds[i], bounds[i+1]] is the difference
// of two such windows. Any window that ends at the last bound is then a sum of
// slices that telescopes back to Prometheus's own increase over it, exactly, at
// any instant and scrape interval; summing short slices instead would
// extrapolate each one on its own and drift from it.
func (s *Source) EventsBetween(ctx context.Context, k *catalog.KPI, f source.Filters, bounds []time.Time) ([]source.EventSeries, error) {
	if len(bounds) < 2 {
		return nil, nil
	}
	tmpl, err := checkedCounts(k, f)
	if err != nil {
		return nil, err
	}
	end := bounds[len(bounds)-1]
	windows := make([]time.Duration, len(bounds)-1)
	for i := range windows {
		windows[i] = end.Sub(bounds[i])
	}
	q, err := windowsQuery(k, tmpl, f, windows)
	if err != nil {
		return nil, err
	}
	answer, err := s.do(ctx, Call{Query: q, End: end})
	if err != nil {
		return nil, err
	}
	cum, err := readWindowCounts(answer, len(windows))
	if err != nil {
		return nil, fmt.Errorf("connection %q returned an unusable answer: %w", s.calls.Client().Name(), err)
	}
	good := tmpl.good != ""
	out := make([]source.EventSeries, 0, len(cum.order))
	for _, key := range cum.order {
		out = append(out, source.EventSeries{Labels: cum.labels[key], Slices: telescope(cum.total[key], cum.part[key], good, bounds)})
	}
	return out, nil
}

// windowsQuery is the combined instant query: for each window, the total count
// and the other count (good or bad), each tagged by countLabel.
func windowsQuery(k *catalog.KPI, tmpl eventCounts, f source.Filters, windows []time.Duration) (string, error) {
	part, partName := tmpl.part()
	var terms []string
	for i, w := range windows {
		d := promql.Durations{Window: w, Interval: w, Range: w}
		for _, c := range [][2]string{{"total", tmpl.total}, {partName, part}} {
			t, err := tagged(k, c[1], d, f, fmt.Sprintf("%s %d", c[0], i))
			if err != nil {
				return "", err
			}
			terms = append(terms, t)
		}
	}
	return strings.Join(terms, " or "), nil
}

// tagged is a count template made final and tagged with countLabel=tag, so
// that several counts can share one query.
func tagged(k *catalog.KPI, tmpl string, d promql.Durations, f source.Filters, tag string) (string, error) {
	q, err := promql.Finalize(tmpl, d, promql.Filters(f))
	if err != nil {
		return "", source.BadInput("KPI %q: %v", k.ID, err)
	}
	return fmt.Sprintf(`label_replace(%s, %q, %q, "", "")`, q, countLabel, tag), nil
}

// checkedCounts checks a KPI and its filters for an events query and returns
// its count templates.
func checkedCounts(k *catalog.KPI, f source.Filters) (eventCounts, error) {
	if err := checkFilters(k, f); err != nil {
		return eventCounts{}, err
	}
	if err := checkCountLabel(k); err != nil {
		return eventCounts{}, err
	}
	return countTemplates(k)
}

// windowCounts are the counts of each dimension set per window (index into the
// windows, longest first), total and part (good or bad).
type windowCounts struct {
	order       []string
	labels      map[string]map[string]string
	total, part map[string][]float64
}

func readWindowCounts(answer []source.Series, n int) (*windowCounts, error) {
	c := &windowCounts{labels: map[string]map[string]string{}, total: map[string][]float64{}, part: map[string][]float64{}}
	for _, s := range answer {
		var name string
		var i int
		if _, err := fmt.Sscanf(s.Labels[countLabel], "%s %d", &name, &i); err != nil || i < 0 || i >= n || len(s.Points) != 1 {
			return nil, fmt.Errorf("series %v is not one of the counts asked for", s.Labels)
		}
		labels := withoutCountLabel(s.Labels)
		key := source.LabelKey(labels)
		if _, seen := c.labels[key]; !seen {
			c.labels[key] = labels
			c.total[key] = make([]float64, n)
			c.part[key] = make([]float64, n)
		}
		into := c.part
		if name == "total" {
			into = c.total
			if !slices.Contains(c.order, key) {
				c.order = append(c.order, key)
			}
		}
		into[key][i] = s.Points[0].V
	}
	slices.Sort(c.order)
	return c, nil
}

// withoutCountLabel copies labels without countLabel.
func withoutCountLabel(l map[string]string) map[string]string {
	out := make(map[string]string, len(l))
	for k, v := range l {
		if k != countLabel {
			out[k] = v
		}
	}
	return out
}

// telescope turns counts over windows ending at the last bound (window i starts
// at bounds[i]) into the counts of the slices between consecutive bounds. A
// window without samples counts 0; slices are not clipped at 0, so that their
// sums stay equal to the windows' counts (extrapolation can make a longer
// window count a little less than a shorter one).
func telescope(total, part []float64, good bool, bounds []time.Time) []slo.Slice {
	n := len(total)
	// The empty window at the last bound counts nothing.
	tot := append(slices.Clone(total), 0)
	bad := append(slices.Clone(part), 0)
	if good {
		for i := range bad {
			bad[i] = tot[i] - bad[i]
		}
	}
	out := make([]slo.Slice, n)
	for i := range out {
		out[i] = slo.Slice{Start: bounds[i], End: bounds[i+1], Total: tot[i] - tot[i+1], Bad: bad[i] - bad[i+1]}
	}
	return out
}

// checkCountLabel refuses a KPI whose dimensions would collide with countLabel.
func checkCountLabel(k *catalog.KPI) error {
	if slices.Contains(k.Dimensions, countLabel) {
		return source.BadInput("KPI %q: the dimension name %q is reserved by the datasource", k.ID, countLabel)
	}
	return nil
}
