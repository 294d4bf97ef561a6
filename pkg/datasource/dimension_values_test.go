package datasource

import (
	"database/sql"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// valuesCatalog adds KPIs with dimensions to testCatalog: one whose label
// (instance) exists only on its own series, one on the histogram that has a
// single region although the server has two, and SQL KPIs on the demo shop.
const valuesCatalog = testCatalog + `  - id: checkout_instances
    name: Checkout success per instance
    owner: team-payments
    direction: higher
    version: "1"
    source: prom
    dimensions: [region, instance]
    query:
      ratio:
        bad: http_requests_total{job="checkout", code=~"5.."}
        total: http_requests_total{job="checkout"}
  - id: api_fast_regions
    name: API requests under 250 ms per region
    owner: team-api
    direction: higher
    version: "1"
    source: prom
    dimensions: [region]
    query:
      latency:
        histogram: http_request_duration_seconds_bucket{job="api"}
        threshold: 0.25
`

const valuesShopCatalog = valuesCatalog + `  - id: shop_orders
    name: Shop orders
    owner: team-shop
    direction: higher
    version: "1"
    source: shop
    dimensions: [region]
    query:
      sql: {table: orders, timeColumn: created_at, timeType: timestamptz, measure: {agg: count}}
  - id: shop_trouble
    name: Failed and refunded orders
    owner: team-shop
    direction: lower
    version: "1"
    source: shop
    dimensions: [region, status]
    query:
      sql:
        table: orders
        timeColumn: created_at
        timeType: timestamptz
        where: [{column: status, op: in, values: [failed, refunded]}]
        measure: {agg: count}
  - id: shop_raw
    name: Raw orders
    owner: team-shop
    direction: higher
    version: "1"
    source: shop
    dimensions: [region]
    query:
      sql:
        raw: SELECT $__timeGroup(created_at, $__interval) AS time, region, count(*) AS value FROM orders WHERE $__timeFilter(created_at) GROUP BY 1, 2
`

// seededValues are the values of a label among the seeded series named name
// whose labels include match: computed from the seed, not from Prometheus.
func seededValues(name, label string, match map[string]string) []string {
	var out []string
	for _, c := range dataset.Select(name, match) {
		if v, ok := c.Labels[label]; ok {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func valuesURL(path string, from, to time.Time, params ...string) string {
	q := url.Values{}
	q.Set("from", fmt.Sprint(from.UnixMilli()))
	q.Set("to", fmt.Sprint(to.UnixMilli()))
	for i := 0; i+1 < len(params); i += 2 {
		q.Add(params[i], params[i+1])
	}
	return path + "?" + q.Encode()
}

func stringList(t *testing.T, v any) []string {
	t.Helper()
	list, ok := v.([]any)
	if !ok {
		t.Fatalf("values: %v is not a list", v)
	}
	out := make([]string, len(list))
	for i, x := range list {
		out[i] = x.(string)
	}
	return out
}

func TestDimensionValuesFromPrometheus(t *testing.T) {
	ds := newDS(t, settingsJSON(t, valuesCatalog, promURL, nil))
	to := dataset.End
	from := to.Add(-24 * time.Hour)
	checkout := map[string]string{"job": "checkout"}
	cases := []struct {
		name, path string
		params     []string
		want       []string
		truncated  bool
	}{
		{"the regions of a ratio KPI", "kpis/checkout_success/dimensions/region/values", nil, seededValues("http_requests_total", "region", checkout), false},
		{"a value KPI", "kpis/orders/dimensions/region/values", nil, seededValues("orders_total", "region", nil), false},
		{"only the KPI's own series", "kpis/api_fast_regions/dimensions/region/values", nil,
			seededValues("http_request_duration_seconds_bucket", "region", map[string]string{"job": "api"}), false},
		{"another dimension", "kpis/checkout_instances/dimensions/instance/values", nil, seededValues("http_requests_total", "instance", checkout), false},
		{"narrowed by a filter", "kpis/checkout_instances/dimensions/instance/values", []string{"filter", "region=eu"},
			seededValues("http_requests_total", "instance", map[string]string{"job": "checkout", "region": "eu"}), false},
		{"a filter value is a value, never PromQL", "kpis/checkout_instances/dimensions/instance/values",
			[]string{"filter", `region=eu"} or up{job=~".+`}, []string{}, false},
		{"bounded by limit", "kpis/checkout_instances/dimensions/instance/values", []string{"limit", "2"},
			seededValues("http_requests_total", "instance", checkout)[:2], true},
		{"the union over KPIs", "dimensions/region/values", []string{"kpi", "api_fast_regions", "kpi", "checkout_success"},
			seededValues("http_requests_total", "region", checkout), false},
		{"the union over the catalog", "dimensions/instance/values", nil, seededValues("http_requests_total", "instance", checkout), false},
	}
	// The cases prove restriction only if the server holds more than the KPIs read.
	if all, api := seededValues("http_requests_total", "region", nil), cases[2].want; len(api) != 1 || len(all) < 2 {
		t.Fatalf("the seed changed: regions %v, of the api histogram %v", all, api)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := callResource(t, ds, "GET", valuesURL(tc.path, from, to, tc.params...), "")
			if status != 200 {
				t.Fatalf("status %d: %v", status, body)
			}
			if got := stringList(t, body["values"]); !reflect.DeepEqual(got, tc.want) || body["truncated"] != tc.truncated {
				t.Errorf("got %q (truncated %v), want %q (truncated %v)", got, body["truncated"], tc.want, tc.truncated)
			}
		})
	}

	t.Run("before the history: no values", func(t *testing.T) {
		status, body := callResource(t, ds, "GET", valuesURL("kpis/checkout_success/dimensions/region/values", dataset.Start.Add(-48*time.Hour), dataset.Start.Add(-24*time.Hour)), "")
		if status != 200 || len(stringList(t, body["values"])) != 0 {
			t.Errorf("status %d: %v", status, body)
		}
	})
	t.Run("a union skips KPIs without the dimension", func(t *testing.T) {
		status, body := callResource(t, ds, "GET", valuesURL("dimensions/region/values", from, to, "kpi", "api_fast", "kpi", "api_fast_regions"), "")
		skipped, _ := body["skipped"].([]any)
		if status != 200 || len(skipped) != 1 || !strings.Contains(fmt.Sprint(skipped[0]), "api_fast") {
			t.Errorf("status %d: %v", status, body)
		}
	})
}

func TestDimensionValuesRefuseHostileNames(t *testing.T) {
	ds := newDS(t, settingsJSON(t, valuesCatalog, promURL, nil))
	to := dataset.End
	from := to.Add(-time.Hour)
	cases := []struct {
		name, path string
		params     []string
		status     int
		want       string
	}{
		{"a label the KPI does not have as a dimension", "kpis/checkout_success/dimensions/instance/values", nil, 400, `has no dimension "instance"`},
		{"a hostile name", "kpis/checkout_success/dimensions/" + url.PathEscape(`region"}) or vector(1`) + "/values", nil, 400, "has no dimension"},
		{"the metric name", "kpis/checkout_success/dimensions/__name__/values", nil, 400, "has no dimension"},
		{"a KPI without dimensions", "kpis/api_fast/dimensions/region/values", nil, 400, "has no dimension"},
		{"a filter on another label", "kpis/checkout_success/dimensions/region/values", []string{"filter", "job=api"}, 400, `no dimension "job" to filter on`},
		{"a filter without a value", "kpis/checkout_success/dimensions/region/values", []string{"filter", "region"}, 400, "filter must be"},
		{"an unknown KPI", "kpis/nope/dimensions/region/values", nil, 404, `unknown KPI "nope"`},
		{"an unknown KPI in a union", "dimensions/region/values", []string{"kpi", "nope"}, 404, `unknown KPI "nope"`},
		{"a limit above the bound", "kpis/checkout_success/dimensions/region/values", []string{"limit", "1001"}, 400, "from 1 to 1000"},
		{"a zero limit", "kpis/checkout_success/dimensions/region/values", []string{"limit", "0"}, 400, "from 1 to 1000"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := callResource(t, ds, "GET", valuesURL(tc.path, from, to, tc.params...), "")
			if status != tc.status || !strings.Contains(fmt.Sprint(body["error"]), tc.want) {
				t.Errorf("status %d, %v; want %d with %q", status, body, tc.status, tc.want)
			}
		})
	}
	t.Run("an empty range", func(t *testing.T) {
		if status, _ := callResource(t, ds, "GET", valuesURL("kpis/checkout_success/dimensions/region/values", to, from), ""); status != 400 {
			t.Errorf("status %d", status)
		}
	})
	t.Run("an unreachable connection", func(t *testing.T) {
		down := newDS(t, settingsJSON(t, valuesCatalog, "http://127.0.0.1:9", nil))
		status, body := callResource(t, down, "GET", valuesURL("kpis/checkout_success/dimensions/region/values", from, to), "")
		if status != 502 || !strings.Contains(fmt.Sprint(body["error"]), `connection "prom"`) {
			t.Errorf("status %d: %v", status, body)
		}
	})
}

func TestDimensionValuesFromSQL(t *testing.T) {
	ds := newDS(t, settingsJSON(t, valuesShopCatalog, promURL, nil))
	to := dataset.End.Add(-6 * time.Hour)
	from := to.Add(-3 * time.Hour)
	// The expected values come straight from the loaded table, by hand-written SQL.
	db, err := sql.Open("pgx", "postgres://postgres@"+testPostgres+"/"+shop.database+"?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	distinct := func(column, where string, args ...any) []string {
		t.Helper()
		args = append([]any{from, to}, args...)
		rows, err := db.Query("SELECT DISTINCT "+column+" FROM orders WHERE created_at >= $1 AND created_at < $2"+where+" ORDER BY 1", args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := []string{}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			out = append(out, v)
		}
		return out
	}
	cases := []struct {
		name, path string
		params     []string
		want       []string
	}{
		{"the regions of a table", "kpis/shop_orders/dimensions/region/values", nil, distinct("region", "")},
		{"the population's statuses", "kpis/shop_trouble/dimensions/status/values", nil, distinct("status", " AND status IN ('failed', 'refunded')")},
		{"narrowed by a filter", "kpis/shop_trouble/dimensions/region/values", []string{"filter", "status=refunded"}, distinct("region", " AND status = 'refunded'")},
		{"a filter value is bound, never SQL", "kpis/shop_trouble/dimensions/region/values", []string{"filter", "status=failed' OR '1'='1"}, []string{}},
		{"the union with Prometheus KPIs", "dimensions/region/values", []string{"kpi", "shop_orders", "kpi", "checkout_success"},
			func() []string {
				v := append(distinct("region", ""), seededValues("http_requests_total", "region", map[string]string{"job": "checkout"})...)
				slices.Sort(v)
				return slices.Compact(v)
			}()},
	}
	if len(cases[0].want) < 3 || len(cases[1].want) != 2 {
		t.Fatalf("the demo shop changed: regions %v, statuses %v", cases[0].want, cases[1].want)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := callResource(t, ds, "GET", valuesURL(tc.path, from, to, tc.params...), "")
			if status != 200 {
				t.Fatalf("status %d: %v", status, body)
			}
			if got := stringList(t, body["values"]); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("raw SQL is not supported", func(t *testing.T) {
		status, body := callResource(t, ds, "GET", valuesURL("kpis/shop_raw/dimensions/region/values", from, to), "")
		if status != 400 || !strings.Contains(fmt.Sprint(body["error"]), "not supported for raw SQL KPIs") {
			t.Errorf("status %d: %v", status, body)
		}
		status, body = callResource(t, ds, "GET", valuesURL("dimensions/region/values", from, to, "kpi", "shop_raw", "kpi", "shop_orders"), "")
		if status != 200 || !strings.Contains(fmt.Sprint(body["skipped"]), "shop_raw") {
			t.Errorf("union: status %d: %v", status, body)
		}
	})
	t.Run("a hostile dimension name", func(t *testing.T) {
		status, body := callResource(t, ds, "GET", valuesURL("kpis/shop_orders/dimensions/"+url.PathEscape("region FROM orders; DROP TABLE orders; --")+"/values", from, to), "")
		if status != 400 || !strings.Contains(fmt.Sprint(body["error"]), "has no dimension") {
			t.Errorf("status %d: %v", status, body)
		}
	})
}
