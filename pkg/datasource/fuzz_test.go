package datasource

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/engine"
	"github.com/northstar/kpi/pkg/source"
)

// fuzzCatalog has KPIs of every query form, with and without dimensions, tags
// and SLOs, so that kpi, selector, filters, measures and slo all have something
// to resolve against.
var fuzzCatalog = testCatalog + strings.TrimPrefix(sloCatalog, "apiVersion: northstar.kpi/v1\nkpis:\n")

// FuzzPlanQuery sends arbitrary queries the way Grafana does: the JSON a panel,
// Explore or an alert rule wrote, and the time range and interval as the SDK
// converts them from the plugin protocol (milliseconds, which overflow as they
// do in production). Everything up to the upstream call runs: plan (the JSON,
// the range, measures, KPIs, the SLO choice), the step and the filter check.
// It must never panic. A rejected query gets a non-empty error; an accepted one
// has a non-empty range, known and distinct measures, catalog KPIs (the named
// one first; none only for a selector that matches none), and a step that is a
// whole number of seconds, at least 1 s, at most the range (or 1 s), and keeps
// every series within Prometheus's 11,000 points.
// Seeds beyond these live in testdata/fuzz/FuzzPlanQuery.
func FuzzPlanQuery(f *testing.F) {
	ds := newDS(f, settingsJSON(f, fuzzCatalog, "http://127.0.0.1:9", nil))
	cat, err := ds.catalog()
	if err != nil {
		f.Fatal(err)
	}
	const day = int64(24 * time.Hour / time.Millisecond)
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC).UnixMilli()
	f.Add([]byte(`{"kpi":"checkout_success"}`), now-day, now, int64(60_000))
	f.Add([]byte(`{"kpi":"payments","measures":["slo","burn_rate_1h","burn_pair_5m_1h"],"slo":"monthly","filters":{"region":["eu","us"]}}`), now-7*day, now, int64(0))
	f.Add([]byte(`{"selector":{"tags":["checkout"],"category":"commerce"},"measures":["value"]}`), now-day, now, int64(-1))
	f.Add([]byte(`{"kpi":"orders","intervalMs":1e300,"maxDataPoints":-5}`), now-6*day, now, hugeIntervalMs)
	f.Add([]byte(`{"kpi":"api_fast","measures":"value"}`), now, now, int64(1))
	f.Add([]byte(`{"kpi":5,"filters":{"region":"eu"}}`), now, now-1, int64(1))
	f.Add([]byte(`{"kpi":"payments","measures":["burn_rate_106751d","burn_rate_99999999999999y"]}`), int64(-1<<62), int64(1<<62), int64(1<<62))
	f.Add([]byte(`{"selector":{}}`), int64(0), int64(1), int64(0))
	f.Add([]byte(`nul`), now-day, now, int64(1000))
	f.Fuzz(func(t *testing.T, js []byte, fromMs, toMs, intervalMs int64) {
		q := *backend.ConvertFromProtobuf{}.DataQuery(&pluginv2.DataQuery{
			RefId:      "A",
			Json:       js,
			TimeRange:  &pluginv2.TimeRange{FromEpochMS: fromMs, ToEpochMS: toMs},
			IntervalMS: intervalMs,
		})
		parsed, kpis, measures, err := ds.plan(q)
		if err != nil {
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatal("empty error")
			}
			return
		}
		if !q.TimeRange.To.After(q.TimeRange.From) {
			t.Fatalf("empty range %v..%v accepted", q.TimeRange.From, q.TimeRange.To)
		}
		checkMeasures(t, measures)
		checkKPIs(t, cat, parsed, kpis)
		for _, k := range kpis {
			if err := source.CheckFilters(k, source.Filters(parsed.Filters)); err != nil && err.Error() == "" {
				t.Fatal("empty filter error")
			}
		}
		checkStep(t, q)
	})
}

func checkMeasures(t *testing.T, measures []engine.Measure) {
	t.Helper()
	if len(measures) == 0 {
		t.Fatal("no measures")
	}
	for i, m := range measures {
		if _, err := engine.ParseMeasures([]string{string(m)}); err != nil {
			t.Fatalf("measure %q accepted in a list, rejected alone: %v", m, err)
		}
		if slices.Contains(measures[:i], m) {
			t.Fatalf("measure %q twice in %q", m, measures)
		}
	}
}

func checkKPIs(t *testing.T, cat *catalog.Catalog, parsed Query, kpis []*catalog.KPI) {
	t.Helper()
	if len(kpis) == 0 && (parsed.KPI != "" || parsed.Selector == nil) {
		t.Fatalf("no KPI for kpi %q, selector %v", parsed.KPI, parsed.Selector)
	}
	if parsed.KPI != "" && kpis[0].ID != parsed.KPI {
		t.Fatalf("kpi %q resolved to %q first", parsed.KPI, kpis[0].ID)
	}
	for i, k := range kpis {
		if c, ok := cat.Find(k.ID); !ok || c != k {
			t.Fatalf("KPI %q is not the catalog's", k.ID)
		}
		if slices.Contains(kpis[:i], k) {
			t.Fatalf("KPI %q twice", k.ID)
		}
	}
}

func checkStep(t *testing.T, q backend.DataQuery) {
	t.Helper()
	rng := q.TimeRange.To.Sub(q.TimeRange.From)
	step := stepFor(q)
	if step < time.Second || step%time.Second != 0 || step > max(rng, time.Second) {
		t.Fatalf("range %v interval %v: step %v", rng, q.Interval, step)
	}
	if points := float64(rng) / float64(step); points > maxPoints {
		t.Fatalf("range %v interval %v: step %v gives %.0f points", rng, q.Interval, step, points)
	}
}
