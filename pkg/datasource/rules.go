package datasource

import (
	"net/http"

	"github.com/northstar/kpi/pkg/rules"
)

// prometheusRules answers GET /rules/prometheus with the Prometheus recording and
// alerting rules for every SLO of the catalog being served (docs/rules.md).
func (d *Datasource) prometheusRules(w http.ResponseWriter, _ *http.Request) {
	cat, err := d.catalog()
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, err)
		return
	}
	f, err := rules.Prometheus(cat)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, err)
		return
	}
	writeYAML(w, f.Marshal)
}

// grafanaRules answers GET /rules/grafana?datasourceUid=.. with Grafana alert-rule
// provisioning for every SLO; the rules query this datasource unless another uid
// is given (a provisioned datasource's uid may differ from the one asked from).
func (d *Datasource) grafanaRules(w http.ResponseWriter, r *http.Request) {
	cat, err := d.catalog()
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, err)
		return
	}
	uid := r.URL.Query().Get("datasourceUid")
	if uid == "" {
		uid = d.uid
	}
	f, err := rules.Grafana(cat, uid)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, err)
		return
	}
	writeYAML(w, f.Marshal)
}

func writeYAML(w http.ResponseWriter, marshal func() ([]byte, error)) {
	out, err := marshal()
	if err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", "application/yaml")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out)
}
