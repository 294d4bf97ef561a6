package prometheus

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
)

// The selectors whose label values a dimension takes: those the KPI's PromQL
// reads, with the filters as matchers in the syntax tree.
func TestSelectorsOfEveryKind(t *testing.T) {
	cases := []struct {
		name, query, dims string
		filters           source.Filters
		want              []string
	}{
		{
			name:  "ratio: bad and total, once each",
			query: "      ratio:\n        bad: http_requests_total{job=\"checkout\", code=~\"5..\"}\n        total: http_requests_total{job=\"checkout\"}\n",
			dims:  "[region, instance]",
			want:  []string{`http_requests_total{code=~"5..",job="checkout"}`, `http_requests_total{job="checkout"}`},
		},
		{
			name:    "latency: the histogram's two buckets, filtered",
			query:   "      latency:\n        histogram: http_request_duration_seconds_bucket{job=\"api\"}\n        threshold: 0.25\n",
			dims:    "[region]",
			filters: source.Filters{"region": {"eu", "us"}},
			want: []string{
				`http_request_duration_seconds_bucket{job="api",le="+Inf",region=~"eu|us"}`,
				`http_request_duration_seconds_bucket{job="api",le="0.25",region=~"eu|us"}`,
			},
		},
		{
			name:    "value expression: every selector, offsets dropped, a hostile value stays a value",
			query:   "      expr: sum by (region) (increase(orders_total[$__window])) - sum by (region) (increase(orders_total[$__window] offset 1d)) + sum by (region) (refunds_total)\n",
			dims:    "[region]",
			filters: source.Filters{"region": {`eu"} or vector(1) or up{a="`}},
			want: []string{
				`orders_total{region="eu\"} or vector(1) or up{a=\""}`,
				`refunds_total{region="eu\"} or vector(1) or up{a=\""}`,
			},
		},
		{
			name:  "a scalar reads no series",
			query: "      expr: vector(1)\n",
			dims:  "[]",
			want:  nil,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Selectors(kpiFrom(t, tc.query, tc.dims), tc.filters)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestDimensionValuesRefuseWhatIsNotADimension(t *testing.T) {
	c := &Client{conn: Connection{Name: "prom", URL: "http://127.0.0.1:9"}}
	k := kpiFrom(t, "      ratio:\n        bad: http_requests_total{code=\"500\"}\n        total: http_requests_total\n", "[region]")
	for _, tc := range []struct {
		dim     string
		filters source.Filters
	}{
		{dim: "instance"},
		{dim: `region"}`},
		{dim: "__name__"},
		{dim: ""},
		{dim: "region", filters: source.Filters{"job": {"checkout"}}},
	} {
		_, _, err := c.DimensionValues(t.Context(), k, tc.dim, tc.filters, kpimath.Window{From: time.Unix(0, 0), To: time.Unix(3600, 0)}, 10)
		var input *source.InputError
		if !errors.As(err, &input) {
			t.Errorf("dimension %q, filters %v: got %v, want an input error (nothing sent)", tc.dim, tc.filters, err)
		}
	}
}
