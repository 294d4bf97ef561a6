package sqlsource

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/slo"
	"github.com/northstar/kpi/pkg/source"
)

// Source implements source.Source (and the one-scan MultiWindow and
// IntervalEvents) for one request on one connection.
type Source struct {
	client *Client
	calls  *calls
}

var (
	_ source.Source         = (*Source)(nil)
	_ source.MultiWindow    = (*Source)(nil)
	_ source.IntervalEvents = (*Source)(nil)
)

// NewSource starts a request's source on a client.
func NewSource(c *Client) *Source {
	return &Source{client: c, calls: &calls{client: c, memo: map[string]*call{}}}
}

// Calls is the number of statements run (identical statements run once).
func (s *Source) Calls() int { return s.calls.count() }

func sqlOf(k *catalog.KPI) (*catalog.SQLQuery, error) {
	if k.Query.SQL == nil {
		return nil, source.BadInput("KPI %q has a PromQL query, but its source is a SQL connection", k.ID)
	}
	return k.Query.SQL, nil
}

// Series is the KPI per bucket of the step: count-like measures are 0 in a
// bucket without rows, others (averages, ratios) have no value there.
func (s *Source) Series(ctx context.Context, k *catalog.KPI, f source.Filters, w kpimath.Window, step time.Duration) ([]source.Series, error) {
	q, err := s.check(k, f)
	if err != nil {
		return nil, err
	}
	if !q.Structured() {
		return s.rawSeries(ctx, k, f, w, step)
	}
	b := seriesBuckets(w, step, k.Location())
	if b.count() == 0 {
		return nil, nil
	}
	g := newStructured(s.client.dialect, k)
	res, err := s.calls.do(ctx, g.bucketsStatement(b, f), len(k.Dimensions))
	if err != nil {
		return nil, err
	}
	return bucketSeries(k, res, b), nil
}

func (s *Source) check(k *catalog.KPI, f source.Filters) (*catalog.SQLQuery, error) {
	q, err := sqlOf(k)
	if err != nil {
		return nil, err
	}
	return q, source.CheckFilters(k, f)
}

// bucketSeries turns bucket rows [dims.., bucket, rows, measures..] into one
// series per dimension set with a point at the end of every bucket.
func bucketSeries(k *catalog.KPI, res *result, b buckets) []source.Series {
	n := b.count()
	empty := math.NaN()
	if m := k.Query.SQL.Measure; m != nil && m.Agg.CountLike() {
		empty = 0
	}
	byKey := map[string]*source.Series{}
	var order []string
	for _, r := range res.rows {
		labels := labelsOf(k, r.dims)
		key := source.LabelKey(labels)
		ser, ok := byKey[key]
		if !ok {
			ser = &source.Series{Labels: labels, Points: make([]kpimath.Point, n)}
			for i := range ser.Points {
				ser.Points[i] = kpimath.Point{T: b.endOf(i), V: empty}
			}
			byKey[key], order = ser, append(order, key)
		}
		if i := int(r.nums[0]); i >= 0 && i < n {
			ser.Points[i].V = valueOf(k.Query.SQL, r.nums[1:])
		}
	}
	out := make([]source.Series, 0, len(order))
	for _, key := range order {
		out = append(out, *byKey[key])
	}
	return source.SortSeries(out)
}

func labelsOf(k *catalog.KPI, dims []string) map[string]string {
	labels := make(map[string]string, len(dims))
	for i, d := range k.Dimensions {
		labels[d] = dims[i]
	}
	return labels
}

// valueOf is the KPI from [rows, measures..]: no value without rows; a
// count-like measure over rows none of which match is 0; a ratio needs a
// total above 0.
func valueOf(q *catalog.SQLQuery, nums []float64) float64 {
	rows := nums[0]
	if !(rows > 0) {
		return math.NaN()
	}
	if q.Ratio == nil {
		v := measureValue(q.Measure, nums[1:])
		if math.IsNaN(v) && q.Measure.Agg.CountLike() {
			return 0
		}
		return v
	}
	part, total := zeroNaN(nums[1]), zeroNaN(nums[2])
	if !(total > 0) {
		return math.NaN()
	}
	if _, good := q.Ratio.Part(); good {
		return part / total
	}
	return 1 - part/total
}

func zeroNaN(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return x
}

// Overall is the KPI over the whole window.
func (s *Source) Overall(ctx context.Context, k *catalog.KPI, f source.Filters, w kpimath.Window) ([]source.Series, error) {
	all, err := s.OverallMany(ctx, k, f, []kpimath.Window{w})
	if err != nil {
		return nil, err
	}
	return all[0], nil
}

// OverallMany is the KPI over each window, from one scan (conditional
// aggregation): one single-point series per dimension set and window, at the
// window's end; a window without rows has no point's value (NaN).
func (s *Source) OverallMany(ctx context.Context, k *catalog.KPI, f source.Filters, ws []kpimath.Window) ([][]source.Series, error) {
	q, err := s.check(k, f)
	if err != nil {
		return nil, err
	}
	if !q.Structured() {
		return nil, source.BadInput("KPI %q is raw SQL: its value is reduced from its series", k.ID)
	}
	g := newStructured(s.client.dialect, k)
	res, err := s.calls.do(ctx, g.windowsStatement(ws, f), len(k.Dimensions))
	if err != nil {
		return nil, err
	}
	per := g.columns()
	out := make([][]source.Series, len(ws))
	for _, r := range res.rows {
		labels := labelsOf(k, r.dims)
		for i, w := range ws {
			v := valueOf(q, r.nums[i*per:(i+1)*per])
			out[i] = append(out[i], source.Series{Labels: labels, Points: []kpimath.Point{{T: w.To, V: v}}})
		}
	}
	for i := range out {
		out[i] = source.SortSeries(out[i])
	}
	return out, nil
}

// Events counts a ratio KPI's bad and total events, exactly, in slices of
// length slice that tile [from, to).
func (s *Source) Events(ctx context.Context, k *catalog.KPI, f source.Filters, from, to time.Time, slice time.Duration) ([]source.EventSeries, error) {
	g, err := s.ratio(k, f)
	if err != nil {
		return nil, err
	}
	b := sliceBuckets(from, to, slice)
	res, err := s.calls.do(ctx, g.bucketsStatement(b, f), len(k.Dimensions))
	if err != nil {
		return nil, err
	}
	n := b.count()
	return eventSeries(k, res, n, func(i int) slo.Slice { return slo.Slice{End: b.endOf(i)} }), nil
}

// EventsBetween counts events between consecutive bounds in one scan.
func (s *Source) EventsBetween(ctx context.Context, k *catalog.KPI, f source.Filters, bounds []time.Time) ([]source.EventSeries, error) {
	g, err := s.ratio(k, f)
	if err != nil {
		return nil, err
	}
	if len(bounds) < 2 {
		return nil, nil
	}
	res, err := s.calls.do(ctx, g.intervalsStatement(bounds, f), len(k.Dimensions))
	if err != nil {
		return nil, err
	}
	return eventSeries(k, res, len(bounds)-1, func(i int) slo.Slice {
		return slo.Slice{Start: bounds[i], End: bounds[i+1]}
	}), nil
}

func (s *Source) ratio(k *catalog.KPI, f source.Filters) (*structured, error) {
	q, err := s.check(k, f)
	if err != nil {
		return nil, err
	}
	if q.Ratio == nil {
		return nil, source.BadInput("KPI %q is not a SQL ratio: SLOs need good (or bad) and total events", k.ID)
	}
	return newStructured(s.client.dialect, k), nil
}

// eventSeries turns rows [dims.., slice, rows, part, total] into slices per
// dimension set; a slice without rows has no events.
func eventSeries(k *catalog.KPI, res *result, n int, sliceAt func(int) slo.Slice) []source.EventSeries {
	_, good := k.Query.SQL.Ratio.Part()
	byKey := map[string]*source.EventSeries{}
	var order []string
	for _, r := range res.rows {
		labels := labelsOf(k, r.dims)
		key := source.LabelKey(labels)
		ev, ok := byKey[key]
		if !ok {
			ev = &source.EventSeries{Labels: labels, Slices: make([]slo.Slice, n)}
			for i := range ev.Slices {
				ev.Slices[i] = sliceAt(i)
			}
			byKey[key], order = ev, append(order, key)
		}
		i := int(r.nums[0])
		if i < 0 || i >= n {
			continue
		}
		part, total := zeroNaN(r.nums[2]), zeroNaN(r.nums[3])
		bad := part
		if good {
			bad = max(total-part, 0)
		}
		ev.Slices[i].Bad, ev.Slices[i].Total = bad, total
	}
	out := make([]source.EventSeries, 0, len(order))
	for _, key := range order {
		out = append(out, *byKey[key])
	}
	return out
}

// Preview shows the SQL that Series and Overall run.
func (s *Source) Preview(k *catalog.KPI, f source.Filters, w kpimath.Window, step time.Duration) (map[string]string, error) {
	sts, err := s.Statements(k, f, w, step)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for name, st := range sts {
		out[name] = st.SQL
	}
	return out, nil
}

// Statements are the statements behind Preview, with their bound values.
func (s *Source) Statements(k *catalog.KPI, f source.Filters, w kpimath.Window, step time.Duration) (map[string]Statement, error) {
	q, err := s.check(k, f)
	if err != nil {
		return nil, err
	}
	if !q.Structured() {
		st, _, err := rawStatement(s.client.dialect, k, f, w, step)
		if err != nil {
			return nil, err
		}
		return map[string]Statement{"series": st}, nil
	}
	g := newStructured(s.client.dialect, k)
	out := map[string]Statement{"series": g.bucketsStatement(seriesBuckets(w, step, k.Location()), f)}
	g = newStructured(s.client.dialect, k)
	out["overall"] = g.windowsStatement([]kpimath.Window{w}, f)
	return out, nil
}

// FormatArgs writes bound values for people (previews): times in RFC 3339.
func FormatArgs(args []any) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if t, ok := a.(time.Time); ok {
			out[i] = t.UTC().Format(time.RFC3339Nano)
			continue
		}
		out[i] = fmt.Sprint(a)
	}
	return out
}
