package datasource

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/engine"
	"github.com/northstar/kpi/pkg/frames"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
)

// Query is the JSON a panel, Explore or an alert rule sends (docs/frames.md).
type Query struct {
	KPI string `json:"kpi"`
	// KPIs are more KPI ids, any of them: what a multi-value KPI variable
	// becomes (docs/variables.md). Like a selector, they get SLO measures only
	// from the KPIs that have SLOs.
	KPIs     []string            `json:"kpis"`
	Selector *Selector           `json:"selector"`
	Measures []string            `json:"measures"`
	Filters  map[string][]string `json:"filters"`
	// AdhocFilters are a dashboard's ad hoc filters (docs/variables.md): unlike
	// Filters, each applies only to the KPIs that have its dimension and is
	// ignored by the others; on a dimension that Filters restricts too, a KPI
	// keeps the values both allow.
	AdhocFilters map[string][]string `json:"adhocFilters"`
	// SLO picks one SLO by name for SLO measures; empty means every SLO of the KPI.
	SLO string `json:"slo"`
}

// Selector chooses KPIs as catalog.Selector does (every tag, the owner, the
// category), and also by any of several owners, categories or tags: what
// multi-value dashboard variables in those fields become (docs/variables.md).
type Selector struct {
	catalog.Selector
	Owners     []string `json:"owners,omitempty"`
	Categories []string `json:"categories,omitempty"`
	// AnyTags are groups of tags: a KPI carries at least one tag of each group.
	AnyTags [][]string `json:"anyTags,omitempty"`
}

// Matches reports whether a KPI satisfies every criterion of the selector;
// empty lists and empty groups restrict nothing.
func (s Selector) Matches(k *catalog.KPI) bool {
	if !s.Selector.Matches(k) {
		return false
	}
	if len(s.Owners) > 0 && !slices.Contains(s.Owners, k.Owner) {
		return false
	}
	if len(s.Categories) > 0 && !slices.Contains(s.Categories, k.Category) {
		return false
	}
	for _, group := range s.AnyTags {
		if len(group) > 0 && !slices.ContainsFunc(group, func(t string) bool { return slices.Contains(k.Tags, t) }) {
			return false
		}
	}
	return true
}

// maxPoints is Prometheus's own limit on points per series in a range query.
const maxPoints = 11000

// QueryData answers every query of a request concurrently, within a bound per
// connection. Each query gets its own answer or its own error; one failing never
// fails the others. The request's deadline is a hard budget: every query's context
// ends a safety margin before it (queryDeadline), so that a query on a hung
// connection gets its own timeout error while the others keep their frames, and
// the answer is returned before Grafana gives up on the request.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	resp := backend.NewQueryDataResponse()
	srcs := d.newSources()
	qctx, cancel := context.WithCancel(ctx)
	var cutoff <-chan time.Time
	if dl, ok := ctx.Deadline(); ok {
		qdl := queryDeadline(time.Now(), dl)
		qctx, cancel = context.WithDeadline(ctx, qdl)
		// A query that does not return soon after its context ends is cut off
		// half the margin before the request's deadline.
		t := time.NewTimer(time.Until(qdl.Add(dl.Sub(qdl) / 2)))
		defer t.Stop()
		cutoff = t.C
	}
	defer cancel()
	var mu sync.Mutex
	answered := false
	var wg sync.WaitGroup
	for _, q := range req.Queries {
		wg.Add(1)
		go func(q backend.DataQuery) {
			defer wg.Done()
			r := d.answer(qctx, q, srcs, nil)
			mu.Lock()
			if !answered {
				resp.Responses[q.RefID] = r
			}
			mu.Unlock()
		}(q)
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-cutoff:
		mu.Lock()
		answered = true
		for _, q := range req.Queries {
			if _, ok := resp.Responses[q.RefID]; !ok {
				resp.Responses[q.RefID] = backend.ErrDataResponse(backend.StatusTimeout, "the query did not finish before the request's deadline; try a shorter range or fewer KPIs")
			}
		}
		mu.Unlock()
	}
	return resp, nil
}

// queryDeadline is when the queries of a request with deadline dl must end: a
// margin of 10% of the time left, at most 1 s, before dl, so that their errors
// are written and sent in time.
func queryDeadline(now, dl time.Time) time.Time {
	left := dl.Sub(now)
	if left <= 0 {
		return dl
	}
	return dl.Add(-min(time.Second, left/10))
}

// answer runs one query; a panic in it becomes that query's error. Its KPIs run
// in the query slots of their connections (srcs); the last parameter, once a
// request-wide pool, is unused.
func (d *Datasource) answer(ctx context.Context, q backend.DataQuery, srcs *sources, _ chan struct{}) (r backend.DataResponse) {
	defer func() {
		if p := recover(); p != nil {
			log.DefaultLogger.Error("query panicked", "refId", q.RefID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			r = backend.ErrDataResponse(backend.StatusInternal, "internal error while answering this query; see the Grafana server log")
		}
	}()
	parsed, kpis, measures, err := d.plan(q)
	if err != nil {
		return backend.ErrDataResponse(backend.StatusBadRequest, err.Error())
	}
	req := engine.Request{
		Range:    kpimath.Window{From: q.TimeRange.From, To: q.TimeRange.To},
		Step:     stepFor(q),
		Measures: measures,
		Filters:  source.Filters(parsed.Filters),
		SLO:      parsed.SLO,
	}
	return d.evaluateAll(ctx, q.RefID, kpis, req, parsed.AdhocFilters, srcs)
}

func (d *Datasource) plan(q backend.DataQuery) (Query, []*catalog.KPI, []engine.Measure, error) {
	var parsed Query
	if err := json.Unmarshal(q.JSON, &parsed); err != nil {
		return parsed, nil, nil, fmt.Errorf("the query is not valid JSON for this datasource: %v", err)
	}
	if !q.TimeRange.To.After(q.TimeRange.From) {
		return parsed, nil, nil, errors.New("the time range is empty: its end must be after its start")
	}
	measures, err := engine.ParseMeasures(parsed.Measures)
	if err != nil {
		return parsed, nil, nil, err
	}
	cat, err := d.catalog()
	if err != nil {
		return parsed, nil, nil, err
	}
	kpis, err := resolveKPIs(cat, parsed)
	if err == nil && parsed.KPI != "" {
		err = checkSLOChoice(kpis[0], parsed.SLO, measures)
	}
	return parsed, kpis, measures, err
}

// checkSLOChoice rejects SLO measures on a named KPI without that SLO; a selector
// over many KPIs simply gets SLO measures from the KPIs that have SLOs.
func checkSLOChoice(k *catalog.KPI, name string, measures []engine.Measure) error {
	if !slices.ContainsFunc(measures, engine.IsSLOMeasure) {
		return nil
	}
	if len(k.SLOs) == 0 {
		return fmt.Errorf("KPI %q has no SLO: SLO measures need an slo block in its catalog entry", k.ID)
	}
	if name == "" {
		return nil
	}
	names := make([]string, len(k.SLOs))
	for i, s := range k.SLOs {
		if s.Name == name {
			return nil
		}
		names[i] = s.Name
	}
	return fmt.Errorf("KPI %q has no SLO named %q (its SLOs: %s)", k.ID, name, strings.Join(names, ", "))
}

// resolveKPIs is the union of kpi, kpis and the selector's KPIs, in that
// order, each once. A named KPI (kpi or kpis) must exist.
func resolveKPIs(cat *catalog.Catalog, q Query) ([]*catalog.KPI, error) {
	ids := q.KPIs
	if q.KPI != "" {
		ids = append([]string{q.KPI}, q.KPIs...)
	}
	if len(ids) == 0 && q.Selector == nil {
		return nil, errors.New("the query names no KPI: set kpi (a KPI id), kpis (KPI ids) or selector (tags, owner, category)")
	}
	var out []*catalog.KPI
	var unknown []string
	seen := map[string]bool{}
	for _, id := range ids {
		k, ok := cat.Find(id)
		switch {
		case !ok:
			unknown = append(unknown, fmt.Sprintf("%q", id))
		case !seen[k.ID]:
			out, seen[k.ID] = append(out, k), true
		}
	}
	if len(unknown) == 1 {
		return nil, fmt.Errorf("unknown KPI %s: the catalog (%d KPIs) has no KPI with this id", unknown[0], len(cat.KPIs))
	}
	if len(unknown) > 1 {
		return nil, fmt.Errorf("unknown KPIs %s: the catalog (%d KPIs) has no KPI with these ids", strings.Join(unknown, ", "), len(cat.KPIs))
	}
	if q.Selector != nil {
		for i := range cat.KPIs {
			k := &cat.KPIs[i]
			if q.Selector.Matches(k) && !seen[k.ID] {
				out, seen[k.ID] = append(out, k), true
			}
		}
	}
	return out, nil
}

// kpiFilters are the filters one KPI of the query gets: the query's filters,
// and the ad hoc filters on the KPI's own dimensions. Where both restrict a
// dimension, the KPI keeps the values both allow; ok is false when none is
// left (or an ad hoc filter allows no value), and the KPI then has no data for
// the query.
func kpiFilters(k *catalog.KPI, filters, adhoc map[string][]string) (f source.Filters, ok bool) {
	if len(adhoc) == 0 {
		return source.Filters(filters), true
	}
	// A copy: the query's filters are shared by its KPIs.
	f = make(source.Filters, len(filters)+len(adhoc))
	maps.Copy(f, filters)
	for dim, values := range adhoc {
		if !slices.Contains(k.Dimensions, dim) {
			continue
		}
		if len(values) == 0 {
			return nil, false // ad hoc filters on one dimension that no value passes
		}
		allowed, restricted := f[dim]
		if !restricted {
			f[dim] = slices.Clone(values)
			continue
		}
		var both []string
		for _, v := range allowed {
			if slices.Contains(values, v) && !slices.Contains(both, v) {
				both = append(both, v)
			}
		}
		if len(both) == 0 {
			return nil, false
		}
		f[dim] = both
	}
	return f, true
}

// stepFor is the panel's interval, widened so that no series exceeds Prometheus's
// point limit; alert rules that send no interval get about 300 points. The step
// is a whole number of seconds, rounded up so that widening keeps the range
// within maxPoints, and at most the range (1 s for shorter ones): intervals longer
// than the range, including ones that overflowed converting intervalMs, are
// clamped to it.
func stepFor(q backend.DataQuery) time.Duration {
	rng := q.TimeRange.To.Sub(q.TimeRange.From)
	longest := max(rng.Truncate(time.Second), time.Second)
	step := q.Interval
	if step <= 0 {
		step = rng / 300
	}
	step = min(step, longest)
	step = max(step, (rng+maxPoints-1)/maxPoints, time.Second)
	if rem := step % time.Second; rem != 0 {
		step += time.Second - rem
	}
	return min(step, longest)
}

// evaluateAll evaluates the query's KPIs, each in a query slot of its connection
// and with its own filters (kpiFilters: the ad hoc filters on its dimensions).
// A query over several KPIs returns what it could and names the KPIs that failed.
func (d *Datasource) evaluateAll(ctx context.Context, refID string, kpis []*catalog.KPI, req engine.Request, adhoc map[string][]string, srcs *sources) backend.DataResponse {
	results := make([]data.Frames, len(kpis))
	errs := make([]error, len(kpis))
	var wg sync.WaitGroup
	for i, k := range kpis {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := req
			var ok bool
			if req.Filters, ok = kpiFilters(k, req.Filters, adhoc); !ok {
				return // the filters leave no value of a dimension: no data
			}
			src, err := srcs.get(k)
			if err != nil {
				errs[i] = err
				return
			}
			slots := srcs.slotsOf(k.Source)
			select {
			case slots <- struct{}{}:
				defer func() { <-slots }()
			case <-ctx.Done():
				errs[i] = slotTimeout(ctx, k, cap(slots))
				return
			}
			results[i], errs[i] = d.evaluateOne(ctx, k, req, src)
		}()
	}
	wg.Wait()
	return assemble(refID, results, errs, req.Measures)
}

// slotTimeout is the error of a KPI that waited for a query slot until its
// context ended.
func slotTimeout(ctx context.Context, k *catalog.KPI, slots int) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("KPI %q did not run before the request's deadline: all %d query slots of connection %q were busy with queries that did not answer within the time limit: %w", k.ID, slots, k.Source, context.DeadlineExceeded)
	}
	return fmt.Errorf("KPI %q: the request was cancelled before it could run", k.ID)
}

func (d *Datasource) evaluateOne(ctx context.Context, k *catalog.KPI, req engine.Request, src source.Source) (data.Frames, error) {
	res, err := engine.Evaluate(ctx, src, k, req)
	if err != nil {
		return nil, fmt.Errorf("KPI %q: %w", k.ID, err)
	}
	return frames.Build(res, req.Measures), nil
}

func assemble(refID string, results []data.Frames, errs []error, measures []engine.Measure) backend.DataResponse {
	var r backend.DataResponse
	var failed []string
	status := backend.StatusBadRequest
	for i, fs := range results {
		if errs[i] != nil {
			failed = append(failed, errs[i].Error())
			var input *source.InputError
			if !errors.As(errs[i], &input) {
				status = backend.StatusBadGateway
			}
			continue
		}
		r.Frames = append(r.Frames, fs...)
	}
	if len(failed) > 0 {
		r.Error = errors.New(strings.Join(failed, "; "))
		r.Status = status
	}
	for _, f := range r.Frames {
		f.RefID = refID
	}
	if len(r.Frames) == 0 && r.Error == nil {
		r.Frames = data.Frames{frames.Empty(refID, measures)}
	}
	return r
}
