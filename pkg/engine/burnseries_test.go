package engine

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/slo"
	"github.com/northstar/kpi/pkg/source"
)

// sliceSource answers Events from a count per minute (bad 1 in every minute
// whose index is a multiple of 7, total 10) and records the fetches.
type sliceSource struct {
	source.Source
	fetches [][3]time.Time
}

func (s *sliceSource) Events(_ context.Context, _ *catalog.KPI, _ source.Filters, from, to time.Time, slice time.Duration) ([]source.EventSeries, error) {
	s.fetches = append(s.fetches, [3]time.Time{from, to, time.Unix(0, 0).Add(slice)})
	ev := source.EventSeries{Labels: map[string]string{"region": "eu"}}
	for end := from.Add(slice); !end.After(to); end = end.Add(slice) {
		sl := slo.Slice{Start: end.Add(-slice), End: end}
		for m := end.Add(-slice).Add(time.Minute); !m.After(end); m = m.Add(time.Minute) {
			sl.Total += 10
			if m.Unix()/60%7 == 0 {
				sl.Bad++
			}
		}
		ev.Slices = append(ev.Slices, sl)
	}
	return []source.EventSeries{ev}, nil
}

// TestBurnRateSeriesFromSlices: a source without its own ratio series gets the
// burn rate at T as bad/total over (T−w, T] from ONE fetch of slices of
// gcd(step, windows) that starts the longest window before the first point.
func TestBurnRateSeriesFromSlices(t *testing.T) {
	s := &catalog.SLO{Name: "s", Objective: 0.99, Window: catalog.SLOWindow{Rolling: catalog.Duration(7 * 24 * time.Hour)},
		Alerting: catalog.AlertPolicy{Pairs: []catalog.BurnPair{{Short: catalog.Duration(5 * time.Minute), Long: catalog.Duration(time.Hour), Factor: 14.4}}}}
	to := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	src := &sliceSource{}
	step := 10 * time.Minute
	e := &evaluation{src: src, kpi: &catalog.KPI{ID: "k"}, req: Request{Range: kpimath.Window{From: to.Add(-2*time.Hour - 30*time.Second), To: to}, Step: step}}
	answers := []sloAnswer{{labels: map[string]string{"region": "eu"}, result: SLOResult{Measures: []Measure{MBurnRateSeries}}}}
	answers, err := e.withBurnSeries(context.Background(), s, answers)
	if err != nil {
		t.Fatal(err)
	}
	if len(src.fetches) != 1 {
		t.Fatalf("%d fetches, want 1", len(src.fetches))
	}
	first := to.Add(-2 * time.Hour)
	if f := src.fetches[0]; !f[0].Equal(first.Add(-time.Hour)) || !f[1].Equal(to) || f[2].Sub(time.Unix(0, 0)) != 5*time.Minute {
		t.Errorf("fetched (%s, %s] in slices of %s", f[0], f[1], f[2].Sub(time.Unix(0, 0)))
	}
	got := answers[0].result.BurnSeries
	if len(got) != 2 || got[0].Window != 5*time.Minute || got[1].Window != time.Hour {
		t.Fatalf("series %+v", got)
	}
	for _, series := range got {
		if len(series.Points) != 13 {
			t.Fatalf("%s: %d points, want 13", series.Window, len(series.Points))
		}
		for _, p := range series.Points {
			var bad, total float64
			for m := p.T.Add(-series.Window).Add(time.Minute); !m.After(p.T); m = m.Add(time.Minute) {
				total += 10
				if m.Unix()/60%7 == 0 {
					bad++
				}
			}
			want := bad / total / (1 - s.Objective)
			if math.Abs(p.V-want) > 1e-9 {
				t.Errorf("%s at %s: %g, want %g", series.Window, p.T, p.V, want)
			}
		}
	}
}
