package datasource

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/source"
)

// What dashboard variables become in the query (docs/variables.md): several
// KPI ids, any of several owners, categories or tags, and ad hoc filters.

func idsOf(kpis []*catalog.KPI) []string {
	out := make([]string, len(kpis))
	for i, k := range kpis {
		out[i] = k.ID
	}
	return out
}

func TestResolveKPIsOfMultiValueVariables(t *testing.T) {
	cat, problems := catalog.Parse([]byte(testCatalog + paymentsSLO))
	if problems != nil {
		t.Fatal(problems)
	}
	cases := []struct {
		name, query string
		want        []string
		err         string
	}{
		{"one KPI", `{"kpi":"orders"}`, []string{"orders"}, ""},
		{"several KPIs", `{"kpis":["orders","api_fast"]}`, []string{"orders", "api_fast"}, ""},
		{"kpi first, then kpis, each once", `{"kpi":"orders","kpis":["api_fast","orders"]}`, []string{"orders", "api_fast"}, ""},
		{"kpis and a selector", `{"kpis":["api_fast"],"selector":{"owner":"team-orders"}}`, []string{"api_fast", "orders"}, ""},
		{"an unknown id among kpis", `{"kpis":["orders","nope"]}`, nil, `unknown KPI "nope"`},
		{"unknown ids", `{"kpis":["nope","nada"]}`, nil, `unknown KPIs "nope", "nada"`},
		{"no KPI at all", `{"kpis":[]}`, nil, "names no KPI"},
		{"any of several owners", `{"selector":{"owners":["team-api","team-orders"]}}`, []string{"api_fast", "orders"}, ""},
		{"any of several categories", `{"selector":{"categories":["platform","nope"]}}`, []string{"api_fast"}, ""},
		{"owners and category", `{"selector":{"owners":["team-payments","team-api"],"category":"commerce"}}`, []string{"checkout_success"}, ""},
		{"a group of tags: any of them", `{"selector":{"anyTags":[["checkout","nope"]]}}`, []string{"checkout_success"}, ""},
		{"every group must match", `{"selector":{"anyTags":[["checkout"],["nope"]]}}`, []string{}, ""},
		{"tags and a group", `{"selector":{"tags":["checkout"],"anyTags":[["checkout","x"]]}}`, []string{"checkout_success"}, ""},
		{"an empty group restricts nothing", `{"selector":{"anyTags":[[]],"owners":[]}}`, []string{"checkout_success", "api_fast", "orders", "payments"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var q Query
			if err := json.Unmarshal([]byte(tc.query), &q); err != nil {
				t.Fatal(err)
			}
			kpis, err := resolveKPIs(cat, q)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got %v, want an error with %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := idsOf(kpis); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestKPIFiltersApplyAdhocFiltersToKPIsWithTheDimension(t *testing.T) {
	withRegion := &catalog.KPI{ID: "a", Dimensions: []string{"region", "psp"}}
	without := &catalog.KPI{ID: "b"}
	cases := []struct {
		name           string
		k              *catalog.KPI
		filters, adhoc map[string][]string
		want           source.Filters
		ok             bool
	}{
		{"no ad hoc filters", withRegion, map[string][]string{"psp": {"x"}}, nil, source.Filters{"psp": {"x"}}, true},
		{"added on the KPI's dimension", withRegion, map[string][]string{"psp": {"x"}}, map[string][]string{"region": {"eu"}}, source.Filters{"psp": {"x"}, "region": {"eu"}}, true},
		{"ignored by a KPI without it", without, nil, map[string][]string{"region": {"eu"}}, source.Filters{}, true},
		{"a hostile name is not a dimension", withRegion, nil, map[string][]string{`region"}`: {"eu"}}, source.Filters{}, true},
		{"both restrict: the values both allow", withRegion, map[string][]string{"region": {"eu", "us"}}, map[string][]string{"region": {"us", "apac"}}, source.Filters{"region": {"us"}}, true},
		{"both restrict: nothing left", withRegion, map[string][]string{"region": {"eu"}}, map[string][]string{"region": {"us"}}, nil, false},
		{"no value allowed: no data", withRegion, nil, map[string][]string{"region": {}}, nil, false},
		{"no value allowed, on a dimension the KPI lacks", without, nil, map[string][]string{"region": {}}, source.Filters{}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := map[string][]string{}
			for k, v := range tc.filters {
				before[k] = slices.Clone(v)
			}
			got, ok := kpiFilters(tc.k, tc.filters, tc.adhoc)
			if ok != tc.ok || (ok && !reflect.DeepEqual(got, tc.want)) {
				t.Errorf("got %v, %v; want %v, %v", got, ok, tc.want, tc.ok)
			}
			if tc.filters != nil && !reflect.DeepEqual(tc.filters, before) {
				t.Errorf("the query's filters changed: %v", tc.filters)
			}
		})
	}
}

// A query over the whole catalog with an ad hoc filter on region: the KPIs
// with a region dimension keep only that region, the others are answered as
// if there were no filter (where an ordinary filter fails them).
func TestAdhocFiltersOverASelector(t *testing.T) {
	ds := newDS(t, settingsJSON(t, testCatalog, promURL, nil))
	to := dataset.End
	from := to.Add(-24 * time.Hour)
	regionsOf := func(frames data.Frames, kpi string) []string {
		var out []string
		for _, f := range frames {
			if len(f.Fields) == 1 && f.Fields[0].Name == "value" && f.Fields[0].Labels["kpi"] == kpi {
				out = append(out, f.Fields[0].Labels["region"])
			}
		}
		slices.Sort(out)
		return out
	}

	resp := run(t, ds, query("A", from, to, time.Hour, map[string]any{"selector": map[string]any{}, "measures": []string{"value"}, "adhocFilters": map[string][]string{"region": {"us"}}}))
	r := resp.Responses["A"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	if got := regionsOf(r.Frames, "checkout_success"); !reflect.DeepEqual(got, []string{"us"}) {
		t.Errorf("checkout_success regions %v, want [us]", got)
	}
	if got := regionsOf(r.Frames, "orders"); !reflect.DeepEqual(got, []string{"us"}) {
		t.Errorf("orders regions %v, want [us]", got)
	}
	if got := regionsOf(r.Frames, "api_fast"); !reflect.DeepEqual(got, []string{""}) {
		t.Errorf("api_fast (no dimensions) should be answered unfiltered: %v", got)
	}
	v, _ := measure(t, r.Frames, "value", data.Labels{"kpi": "checkout_success", "region": "us"})
	closeTo(t, "checkout_success us", v, successRatio("us", from, to))

	// The same restriction as an ordinary filter fails the KPI without the dimension.
	resp = run(t, ds, query("B", from, to, time.Hour, map[string]any{"selector": map[string]any{}, "measures": []string{"value"}, "filters": map[string][]string{"region": {"us"}}}))
	if err := resp.Responses["B"].Error; err == nil || !strings.Contains(err.Error(), `KPI "api_fast" has no dimension "region"`) {
		t.Errorf("filters: want api_fast's error, got %v", err)
	}

	// An ad hoc filter that leaves a KPI no value gives it no data, and no error.
	resp = run(t, ds, query("C", from, to, time.Hour, map[string]any{"kpis": []string{"checkout_success", "api_fast"}, "measures": []string{"value"},
		"filters": map[string][]string{}, "adhocFilters": map[string][]string{"region": {"mars"}}}))
	r = resp.Responses["C"]
	if r.Error != nil || len(regionsOf(r.Frames, "checkout_success")) != 0 || len(regionsOf(r.Frames, "api_fast")) != 1 {
		t.Errorf("region mars: %v, frames %v / %v", r.Error, regionsOf(r.Frames, "checkout_success"), regionsOf(r.Frames, "api_fast"))
	}
}
