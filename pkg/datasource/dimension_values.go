package datasource

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
)

// Dimension values (docs/variables.md) feed dashboard variables ("the regions of
// a KPI") and the values of ad hoc filters:
//
//	GET /kpis/{id}/dimensions/{name}/values?from=&to=&limit=&filter=<dim>=<value>
//	GET /dimensions/{name}/values?kpi=<id>&kpi=<id>&from=&to=&limit=&filter=<dim>=<value>
//
// The first lists the values of one dimension of one KPI, from the KPI's own
// source: Prometheus's label values API restricted to the KPI's series
// selectors, or a SELECT DISTINCT over the KPI's table and population for a
// structured SQL KPI. Only the KPI's own dimensions can be asked for, as
// dimension and as filter; anything else is refused before a call is made.
// The second is the union over several KPIs (the given ones, or every KPI of
// the catalog with that dimension), for a multi-value KPI variable and for ad
// hoc filters: KPIs without the dimension are skipped, and so are filters on
// dimensions a KPI lacks, as ad hoc filters are.
//
// An answer lists at most maxDimensionValues values (limit can ask for fewer),
// sorted; truncated says that there were more.

const (
	// maxDimensionValues bounds the values of one answer.
	maxDimensionValues = 1000
	// maxValuesKPIs bounds the KPIs one answer of /dimensions/{name}/values reads.
	maxValuesKPIs = 100
)

// valuesParams are the query parameters both routes share.
type valuesParams struct {
	window  kpimath.Window
	limit   int
	filters source.Filters
}

func parseValuesParams(q url.Values) (valuesParams, error) {
	now := time.Now()
	var p valuesParams
	from, err := msParam(q.Get("from"), now.Add(-time.Hour))
	if err != nil {
		return p, err
	}
	to, err := msParam(q.Get("to"), now)
	if err != nil {
		return p, err
	}
	if !to.After(from) {
		return p, errors.New("to must be after from")
	}
	p.window = kpimath.Window{From: from, To: to}
	p.limit = maxDimensionValues
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxDimensionValues {
			return p, fmt.Errorf("limit must be a whole number from 1 to %d, got %q", maxDimensionValues, v)
		}
		p.limit = n
	}
	for _, f := range q["filter"] {
		name, value, ok := strings.Cut(f, "=")
		if !ok || name == "" {
			return p, fmt.Errorf("filter must be <dimension>=<value>, got %q", f)
		}
		if p.filters == nil {
			p.filters = source.Filters{}
		}
		if !slices.Contains(p.filters[name], value) {
			p.filters[name] = append(p.filters[name], value)
		}
	}
	return p, nil
}

// valuesAnswer is the JSON of both routes.
type valuesAnswer struct {
	KPI       string   `json:"kpi,omitempty"`
	Dimension string   `json:"dimension"`
	Values    []string `json:"values"`
	Truncated bool     `json:"truncated"`
	Limit     int      `json:"limit"`
	// Skipped are the KPIs of a union that gave no values, and why.
	Skipped []skippedKPI `json:"skipped,omitempty"`
}

type skippedKPI struct {
	KPI    string `json:"kpi"`
	Reason string `json:"reason"`
}

// kpiDimensionValues answers GET /kpis/{id}/dimensions/{name}/values.
func (d *Datasource) kpiDimensionValues(w http.ResponseWriter, r *http.Request) {
	cat, err := d.catalog()
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, err)
		return
	}
	id, dim := r.PathValue("id"), r.PathValue("name")
	k, ok := cat.Find(id)
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Errorf("unknown KPI %q", id))
		return
	}
	p, err := parseValuesParams(r.URL.Query())
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	values, truncated, err := d.valuesOf(r.Context(), k, dim, p.filters, p.window, p.limit)
	if err != nil {
		writeError(w, valuesStatus(err), err)
		return
	}
	writeJSON(w, http.StatusOK, valuesAnswer{KPI: k.ID, Dimension: dim, Values: values, Truncated: truncated, Limit: p.limit})
}

// dimensionValues answers GET /dimensions/{name}/values: the union over KPIs.
func (d *Datasource) dimensionValues(w http.ResponseWriter, r *http.Request) {
	cat, err := d.catalog()
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, err)
		return
	}
	dim := r.PathValue("name")
	q := r.URL.Query()
	p, err := parseValuesParams(q)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	answer := valuesAnswer{Dimension: dim, Values: []string{}, Limit: p.limit}
	var kpis []*catalog.KPI
	if ids := q["kpi"]; len(ids) > 0 {
		for _, id := range ids {
			k, ok := cat.Find(id)
			if !ok {
				writeError(w, http.StatusNotFound, fmt.Errorf("unknown KPI %q", id))
				return
			}
			if !slices.Contains(kpis, k) {
				kpis = append(kpis, k)
			}
		}
	} else {
		for i := range cat.KPIs {
			kpis = append(kpis, &cat.KPIs[i])
		}
	}
	var with []*catalog.KPI
	for _, k := range kpis {
		switch {
		case !slices.Contains(k.Dimensions, dim):
			if len(q["kpi"]) > 0 {
				answer.Skipped = append(answer.Skipped, skippedKPI{k.ID, fmt.Sprintf("no dimension %q", dim)})
			}
		case k.Query.SQL != nil && !k.Query.SQL.Structured():
			answer.Skipped = append(answer.Skipped, skippedKPI{k.ID, "dimension values are not supported for raw SQL KPIs"})
		default:
			with = append(with, k)
		}
	}
	if len(with) > maxValuesKPIs {
		writeError(w, http.StatusBadRequest, fmt.Errorf("%d KPIs have dimension %q, more than the %d one answer reads: name the KPIs with kpi=<id>", len(with), dim, maxValuesKPIs))
		return
	}
	lists, errs := d.valuesOfMany(r.Context(), with, dim, p)
	seen := map[string]bool{}
	answered := 0
	for i, k := range with {
		if errs[i] != nil {
			answer.Skipped = append(answer.Skipped, skippedKPI{k.ID, errs[i].Error()})
			continue
		}
		answered++
		if lists[i].truncated {
			answer.Truncated = true
		}
		for _, v := range lists[i].values {
			if !seen[v] {
				seen[v] = true
				answer.Values = append(answer.Values, v)
			}
		}
	}
	if answered == 0 && len(with) > 0 {
		writeError(w, valuesStatus(errs[0]), errors.Join(errs...))
		return
	}
	sort.Strings(answer.Values)
	if len(answer.Values) > p.limit {
		answer.Values, answer.Truncated = answer.Values[:p.limit], true
	}
	writeJSON(w, http.StatusOK, answer)
}

type valueList struct {
	values    []string
	truncated bool
}

// valuesOfMany asks each KPI for its values, at most MaxConcurrentQueries at a
// time; each KPI keeps only the filters on its own dimensions.
func (d *Datasource) valuesOfMany(ctx context.Context, kpis []*catalog.KPI, dim string, p valuesParams) ([]valueList, []error) {
	lists := make([]valueList, len(kpis))
	errs := make([]error, len(kpis))
	slots := make(chan struct{}, max(d.settings.MaxConcurrentQueries, 1))
	var wg sync.WaitGroup
	for i, k := range kpis {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			own := source.Filters{}
			for name, values := range p.filters {
				if slices.Contains(k.Dimensions, name) {
					own[name] = values
				}
			}
			lists[i].values, lists[i].truncated, errs[i] = d.valuesOf(ctx, k, dim, own, p.window, p.limit)
		}()
	}
	wg.Wait()
	return lists, errs
}

// valuesOf asks the KPI's connection for the values of one of its dimensions.
func (d *Datasource) valuesOf(ctx context.Context, k *catalog.KPI, dim string, f source.Filters, w kpimath.Window, limit int) ([]string, bool, error) {
	if !slices.Contains(k.Dimensions, dim) {
		return nil, false, source.BadInput("KPI %q has no dimension %q (dimensions: %v)", k.ID, dim, k.Dimensions)
	}
	if err := source.CheckFilters(k, f); err != nil {
		return nil, false, err
	}
	if lang, ok := d.connectionLanguages()[k.Source]; ok && lang != k.Query.Language() {
		return nil, false, source.BadInput("KPI %q has a %s query, but its source %q is a %s connection", k.ID, k.Query.Language(), k.Source, lang)
	}
	if client, ok := d.sql[k.Source]; ok {
		return client.DimensionValues(ctx, k, dim, f, w, limit)
	}
	if client, ok := d.clients[k.Source]; ok {
		return client.DimensionValues(ctx, k, dim, f, w, limit)
	}
	if err, bad := d.connErrs[k.Source]; bad {
		return nil, false, fmt.Errorf("KPI %q uses connection %q, whose settings are invalid: %v", k.ID, k.Source, err)
	}
	return nil, false, fmt.Errorf("KPI %q uses source %q, which is not a connection of this datasource (connections: %v)", k.ID, k.Source, d.connectionNames())
}

// valuesStatus is 400 for a problem with the request, 502 for the upstream's.
func valuesStatus(err error) int {
	var input *source.InputError
	if errors.As(err, &input) {
		return http.StatusBadRequest
	}
	return http.StatusBadGateway
}
