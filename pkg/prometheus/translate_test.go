package prometheus

import (
	"errors"
	"testing"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
)

func kpiFrom(t *testing.T, q string, dims string) *catalog.KPI {
	t.Helper()
	doc := "apiVersion: northstar.kpi/v1\nkpis:\n  - id: k\n    name: K\n    owner: o\n    direction: higher\n    version: \"1\"\n    source: prom\n    dimensions: " + dims + "\n    query:\n" + q
	cat, problems := catalog.Parse([]byte(doc))
	if len(problems) > 0 {
		t.Fatalf("catalog problems: %v", problems)
	}
	return &cat.KPIs[0]
}

// Golden PromQL for every KPI kind, as Prometheus's own printer writes it.
func TestGoldenPromQL(t *testing.T) {
	src := &Source{calls: (&Client{conn: Connection{Name: "prom"}}).ForRequest()}
	rng := kpimath.Window{From: time.Unix(0, 0), To: time.Unix(0, 0).Add(24 * time.Hour)}
	cases := []struct {
		name, query, dims   string
		filters             source.Filters
		wantSeries, wantAll string
	}{
		{
			name:       "value expression summed by dimensions",
			query:      "      expr: sum by (region) (rate(orders_total[$__window])) * 60\n",
			dims:       "[region]",
			wantSeries: `sum by (region) (sum by (region) (rate(orders_total[5m])) * 60)`,
		},
		{
			name:       "value expression without dimensions",
			query:      "      expr: avg(node_load1{job=\"node\"})\n",
			dims:       "[]",
			filters:    source.Filters{},
			wantSeries: `sum(avg(node_load1{job="node"}))`,
		},
		{
			name:       "scalar value expression is left alone",
			query:      "      expr: scalar(sum(up))\n",
			dims:       "[]",
			wantSeries: `scalar(sum(up))`,
		},
		{
			name:       "good/total ratio",
			query:      "      ratio:\n        good: http_requests_total{code!~\"5..\"}\n        total: http_requests_total\n",
			dims:       "[region]",
			wantSeries: `sum by (region) (rate(http_requests_total{code!~"5.."}[5m])) / sum by (region) (rate(http_requests_total[5m]))`,
			wantAll:    `sum by (region) (rate(http_requests_total{code!~"5.."}[1d])) / sum by (region) (rate(http_requests_total[1d]))`,
		},
		{
			name:       "bad/total ratio counts no bad series as zero",
			query:      "      ratio:\n        bad: http_requests_total{code=~\"5..\"}\n        total: http_requests_total\n",
			dims:       "[]",
			wantSeries: `1 - ((sum(rate(http_requests_total{code=~"5.."}[5m])) or 0 * sum(rate(http_requests_total[5m]))) / sum(rate(http_requests_total[5m])))`,
		},
		{
			name:       "latency below a threshold",
			query:      "      latency:\n        histogram: http_request_duration_seconds_bucket{job=\"api\"}\n        threshold: 0.25\n",
			dims:       "[region]",
			wantSeries: `sum by (region) (rate(http_request_duration_seconds_bucket{job="api",le="0.25"}[5m])) / sum by (region) (rate(http_request_duration_seconds_bucket{job="api",le="+Inf"}[5m]))`,
		},
		{
			name:       "filters become matchers on every selector",
			query:      "      ratio:\n        good: ok_total\n        total: all_total\n",
			dims:       "[region, tier]",
			filters:    source.Filters{"region": {"eu-west", "us.east"}, "tier": {"gold"}},
			wantSeries: `sum by (region, tier) (rate(ok_total{region=~"eu-west|us\\.east",tier="gold"}[5m])) / sum by (region, tier) (rate(all_total{region=~"eu-west|us\\.east",tier="gold"}[5m]))`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			k := kpiFrom(t, tc.query, tc.dims)
			got, err := src.Preview(k, tc.filters, rng, 5*time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			if got["series"] != tc.wantSeries {
				t.Errorf("series PromQL\n got: %s\nwant: %s", got["series"], tc.wantSeries)
			}
			if tc.wantAll != "" && got["overall"] != tc.wantAll {
				t.Errorf("overall PromQL\n got: %s\nwant: %s", got["overall"], tc.wantAll)
			}
		})
	}
}

func TestFilterOnUnknownDimensionIsAnInputError(t *testing.T) {
	src := &Source{calls: (&Client{conn: Connection{Name: "prom"}}).ForRequest()}
	k := kpiFrom(t, "      expr: sum(up)\n", "[region]")
	rng := kpimath.Window{From: time.Unix(0, 0), To: time.Unix(3600, 0)}
	_, err := src.Preview(k, source.Filters{"tenant": {"a"}}, rng, time.Minute)
	var input *source.InputError
	if !errors.As(err, &input) {
		t.Fatalf("want an input error, got %v", err)
	}
}

func TestSeriesWindowNeverBelowFourScrapes(t *testing.T) {
	cases := []struct {
		scrape string
		step   time.Duration
		want   time.Duration
	}{
		{"", 10 * time.Second, time.Minute},
		{"30s", time.Minute, 2 * time.Minute},
		{"15s", 5 * time.Minute, 5 * time.Minute},
	}
	for _, tc := range cases {
		src := &Source{calls: (&Client{conn: Connection{ScrapeInterval: tc.scrape}}).ForRequest()}
		if got := src.SeriesWindow(tc.step); got != tc.want {
			t.Errorf("scrape %q step %v: got %v want %v", tc.scrape, tc.step, got, tc.want)
		}
	}
}
