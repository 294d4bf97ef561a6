package rules

import (
	"strconv"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/prometheus/common/model"
)

// Labels that every generated rule carries, besides the KPI's dimensions.
const (
	LabelKPI = "kpi"
	LabelSLO = "slo"
)

// Rule names. The window in a name is the SLO window (for a calendar window its
// nominal length: 7d, 30d or 90d) or a burn-rate window, written as Prometheus
// writes durations.
const (
	recordPrefix = "northstar_slo:"
	// AlertName is the name of every burn-rate alert; the labels kpi, slo,
	// long_window and short_window tell them apart.
	AlertName = "NorthstarSLOBurnRate"
)

// RequestsRecord names the total events over an SLO window.
func RequestsRecord(window time.Duration) string {
	return recordPrefix + "requests:increase" + durationName(window)
}

// ErrorsRecord names the bad events over an SLO window.
func ErrorsRecord(window time.Duration) string {
	return recordPrefix + "errors:increase" + durationName(window)
}

// SLIRecord names the SLI over an SLO window.
func SLIRecord(window time.Duration) string {
	return recordPrefix + "sli:ratio" + durationName(window)
}

// BudgetRemainingRecord names the share of the error budget left over an SLO
// window (negative when overspent).
func BudgetRemainingRecord(window time.Duration) string {
	return recordPrefix + "budget_remaining:ratio" + durationName(window)
}

// BurnRateRecord names the burn rate over a burn-rate window.
func BurnRateRecord(w time.Duration) string {
	return recordPrefix + "burn_rate:" + durationName(w)
}

// BurnPairMeasure is the datasource measure that is 1 while a burn pair fires and
// 0 while it does not, e.g. burn_pair_5m_1h: the windows as the catalog prints
// durations, as the datasource names the measure.
func BurnPairMeasure(p catalog.BurnPair) string {
	return "burn_pair_" + p.Short.String() + "_" + p.Long.String()
}

// durationName writes whole days as days ("28d", not Prometheus's "4w") so that a
// rule name says the window as the catalog's SLO names do.
func durationName(d time.Duration) string {
	const day = 24 * time.Hour
	if d > 0 && d%day == 0 {
		return strconv.FormatInt(int64(d/day), 10) + "d"
	}
	return model.Duration(d).String()
}
