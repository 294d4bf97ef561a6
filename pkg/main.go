// Command gpx_northstar_kpi_datasource is the backend of the Northstar KPI
// datasource, started and driven by Grafana over the plugin protocol.
package main

import (
	"os"
	// KPI time zones must resolve even where the host has no zoneinfo.
	_ "time/tzdata"

	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	kpids "github.com/northstar/kpi/pkg/datasource"
)

func main() {
	if err := datasource.Manage("northstar-kpi-datasource", kpids.New, datasource.ManageOpts{}); err != nil {
		log.DefaultLogger.Error(err.Error())
		os.Exit(1)
	}
}
