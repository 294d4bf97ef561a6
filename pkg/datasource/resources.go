package datasource

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
	"github.com/northstar/kpi/pkg/sqlsource"
)

// maxCatalogBody bounds a catalog sent for validation.
const maxCatalogBody = 4 << 20

func (d *Datasource) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /kpis", d.listKPIs)
	mux.HandleFunc("GET /kpis/{id}", d.getKPI)
	mux.HandleFunc("GET /kpis/{id}/dimensions/{name}/values", d.kpiDimensionValues)
	mux.HandleFunc("GET /dimensions/{name}/values", d.dimensionValues)
	mux.HandleFunc("POST /validate", d.validateCatalog)
	mux.HandleFunc("GET /rules/prometheus", d.prometheusRules)
	mux.HandleFunc("GET /rules/grafana", d.grafanaRules)
	mux.HandleFunc("GET /openslo/export", d.exportOpenSLO)
	mux.HandleFunc("POST /openslo/import", d.importOpenSLO)
	return mux
}

// listKPIs answers GET /kpis?tag=..&owner=..&category=..
func (d *Datasource) listKPIs(w http.ResponseWriter, r *http.Request) {
	cat, err := d.catalog()
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, err)
		return
	}
	q := r.URL.Query()
	sel := catalog.Selector{Tags: q["tag"], Owner: q.Get("owner"), Category: q.Get("category")}
	kpis := cat.Select(sel)
	if kpis == nil {
		kpis = []*catalog.KPI{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"kpis": kpis})
}

// getKPI answers GET /kpis/{id}?from=<ms>&to=<ms>&step=<ms> with the KPI and the
// PromQL it generates for that range.
func (d *Datasource) getKPI(w http.ResponseWriter, r *http.Request) {
	cat, err := d.catalog()
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, err)
		return
	}
	id := r.PathValue("id")
	k, ok := cat.Find(id)
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Errorf("unknown KPI %q", id))
		return
	}
	rng, step, err := previewRange(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	queries, err := d.preview(k, rng, step)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	answer := map[string]any{"kpi": k, "language": k.Query.Language(), "queries": queries}
	if k.Query.SQL == nil {
		answer["promql"] = queries // the name of the field before SQL sources
	} else if params, err := d.previewParameters(k, rng, step); err == nil {
		answer["parameters"] = params
	}
	writeJSON(w, http.StatusOK, answer)
}

// previewParameters are the values a SQL KPI's previewed statements bind, in
// placeholder order.
func (d *Datasource) previewParameters(k *catalog.KPI, rng kpimath.Window, step time.Duration) (map[string][]string, error) {
	src, err := d.newSources().get(k)
	if err != nil {
		return nil, err
	}
	sq, ok := src.(*sqlsource.Source)
	if !ok {
		return nil, fmt.Errorf("KPI %q is not a SQL KPI", k.ID)
	}
	prevWindow, _ := kpimath.ComparisonWindow(k.Comparison, rng, k.Location())
	current, err := sq.Statements(k, source.Filters{}, rng, step)
	if err != nil {
		return nil, err
	}
	previous, err := sq.Statements(k, source.Filters{}, prevWindow, step)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{"series": sqlsource.FormatArgs(current["series"].Args)}
	out["value"], out["previous"] = out["series"], sqlsource.FormatArgs(previous["series"].Args)
	if st, ok := current["overall"]; ok {
		out["value"], out["previous"] = sqlsource.FormatArgs(st.Args), sqlsource.FormatArgs(previous["overall"].Args)
	}
	return out, nil
}

func (d *Datasource) preview(k *catalog.KPI, rng kpimath.Window, step time.Duration) (map[string]string, error) {
	src, err := d.newSources().get(k)
	if err != nil {
		return nil, err
	}
	current, err := src.Preview(k, source.Filters{}, rng, step)
	if err != nil {
		return nil, err
	}
	prevWindow, _ := kpimath.ComparisonWindow(k.Comparison, rng, k.Location())
	previous, err := src.Preview(k, source.Filters{}, prevWindow, step)
	if err != nil {
		return nil, err
	}
	out := map[string]string{"series": current["series"], "value": current["series"], "previous": previous["series"]}
	if overall, ok := current["overall"]; ok {
		out["value"], out["previous"] = overall, previous["overall"]
	}
	return out, nil
}

func previewRange(r *http.Request) (kpimath.Window, time.Duration, error) {
	now := time.Now()
	q := r.URL.Query()
	from, err := msParam(q.Get("from"), now.Add(-time.Hour))
	if err != nil {
		return kpimath.Window{}, 0, err
	}
	to, err := msParam(q.Get("to"), now)
	if err != nil {
		return kpimath.Window{}, 0, err
	}
	if !to.After(from) {
		return kpimath.Window{}, 0, errors.New("to must be after from")
	}
	stepMS, err := strconv.ParseInt(q.Get("step"), 10, 64)
	if err != nil || stepMS <= 0 {
		stepMS = max(to.Sub(from).Milliseconds()/300, 1000)
	}
	return kpimath.Window{From: from, To: to}, time.Duration(stepMS) * time.Millisecond, nil
}

func msParam(v string, def time.Time) (time.Time, error) {
	if v == "" {
		return def, nil
	}
	ms, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("invalid time %q: use milliseconds since the epoch", v)
	}
	return time.UnixMilli(ms), nil
}

// validateCatalog answers POST /validate with every problem of the catalog in the
// body, including sources that are not connections of this datasource.
func (d *Datasource) validateCatalog(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxCatalogBody+1))
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	if len(body) > maxCatalogBody {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Errorf("the catalog is larger than %d bytes", maxCatalogBody))
		return
	}
	cat, problems := catalog.Parse(body)
	if cat == nil {
		// Parse stops at an invalid catalog; the sources are checked anyway, on
		// what decodes, so one answer lists every problem.
		cat = catalog.Lenient(body)
	}
	if cat != nil {
		seen := make(map[string]bool, len(problems))
		for _, p := range problems {
			seen[p.Path] = true
		}
		for _, p := range catalog.WithLines(catalog.CheckSources(cat, d.connectionLanguages()), catalog.Lines(body)) {
			if !seen[p.Path] { // a missing source is already reported by Parse
				problems = append(problems, p)
			}
		}
	}
	if problems == nil {
		problems = []catalog.Problem{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"valid": len(problems) == 0, "problems": problems})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}
