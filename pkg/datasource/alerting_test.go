package datasource

import (
	"testing"
	"time"

	"github.com/grafana/dataplane/sdata/numeric"
	"github.com/grafana/dataplane/sdata/reader"
	"github.com/grafana/dataplane/sdata/timeseries"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/northstar/kpi/internal/seed"
)

// Grafana's server-side expressions read a datasource's frames through the
// dataplane readers (github.com/grafana/dataplane/sdata). These tests feed them
// the frames of real queries, the way an alert rule sends them (no interval, no
// dashboard variables), and check the kind, the labels and the values: one alert
// instance per KPI and dimension set.

func readNumeric(t *testing.T, frames data.Frames) numeric.Collection {
	t.Helper()
	kind, err := reader.CanReadBasedOnMeta(frames)
	if err != nil || kind != data.FrameTypeNumericMulti {
		t.Fatalf("sdata cannot read the frames as numeric-multi: kind %q, %v", kind, err)
	}
	r, err := numeric.CollectionReaderFromFrames(frames)
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.GetCollection(false)
	if err != nil {
		t.Fatal(err)
	}
	if c.Warning != nil {
		t.Errorf("sdata warns: %v", c.Warning)
	}
	return c
}

func TestAlertRuleReadsOneInstancePerKPIAndDimensionSet(t *testing.T) {
	ds := newDS(t, settingsJSON(t, testCatalog, promURL, nil))
	to := dataset.End.Add(-2 * 24 * time.Hour)
	from := to.Add(-time.Hour)
	q := query("A", from, to, 0, map[string]any{"kpi": "checkout_success", "measures": []string{"value"}})
	r := run(t, ds, q).Responses["A"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	c := readNumeric(t, r.Frames)
	if len(c.Refs) != 2 {
		t.Fatalf("want one instance per region (2), got %d", len(c.Refs))
	}
	seen := map[string]bool{}
	for _, ref := range c.Refs {
		l := ref.GetLabels()
		region := l["region"]
		if l["kpi"] != "checkout_success" || len(l) != 2 || seen[region] {
			t.Errorf("unexpected labels %v", l)
		}
		seen[region] = true
		v, empty, err := ref.NullableFloat64Value()
		if err != nil || empty || v == nil {
			t.Fatalf("%s: no value (%v)", region, err)
		}
		closeTo(t, region+" value read by sdata", *v, successRatio(region, from, to))
		if ref.GetMetricName() != "value" {
			t.Errorf("metric name %q, want value", ref.GetMetricName())
		}
	}
}

func TestAlertRuleReadsBurnPairStates(t *testing.T) {
	ds := newDS(t, settingsJSON(t, sloCatalog, promURL, nil))
	to := dataset.End.Add(seed.Outage[0] + 20*time.Minute)
	q := query("A", to.Add(-10*time.Minute), to, 0, map[string]any{"kpi": "payments", "slo": "99.9-28d", "measures": []string{"burn_pair_5m_1h"}})
	r := run(t, ds, q).Responses["A"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	c := readNumeric(t, r.Frames)
	if len(c.Refs) != 2 {
		t.Fatalf("want one instance per region (2), got %d", len(c.Refs))
	}
	for _, ref := range c.Refs {
		l := ref.GetLabels()
		want := data.Labels{"kpi": "payments", "region": l["region"], "slo": "99.9-28d", "severity": "critical"}
		if l.String() != want.String() {
			t.Errorf("labels %v, want %v", l, want)
		}
		// Fires when both windows burn at 13.44 or more and the hour saw 200 events.
		long, short := burn(l["region"], time.Hour, to, 0.999), burn(l["region"], 5*time.Minute, to, 0.999)
		firing := 0.0
		if long >= 13.44 && short >= 13.44 && events(l["region"], false, to.Add(-time.Hour), to) >= 200 {
			firing = 1
		}
		v, _, err := ref.NullableFloat64Value()
		if err != nil || v == nil || *v != firing {
			t.Errorf("%s: got %v (%v), want %v", l["region"], v, err, firing)
		}
	}
}

func TestAlertRuleReadsSeriesAndNoData(t *testing.T) {
	ds := newDS(t, settingsJSON(t, testCatalog, promURL, nil))
	to := dataset.End.Add(-24 * time.Hour)
	resp := run(t, ds,
		query("A", to.Add(-time.Hour), to, 0, map[string]any{"kpi": "checkout_success", "measures": []string{"series"}}),
		// Long after the seeded history: no data, as a typed empty frame.
		query("B", dataset.End.Add(30*24*time.Hour), dataset.End.Add(31*24*time.Hour), 0, map[string]any{"kpi": "checkout_success", "measures": []string{"value"}}),
	)
	if err := resp.Responses["A"].Error; err != nil {
		t.Fatal(err)
	}
	tr, err := timeseries.CollectionReaderFromFrames(resp.Responses["A"].Frames)
	if err != nil {
		t.Fatal(err)
	}
	series, err := tr.GetCollection(false)
	if err != nil {
		t.Fatal(err)
	}
	// The KPI and its target, per region.
	got := map[string]int{}
	for _, ref := range series.Refs {
		if ref.GetLabels()["kpi"] != "checkout_success" || ref.GetLabels()["region"] == "" {
			t.Errorf("series labels %v", ref.GetLabels())
		}
		got[ref.GetMetricName()]++
	}
	if len(series.Refs) != 4 || got["value"] != 2 || got["target"] != 2 {
		t.Errorf("want a value and a target series per region, got %v", got)
	}
	if err := resp.Responses["B"].Error; err != nil {
		t.Fatal(err)
	}
	if c := readNumeric(t, resp.Responses["B"].Frames); !c.NoData() {
		t.Errorf("no data must read as NoData, got %d refs", len(c.Refs))
	}
}
