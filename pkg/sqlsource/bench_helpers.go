package sqlsource

import (
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
)

// WindowsStatement is the statement OverallMany runs for a structured KPI over
// these windows (the KPI's value and its comparison period in one scan), for
// benchmarks and plans (bench -sql).
func (s *Source) WindowsStatement(k *catalog.KPI, f source.Filters, ws []kpimath.Window) (Statement, error) {
	q, err := s.check(k, f)
	if err != nil {
		return Statement{}, err
	}
	if !q.Structured() {
		return Statement{}, source.BadInput("KPI %q is raw SQL: it has no windows statement", k.ID)
	}
	if len(ws) == 0 {
		return Statement{}, source.BadInput("no windows")
	}
	return newStructured(s.client.dialect, k).windowsStatement(ws, f), nil
}

// IntervalsStatement is the statement EventsBetween runs for a ratio KPI between
// consecutive bounds (an occurrences SLO card in one scan), for benchmarks and
// plans (bench -sql).
func (s *Source) IntervalsStatement(k *catalog.KPI, f source.Filters, bounds []time.Time) (Statement, error) {
	g, err := s.ratio(k, f)
	if err != nil {
		return Statement{}, err
	}
	if len(bounds) < 2 {
		return Statement{}, source.BadInput("an intervals statement needs at least two bounds")
	}
	return g.intervalsStatement(bounds, f), nil
}
