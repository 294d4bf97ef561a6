package datasource

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// TestUpstreamWarningsReachTheFrames: Prometheus's warnings and infos come
// back as notices on the KPI's frames, as in Grafana's Prometheus datasource,
// also when the answer holds no data.
func TestUpstreamWarningsReachTheFrames(t *testing.T) {
	const answer = `{"status":"success","warnings":["partial response: store eu-2 unreachable"],"infos":["PromQL info: metric might not be a counter"],"data":{"resultType":"vector","result":%s}}`
	for _, c := range []struct{ name, result string }{
		{"with data", `[{"metric":{"region":"eu"},"value":[1795132800,"42"]}]`},
		{"without data", `[]`},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = fmt.Fprintf(w, answer, c.result)
			}))
			defer srv.Close()
			const cat = `apiVersion: northstar.kpi/v1
kpis:
  - {id: queue, name: Queue, owner: o, version: "1", direction: lower, source: prom, dimensions: [region], query: {expr: 'queue_length'}}
`
			ds := newDS(t, settingsJSON(t, cat, srv.URL, nil))
			to := time.Unix(1795132800, 0)
			r := run(t, ds, query("A", to.Add(-time.Hour), to, time.Minute, map[string]any{"kpi": "queue", "measures": []string{"value"}})).Responses["A"]
			if r.Error != nil {
				t.Fatal(r.Error)
			}
			want := []data.Notice{
				{Severity: data.NoticeSeverityWarning, Text: `connection "prom": partial response: store eu-2 unreachable`},
				{Severity: data.NoticeSeverityInfo, Text: `connection "prom": PromQL info: metric might not be a counter`},
			}
			if len(r.Frames) == 0 || r.Frames[0].Meta == nil || len(r.Frames[0].Meta.Notices) != 2 {
				t.Fatalf("frames %v carry no notices", r.Frames)
			}
			for i, n := range r.Frames[0].Meta.Notices {
				if n.Severity != want[i].Severity || n.Text != want[i].Text {
					t.Errorf("notice %d: %+v, want %+v", i, n, want[i])
				}
			}
		})
	}
}
