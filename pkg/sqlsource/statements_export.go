package sqlsource

import (
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/source"
)

// SlicesStatement is the statement Events runs for a ratio KPI: its bad (or
// good) and total events in fixed slices of length slice that tile [from, to),
// for golden tests, benchmarks and plans. (WindowsStatement and
// IntervalsStatement, the statements of OverallMany and EventsBetween, are in
// bench_helpers.go.)
func (s *Source) SlicesStatement(k *catalog.KPI, f source.Filters, from, to time.Time, slice time.Duration) (Statement, error) {
	g, err := s.ratio(k, f)
	if err != nil {
		return Statement{}, err
	}
	if slice <= 0 || !to.After(from) {
		return Statement{}, source.BadInput("a slices statement needs from before to and a positive slice")
	}
	return g.bucketsStatement(sliceBuckets(from, to, slice), f), nil
}
