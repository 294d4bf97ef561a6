package datasource

import (
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/northstar/kpi/pkg/openslo"
)

// openSLOSources maps each connection to its type (prometheus, postgres, mysql,
// sqlite), which gives SQL KPIs their OpenSLO metric source type on export and
// imported KPIs a connection of their metric source's type.
func (d *Datasource) openSLOSources() map[string]string {
	out := map[string]string{}
	for _, c := range d.settings.Connections {
		t := c.Type
		if t == "" {
			t = "prometheus"
		}
		out[c.Name] = t
	}
	return out
}

// exportOpenSLO answers GET /openslo/export with the catalog being served as
// OpenSLO v1 documents (application/yaml); what OpenSLO has no field for is
// listed in the YAML's head comment (docs/openslo.md).
func (d *Datasource) exportOpenSLO(w http.ResponseWriter, _ *http.Request) {
	cat, err := d.catalog()
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, err)
		return
	}
	res, err := openslo.Export(cat, openslo.ExportOptions{Sources: d.openSLOSources()})
	if err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	writeYAML(w, func() ([]byte, error) { return res.YAML, nil })
}

// importOpenSLO answers POST /openslo/import, whose body is OpenSLO YAML, with
// {"catalog": "<catalog YAML>", "notConverted": [{document, path, reason}]}: KPIs
// that catalog.Parse accepts, and everything that could not be converted. It
// changes nothing: the catalog is for the user to review and add. Input that is
// not OpenSLO at all answers 400.
func (d *Datasource) importOpenSLO(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxCatalogBody+1))
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	if len(body) > maxCatalogBody {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Errorf("the OpenSLO documents are larger than %d bytes", maxCatalogBody))
		return
	}
	res, err := openslo.Import([]openslo.Input{{Name: "body", Data: body}}, openslo.ImportOptions{Sources: d.openSLOSources()})
	var invalid *openslo.InvalidInputError
	switch {
	case errors.As(err, &invalid):
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": invalid.Error(), "problems": invalid.Problems})
		return
	case err != nil:
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"catalog": string(res.Catalog), "notConverted": res.NotConverted})
}
