package engine

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
)

// oneScan is the KPI over every window the request needs (the range, its
// comparison period, baseline periods), fetched in one upstream call from a
// source that can (source.MultiWindow): SQL computes them in one table scan.
type oneScan struct {
	done    chan struct{}
	windows []kpimath.Window
	answers [][]source.Series
	err     error
}

// windowsNeeded lists the windows a window-aggregated KPI is computed over.
func (e *evaluation) windowsNeeded(prev kpimath.Window, needsPrevious, needsTarget bool) []kpimath.Window {
	ws := []kpimath.Window{e.req.Range}
	if needsPrevious {
		ws = append(ws, prev)
	}
	if needsTarget && e.kpi.Target.Baseline != nil {
		b := e.kpi.Target.Baseline
		ws = append(ws, kpimath.BaselineWindows(e.req.Range, time.Duration(b.Every), b.Periods)...)
	}
	return ws
}

// startOneScan fetches all windows at once when the source can, so that
// valueOver finds them; other sources are asked window by window.
func (e *evaluation) startOneScan(ctx context.Context, g *errgroup.Group, ws []kpimath.Window) {
	mw, ok := e.src.(source.MultiWindow)
	if !ok || !e.kpi.Aggregation.OverWindow() {
		return
	}
	e.scan = &oneScan{done: make(chan struct{}), windows: ws}
	g.Go(func() error {
		defer close(e.scan.done)
		e.scan.answers, e.scan.err = mw.OverallMany(ctx, e.kpi, e.req.Filters, ws)
		return e.scan.err
	})
}

// overall is the KPI over a window from its totals: from the one scan when it
// covers the window, else from the source.
func (e *evaluation) overall(ctx context.Context, w kpimath.Window) ([]source.Series, error) {
	if e.scan != nil {
		for i, sw := range e.scan.windows {
			if sw.From.Equal(w.From) && sw.To.Equal(w.To) {
				select {
				case <-e.scan.done:
				case <-ctx.Done():
					return nil, ctx.Err()
				}
				if e.scan.err != nil {
					return nil, e.scan.err
				}
				return e.scan.answers[i], nil
			}
		}
	}
	return e.src.Overall(ctx, e.kpi, e.req.Filters, w)
}

// intervalBounds are the bounds that make every window of an occurrences SLO
// (the SLO window, each burn window, each exclusion) a union of whole
// intervals, so a source that counts between bounds answers them in one call.
func intervalBounds(s *catalog.SLO, windows []time.Duration, from, to time.Time) []time.Time {
	start := from
	for _, w := range windows {
		if t := to.Add(-w); t.Before(start) {
			start = t
		}
	}
	bounds := []time.Time{start, from, to}
	for _, w := range windows {
		bounds = append(bounds, to.Add(-w))
	}
	for _, ex := range s.Exclusions {
		a, b := ex.Span()
		bounds = append(bounds, a, b)
	}
	return sortedWithin(bounds, start, to)
}

func sortedWithin(ts []time.Time, lo, hi time.Time) []time.Time {
	var out []time.Time
	for _, t := range ts {
		if t.Before(lo) || t.After(hi) {
			continue
		}
		out = append(out, t)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Before(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	uniq := out[:0]
	for _, t := range out {
		if len(uniq) == 0 || !t.Equal(uniq[len(uniq)-1]) {
			uniq = append(uniq, t)
		}
	}
	return uniq
}
