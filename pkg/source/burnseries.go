package source

import (
	"context"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
)

// RatioSeries is one dimension set's bad/total ratio over one window, at each
// point of a range: the value at T is bad/total over (T−Window, T]; NaN when
// the window had no traffic.
type RatioSeries struct {
	Labels map[string]string
	Window time.Duration
	Points []kpimath.Point
}

// BadRatioSeries is a source that computes the ratio of bad to all events over
// sliding windows itself, at the points of a range (Prometheus: one range query
// of sum(increase(bad[w])) / sum(increase(total[w])) per window), so that a
// burn-rate series equals the source's own ratio at every point. Points lie on
// the step grid in [from, to]. Sources without it get burn-rate series from
// Events slices (engine).
type BadRatioSeries interface {
	BadRatioSeries(ctx context.Context, k *catalog.KPI, f Filters, windows []time.Duration, from, to time.Time, step time.Duration) ([]RatioSeries, error)
}
