package promsuite_test

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/common/model"

	"github.com/northstar/kpi/internal/seed"
)

// promRatioRange is Prometheus's own bad/total over w at each step of a range,
// per region and time (epoch ms).
func promRatioRange(t *testing.T, scrape, w string, from, to time.Time, step time.Duration) map[string]map[int64]float64 {
	t.Helper()
	q := fmt.Sprintf("sum by (region) (increase(%s[%s])) / sum by (region) (increase(%s[%s]))",
		fmt.Sprintf(bad, scrape), w, fmt.Sprintf(total, scrape), w)
	val, _, _, err := prom.QueryRange(context.Background(), q, v1.Range{Start: from, End: to, Step: step})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	out := map[string]map[int64]float64{}
	for _, s := range val.(model.Matrix) {
		m := map[int64]float64{}
		for _, p := range s.Values {
			m[int64(p.Timestamp)] = float64(p.Value)
		}
		out[string(s.Metric["region"])] = m
	}
	return out
}

// TestBurnRateSeriesEqualsPrometheusRangeRatio: burn_rate_series of the 28-day
// SLO is, for every window of its pairs, one frame per region whose value at
// each step is Prometheus's own range query of the ratio over the window at
// the same step, divided by the error budget, for each scrape interval, in one
// upstream call per window besides the SLO card's.
func TestBurnRateSeriesEqualsPrometheusRangeRatio(t *testing.T) {
	const objective = 0.999
	windows := []string{"5m", "30m", "1h", "2h", "6h", "1d", "3d"}
	step := 5 * time.Minute
	to := history.End.Add(seed.Outage[0] + 3*time.Hour)
	from := to.Add(-12 * time.Hour)
	worst := 0.0
	for _, sc := range scrapes {
		ds, calls := newDS(t, sc.name)
		before := calls.Load()
		fs := frames(t, ds, query("A", from, to, step, map[string]any{
			"kpi": "payments", "slo": "99.9-28d", "measures": []string{"slo", "burn_rate_series"},
		}))
		if n := calls.Load() - before; n != int64(1+len(windows)) {
			t.Errorf("%s: %d upstream calls, want %d (the SLO card, one per window)", sc.name, n, 1+len(windows))
		}
		burn := 0
		for _, f := range fs {
			if len(f.Fields) == 2 && f.Fields[1].Name == "burn_rate" {
				burn++
			}
		}
		if burn != 2*len(windows) {
			t.Errorf("%s: %d burn_rate frames, want one per region and window (%d)", sc.name, burn, 2*len(windows))
		}
		for _, w := range windows {
			want := promRatioRange(t, sc.name, w, from, to, step)
			for _, region := range []string{"eu", "us"} {
				f := burnFrame(t, fs, map[string]string{"region": region, "window": w, "slo": "99.9-28d", "kpi": "payments"})
				compared := 0
				for i := 0; i < f.Rows(); i++ {
					at := f.Fields[0].At(i).(time.Time)
					exp, ok := want[region][at.UnixMilli()]
					v, has := f.Fields[1].ConcreteAt(i)
					if !ok || math.IsNaN(exp) {
						continue // Prometheus has no ratio there: no traffic, or no bad series yet
					}
					if !has {
						t.Errorf("%s %s %s at %s: no burn rate, Prometheus says %.12g", sc.name, region, w, at, exp)
						continue
					}
					exp /= 1 - objective
					got := v.(float64)
					if !agree(got, exp) {
						t.Errorf("%s %s %s at %s: burn rate %.12g, Prometheus says %.12g", sc.name, region, w, at.Format(time.RFC3339), got, exp)
					}
					worst = max(worst, relDiff(got, exp))
					compared++
				}
				if points := len(want[region]); compared < points-1 || points < 100 {
					t.Errorf("%s %s %s: compared %d points of Prometheus's %d", sc.name, region, w, compared, points)
				}
			}
		}
	}
	t.Logf("largest relative difference to Prometheus's range ratio: %.3g", worst)
}

// burnFrame is the one burn_rate_series frame whose labels include want.
func burnFrame(t *testing.T, fs data.Frames, want map[string]string) *data.Frame {
	t.Helper()
	var found *data.Frame
	for _, f := range fs {
		if f.Meta == nil || f.Meta.Type != data.FrameTypeTimeSeriesMulti || len(f.Fields) != 2 || f.Fields[1].Name != "burn_rate" {
			continue
		}
		if includes(f.Fields[1].Labels, want) {
			if found != nil {
				t.Fatalf("two burn_rate frames with labels %v", want)
			}
			found = f
		}
	}
	if found == nil {
		t.Fatalf("no burn_rate frame with labels %v", want)
	}
	return found
}
