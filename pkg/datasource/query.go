package datasource

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
	KPI      string              `json:"kpi"`
	Selector *catalog.Selector   `json:"selector"`
	Measures []string            `json:"measures"`
	Filters  map[string][]string `json:"filters"`
	// SLO picks one SLO by name for SLO measures; empty means every SLO of the KPI.
	SLO string `json:"slo"`
}

// maxPoints is Prometheus's own limit on points per series in a range query.
const maxPoints = 11000

// QueryData answers every query of a request concurrently, within a bound. Each
// query gets its own answer or its own error; one failing never fails the others.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	resp := backend.NewQueryDataResponse()
	srcs := d.newSources()
	limit := make(chan struct{}, d.settings.MaxConcurrentQueries)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, q := range req.Queries {
		wg.Add(1)
		go func(q backend.DataQuery) {
			defer wg.Done()
			r := d.answer(ctx, q, srcs, limit)
			mu.Lock()
			resp.Responses[q.RefID] = r
			mu.Unlock()
		}(q)
	}
	wg.Wait()
	return resp, nil
}

// answer runs one query; a panic in it becomes that query's error.
func (d *Datasource) answer(ctx context.Context, q backend.DataQuery, srcs *sources, limit chan struct{}) (r backend.DataResponse) {
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
	return d.evaluateAll(ctx, q.RefID, kpis, req, srcs, limit)
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

func resolveKPIs(cat *catalog.Catalog, q Query) ([]*catalog.KPI, error) {
	if q.KPI == "" && q.Selector == nil {
		return nil, errors.New("the query names no KPI: set kpi (a KPI id) or selector (tags, owner, category)")
	}
	var out []*catalog.KPI
	seen := map[string]bool{}
	if q.KPI != "" {
		k, ok := cat.Find(q.KPI)
		if !ok {
			return nil, fmt.Errorf("unknown KPI %q: the catalog (%d KPIs) has no KPI with this id", q.KPI, len(cat.KPIs))
		}
		out, seen[k.ID] = append(out, k), true
	}
	if q.Selector != nil {
		for _, k := range cat.Select(*q.Selector) {
			if !seen[k.ID] {
				out, seen[k.ID] = append(out, k), true
			}
		}
	}
	return out, nil
}

// stepFor is the panel's interval, widened so that no series exceeds Prometheus's
// point limit; alert rules that send no interval get about 300 points.
func stepFor(q backend.DataQuery) time.Duration {
	rng := q.TimeRange.To.Sub(q.TimeRange.From)
	step := q.Interval
	if step <= 0 {
		step = rng / 300
	}
	step = max(step, rng/maxPoints, time.Second)
	return step.Truncate(time.Second)
}

// evaluateAll evaluates the query's KPIs under the request's concurrency bound. A
// query over several KPIs returns what it could and names the KPIs that failed.
func (d *Datasource) evaluateAll(ctx context.Context, refID string, kpis []*catalog.KPI, req engine.Request, srcs *sources, limit chan struct{}) backend.DataResponse {
	results := make([]data.Frames, len(kpis))
	errs := make([]error, len(kpis))
	var wg sync.WaitGroup
	for i, k := range kpis {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case limit <- struct{}{}:
				defer func() { <-limit }()
			case <-ctx.Done():
				errs[i] = fmt.Errorf("KPI %q: the request ended before it could run", k.ID)
				return
			}
			results[i], errs[i] = d.evaluateOne(ctx, k, req, srcs)
		}()
	}
	wg.Wait()
	return assemble(refID, results, errs, req.Measures)
}

func (d *Datasource) evaluateOne(ctx context.Context, k *catalog.KPI, req engine.Request, srcs *sources) (data.Frames, error) {
	src, err := srcs.get(k)
	if err != nil {
		return nil, err
	}
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
