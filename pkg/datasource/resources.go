package datasource

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
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
	mux.HandleFunc("GET /validate/file", d.validateFile)
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

// getKPI answers GET /kpis/{id}?from=<ms>&to=<ms>&step=<ms>&measures=..&filter=<dim>=<value>
// with the KPI and the calls its KPI measures send over that range (preview.go):
// "calls" with their evaluation times or bound values, "windows" (the range, the
// comparison period, the baseline periods), and "queries" (and "parameters" for
// SQL), the query of each part, as answers had them before "calls".
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
	req, err := parsePreview(k, r.URL.Query())
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	src, err := d.newSources().get(k)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	text, err := src.Preview(k, req.filters, req.rng, req.step)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	ans, err := d.previewPlan(req)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	queries, params := queriesOf(ans, text["series"])
	answer := map[string]any{
		"kpi": k, "language": ans.Language, "queries": queries, "calls": ans.Calls, "windows": ans.Windows,
		"step": ans.Step, "stepMs": ans.StepMS, "measures": ans.Measures,
	}
	if k.Query.SQL == nil {
		answer["promql"] = queries // the name of the field before SQL sources
	} else {
		answer["parameters"] = params
	}
	writeJSON(w, http.StatusOK, answer)
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
	problems := d.catalogProblems(body)
	writeJSON(w, http.StatusOK, map[string]any{"valid": len(problems) == 0, "problems": problems})
}

// validateFile answers GET /validate/file: the problems of the catalog file this
// datasource reads (jsonData.catalogPath as saved; never a path of the request),
// as POST /validate reports them, with "source": "file" and its "path". KPI ids
// the inline catalog defines too are problems of the file as well: the two are
// merged, and an id may be defined in only one of them.
func (d *Datasource) validateFile(w http.ResponseWriter, _ *http.Request) {
	path := d.settings.CatalogPath
	if path == "" {
		writeError(w, http.StatusBadRequest, fmt.Errorf("no catalog file is configured: set the catalog file path and save the data source"))
		return
	}
	answer := map[string]any{"source": "file", "path": path}
	problems, err := d.fileProblems(path)
	if err != nil {
		problems = []catalog.Problem{{Message: err.Error()}}
	}
	answer["valid"], answer["problems"] = len(problems) == 0, problems
	writeJSON(w, http.StatusOK, answer)
}

func (d *Datasource) fileProblems(path string) ([]catalog.Problem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the catalog file: %v", err)
	}
	defer f.Close()
	body, err := io.ReadAll(io.LimitReader(f, maxCatalogBody+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read the catalog file: %v", err)
	}
	if len(body) > maxCatalogBody {
		return nil, fmt.Errorf("the catalog file is larger than %d bytes", maxCatalogBody)
	}
	problems := d.catalogProblems(body)
	if d.settings.Catalog == "" {
		return problems, nil
	}
	inline := catalog.Lenient([]byte(d.settings.Catalog))
	file := catalog.Lenient(body)
	if inline == nil || file == nil {
		return problems, nil
	}
	ids := map[string]bool{}
	for _, k := range inline.KPIs {
		ids[k.ID] = true
	}
	line := catalog.Lines(body)
	for i, k := range file.KPIs {
		if k.ID != "" && ids[k.ID] {
			p := fmt.Sprintf("kpis[%d].id", i)
			problems = append(problems, catalog.Problem{Path: p, Line: line(p), Message: fmt.Sprintf("KPI id %q is defined both inline and in the catalog file: an id may be defined in only one of them", k.ID)})
		}
	}
	return problems, nil
}

// catalogProblems are every problem of a catalog's YAML: Parse's, and the
// sources that are not connections of this datasource, each with its line.
func (d *Datasource) catalogProblems(body []byte) []catalog.Problem {
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
	return problems
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}
