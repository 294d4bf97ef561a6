package datasource

import (
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Explore shows each frame where its meta.preferredVisualisationType says: the
// series in the graph, the numbers in the table.
func TestFramesTellExploreHowToShowThem(t *testing.T) {
	ds := newDS(t, settingsJSON(t, testCatalog, promURL, nil))
	to := dataset.End.Truncate(time.Hour)
	from := to.Add(-6 * time.Hour)
	resp := run(t, ds,
		query("A", from, to, time.Hour, map[string]any{"kpi": "checkout_success"}),
		// No KPI matches: the typed empty frame.
		query("B", from, to, time.Hour, map[string]any{"selector": map[string]any{"tags": []string{"none"}}, "measures": []string{"series"}}),
	)
	seen := map[data.FrameType]bool{}
	for _, ref := range []string{"A", "B"} {
		r := resp.Responses[ref]
		if r.Error != nil {
			t.Fatal(r.Error)
		}
		for _, f := range r.Frames {
			want := data.VisType(data.VisTypeTable)
			if f.Meta.Type == data.FrameTypeTimeSeriesMulti {
				want = data.VisTypeGraph
			}
			if f.Meta.PreferredVisualization != want {
				t.Errorf("%s: a %s frame prefers %q, want %q", ref, f.Meta.Type, f.Meta.PreferredVisualization, want)
			}
			seen[f.Meta.Type] = true
		}
	}
	if !seen[data.FrameTypeTimeSeriesMulti] || !seen[data.FrameTypeNumericMulti] {
		t.Errorf("frame types seen: %v", seen)
	}
}
