package catalog

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// sloCatalog has one SLO in the short form (kpis[0]), two in the long form
// (kpis[1]) and a value KPI without SLOs (kpis[2]). Every invalid case below is
// this catalog with one edit.
const sloCatalog = `apiVersion: northstar.kpi/v1
kpis:
  - id: checkout
    name: Checkout
    owner: team-payments
    direction: higher
    version: "1"
    source: prom
    timezone: Europe/Berlin
    query:
      ratio:
        bad: errors_total
        total: requests_total
    slo:
      objective: 0.999
      window:
        rolling: 28d
      exclusions:
        - from: "2026-11-01 02:00"
          to: "2026-11-01 04:00"
          reason: database upgrade
  - id: api_fast
    name: API fast
    owner: team-api
    direction: higher
    version: "1"
    source: prom
    query:
      latency:
        histogram: h_bucket
        threshold: 0.25
    slos:
      - objective: 0.99
        window:
          rolling: 28d
        budgeting:
          method: timeslices
          slice: 5m
          sliceTarget: 0.95
      - name: monthly
        objective: 0.995
        window:
          calendar: month
        budgeting:
          method: ratioTimeslices
          slice: 1m
        alerting:
          minEvents: 100
          minFailures: 5
          pairs:
            - severity: critical
              long: 1h
              short: 5m
              factor: 14.4
  - id: orders
    name: Orders
    owner: team-orders
    direction: higher
    version: "1"
    source: prom
    query:
      expr: sum(rate(orders_total[$__window]))
`

func TestSLOProblems(t *testing.T) {
	cases := []struct {
		name     string
		from, to string
		// at is text of the edited catalog whose first line the problem must name;
		// empty means the line where the edit is.
		at       string
		wantPath string
		wantMsg  string
	}{
		{"slo and slos", "    slo:\n      objective: 0.999", "    slos:\n      - {objective: 0.99, window: {rolling: 7d}}\n    slo:\n      objective: 0.999",
			"    slo:\n", "kpis[0].slo", "use slo for one objective or slos for several, not both"},
		{"slo on a value KPI", "      expr: sum(rate(orders_total[$__window]))", "      expr: sum(rate(orders_total[$__window]))\n    slo: {objective: 0.99, window: {rolling: 7d}}",
			"    slo: {objective: 0.99", "kpis[2].slo", "an SLO needs a ratio or latency query"},
		{"slos on a value KPI", "      expr: sum(rate(orders_total[$__window]))", "      expr: sum(rate(orders_total[$__window]))\n    slos:\n      - {objective: 0.99, window: {rolling: 7d}}",
			"    slos:\n      - {objective: 0.99, window: {rolling: 7d}}\n", "kpis[2].slos", "an SLO needs a ratio or latency query"},
		{"unknown field", "      objective: 0.999", "      objectve: 0.999", "", "kpis[0].slo.objectve", `unknown field "objectve"`},
		{"objective as a percentage", "objective: 0.999", "objective: 99.9", "", "kpis[0].slo.objective",
			"objective 99.9 must be a fraction between 0 and 1 (99.9% is 0.999)"},
		{"objective missing", "      objective: 0.999\n", "", "    slo:\n", "kpis[0].slo.objective", "is required: a fraction between 0 and 1"},
		{"objective 1", "objective: 0.999", "objective: 1", "", "kpis[0].slo.objective", "objective 1 leaves no error budget"},
		{"objective above 100", "objective: 0.999", "objective: 250", "", "kpis[0].slo.objective", "objective 250 must be a fraction between 0 and 1"},
		{"negative objective", "objective: 0.999", "objective: -0.5", "", "kpis[0].slo.objective", "objective -0.5 must be a fraction between 0 and 1"},
		{"rolling and calendar", "        rolling: 28d\n", "        rolling: 28d\n        calendar: month\n", "      window:\n", "kpis[0].slo.window",
			"needs exactly one of rolling (e.g. 28d) or calendar"},
		{"no window", "      window:\n        rolling: 28d\n", "      window: {}\n", "", "kpis[0].slo.window", "needs exactly one of rolling"},
		{"rolling too short", "rolling: 28d", "rolling: 30m", "", "kpis[0].slo.window.rolling", "must be between 1h and 400d (got 30m)"},
		{"rolling too long", "rolling: 28d", "rolling: 401d", "", "kpis[0].slo.window.rolling", "must be between 1h and 400d (got 401d)"},
		{"calendar year", "calendar: month", "calendar: year", "", "kpis[1].slos[1].window.calendar", `must be week, month or quarter (got "year")`},
		{"bad name", "name: monthly", "name: per month", "", "kpis[1].slos[1].name", `must be letters, digits, '.', '_' or '-' (got "per month")`},
		{"duplicate name", "name: monthly", "name: 99-28d", "", "kpis[1].slos[1].name", `duplicate SLO name "99-28d" (also kpis[1].slos[0])`},
		{"duplicate default name", "      - name: monthly\n        objective: 0.995\n        window:\n          calendar: month\n",
			"      - objective: 0.99\n        window:\n          rolling: 28d\n", "", "kpis[1].slos[1].name", `duplicate SLO name "99-28d" (also kpis[1].slos[0])`},
		{"unknown method", "method: ratioTimeslices", "method: sliced", "", "kpis[1].slos[1].budgeting.method",
			`must be occurrences, timeslices or ratioTimeslices (got "sliced")`},
		{"timeslices without slice", "          slice: 5m\n", "", "        budgeting:\n          method: timeslices", "kpis[1].slos[0].budgeting.slice",
			"is required for timeslices budgeting: the length of one time slice"},
		{"ratioTimeslices without slice", "          slice: 1m\n", "", "        budgeting:\n          method: ratioTimeslices", "kpis[1].slos[1].budgeting.slice",
			"is required for ratioTimeslices budgeting"},
		{"sliceTarget missing", "          sliceTarget: 0.95\n", "", "        budgeting:\n          method: timeslices", "kpis[1].slos[0].budgeting.sliceTarget",
			"is required for timeslices budgeting: the share of good events that makes a slice good"},
		{"sliceTarget as a percentage", "sliceTarget: 0.95", "sliceTarget: 95", "", "kpis[1].slos[0].budgeting.sliceTarget",
			"sliceTarget 95 must be a fraction greater than 0 and at most 1 (95% is 0.95)"},
		{"negative sliceTarget", "sliceTarget: 0.95", "sliceTarget: -1", "", "kpis[1].slos[0].budgeting.sliceTarget",
			"sliceTarget -1 must be a fraction greater than 0 and at most 1"},
		{"sliceTarget on occurrences", "        rolling: 28d\n", "        rolling: 28d\n      budgeting: {sliceTarget: 0.9}\n", "      budgeting:",
			"kpis[0].slo.budgeting.sliceTarget", "applies only to timeslices budgeting"},
		{"slice on occurrences", "        rolling: 28d\n", "        rolling: 28d\n      budgeting: {method: occurrences, slice: 5m}\n", "      budgeting:",
			"kpis[0].slo.budgeting.slice", "applies only to timeslices and ratioTimeslices budgeting"},
		{"sliceTarget on ratioTimeslices", "          slice: 1m\n", "          slice: 1m\n          sliceTarget: 0.9\n", "          sliceTarget: 0.9\n",
			"kpis[1].slos[1].budgeting.sliceTarget", "applies only to timeslices budgeting (ratioTimeslices averages"},
		{"slice does not divide the window", "slice: 5m", "slice: 11m", "", "kpis[1].slos[0].budgeting.slice",
			"the rolling window 28d must be a whole multiple of the slice 11m"},
		{"slice as long as the window", "slice: 5m", "slice: 28d", "", "kpis[1].slos[0].budgeting.slice",
			"slice 28d must be shorter than the SLO window 28d"},
		{"default pairs and a long slice", "slice: 5m", "slice: 10m", "      - objective: 0.99", "kpis[1].slos[0].alerting.pairs",
			"the default pairs use windows of 1h and 5m, not whole multiples of the slice 10m: write alerting.pairs"},
		{"pair without severity", "severity: critical", `severity: ""`, "", "kpis[1].slos[1].alerting.pairs[0].severity",
			"is required (e.g. critical for a page, warning for a ticket)"},
		{"pair without short", "              short: 5m\n", "", "            - severity: critical", "kpis[1].slos[1].alerting.pairs[0].short", "is required (e.g. 5m)"},
		{"pair without long", "              long: 1h\n", "", "            - severity: critical", "kpis[1].slos[1].alerting.pairs[0].long", "is required (e.g. 1h)"},
		{"long not longer than short", "long: 1h", "long: 4m", "", "kpis[1].slos[1].alerting.pairs[0].long",
			"long window 4m must be longer than the short window 5m"},
		{"long as long as the SLO window", "long: 1h", "long: 30d", "", "kpis[1].slos[1].alerting.pairs[0].long",
			"long window 30d must be shorter than the SLO window calendar-month"},
		{"factor zero", "factor: 14.4", "factor: 0", "", "kpis[1].slos[1].alerting.pairs[0].factor", "must be greater than 0"},
		{"pair window not a multiple of the slice", "short: 5m", "short: 90s", "", "kpis[1].slos[1].alerting.pairs[0].short",
			"short window 1m30s must be a whole multiple of the slice 1m"},
		{"negative minEvents", "minEvents: 100", "minEvents: -1", "", "kpis[1].slos[1].alerting.minEvents", "must not be negative"},
		{"negative minFailures", "minFailures: 5", "minFailures: -5", "", "kpis[1].slos[1].alerting.minFailures", "must not be negative"},
		{"bad exclusion time", `from: "2026-11-01 02:00"`, `from: "next sunday"`, "", "kpis[0].slo.exclusions[0].from",
			`invalid time "next sunday" (use an RFC 3339 time, or "2026-11-01 02:00" or "2026-11-01" in the KPI's time zone)`},
		{"exclusion ends before it starts", `to: "2026-11-01 04:00"`, `to: "2026-11-01 01:00"`, "", "kpis[0].slo.exclusions[0].to",
			`must be after from (2026-11-01 02:00)`},
		{"exclusion without from", "        - from: \"2026-11-01 02:00\"\n          to:", "        - to:", "", "kpis[0].slo.exclusions[0].from", "is required"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(sloCatalog, tc.from) {
				t.Fatalf("test setup: %q not in the catalog", tc.from)
			}
			doc := strings.Replace(sloCatalog, tc.from, tc.to, 1)
			at := strings.Index(sloCatalog, tc.from)
			if tc.at != "" {
				at = strings.Index(doc, tc.at)
			}
			if at < 0 {
				t.Fatalf("test setup: %q not in the edited catalog", tc.at)
			}
			wantLine := lineAt(doc, at)
			_, problems := Parse([]byte(doc))
			for _, p := range problems {
				if p.Path == tc.wantPath && p.Line == wantLine && strings.Contains(p.Message, tc.wantMsg) {
					return
				}
			}
			t.Fatalf("want a problem at %s line %d containing %q, got %v", tc.wantPath, wantLine, tc.wantMsg, problems)
		})
	}
}

func TestSLOCatalogIsValid(t *testing.T) {
	cat, problems := Parse([]byte(sloCatalog))
	if len(problems) > 0 {
		t.Fatalf("unexpected problems: %v", problems)
	}
	checkout, _ := cat.Find("checkout")
	if checkout.SLO != nil || len(checkout.SLOs) != 1 {
		t.Fatalf("the short form must move into SLOs: slo %v, slos %d", checkout.SLO, len(checkout.SLOs))
	}
	api, _ := cat.Find("api_fast")
	if len(api.SLOs) != 2 {
		t.Fatalf("want 2 SLOs, got %d", len(api.SLOs))
	}
	orders, _ := cat.Find("orders")
	if orders.SLO != nil || len(orders.SLOs) != 0 {
		t.Errorf("a KPI without SLOs got %v %v", orders.SLO, orders.SLOs)
	}
}

// sloKPI is a one-KPI catalog whose slo is the given flow mapping.
func sloKPI(timezone, slo string) string {
	return fmt.Sprintf(`apiVersion: northstar.kpi/v1
kpis:
  - id: k
    name: K
    owner: o
    direction: higher
    version: "1"
    source: prom
    timezone: %s
    query: {ratio: {bad: errors_total, total: requests_total}}
    slo: %s
`, timezone, slo)
}

func parseSLO(t *testing.T, timezone, slo string) SLO {
	t.Helper()
	cat, problems := Parse([]byte(sloKPI(timezone, slo)))
	if len(problems) > 0 {
		t.Fatalf("unexpected problems: %v", problems)
	}
	if len(cat.KPIs[0].SLOs) != 1 {
		t.Fatalf("want 1 SLO, got %d", len(cat.KPIs[0].SLOs))
	}
	return cat.KPIs[0].SLOs[0]
}

func TestSLODefaultName(t *testing.T) {
	cases := []struct{ slo, want string }{
		{"{objective: 0.999, window: {rolling: 28d}}", "99.9-28d"},
		{"{objective: 0.999, window: {rolling: 4w}}", "99.9-28d"},
		{"{objective: 0.995, window: {calendar: month}}", "99.5-calendar-month"},
		{"{objective: 0.9995, window: {rolling: 30d}}", "99.95-30d"},
		{"{objective: 0.99, window: {rolling: 7d}}", "99-7d"},
		{"{objective: 0.95, window: {rolling: 90m}}", "95-1h30m"},
		{"{objective: 0.999, window: {calendar: week}}", "99.9-calendar-week"},
		{"{objective: 0.9, window: {calendar: quarter}}", "90-calendar-quarter"},
		{"{name: fast, objective: 0.9, window: {calendar: quarter}}", "fast"},
	}
	for _, tc := range cases {
		t.Run(tc.want, func(t *testing.T) {
			if got := parseSLO(t, "UTC", tc.slo).Name; got != tc.want {
				t.Errorf("want name %q, got %q", tc.want, got)
			}
		})
	}
}

func TestSLODefaultBudgeting(t *testing.T) {
	s := parseSLO(t, "UTC", "{objective: 0.99, window: {rolling: 28d}}")
	if s.Budgeting.Method != Occurrences || s.Budgeting.Slice != 0 || s.Budgeting.SliceTarget != 0 {
		t.Errorf("want occurrences without a slice, got %+v", s.Budgeting)
	}
}

func TestSLODefaultPairs(t *testing.T) {
	day := 24 * time.Hour
	// The factor that burns a share p of the budget within the long window L of an
	// SLO window P is p*P/L (SRE Workbook): 2 %, 5 %, 10 %, 10 % in 1h, 6h, 1d, 3d.
	cases := []struct {
		window string
		want   []BurnPair
	}{
		{"30d", []BurnPair{
			{"critical", Duration(time.Hour), Duration(5 * time.Minute), 14.4},
			{"critical", Duration(6 * time.Hour), Duration(30 * time.Minute), 6},
			{"warning", Duration(day), Duration(2 * time.Hour), 3},
			{"warning", Duration(3 * day), Duration(6 * time.Hour), 1},
		}},
		{"28d", []BurnPair{
			{"critical", Duration(time.Hour), Duration(5 * time.Minute), 13.44},
			{"critical", Duration(6 * time.Hour), Duration(30 * time.Minute), 5.6},
			{"warning", Duration(day), Duration(2 * time.Hour), 2.8},
			{"warning", Duration(3 * day), Duration(6 * time.Hour), 0.9333},
		}},
		// A long window must be shorter than the SLO window: a 2d SLO keeps three
		// pairs and a 1h SLO none.
		{"2d", []BurnPair{
			{"critical", Duration(time.Hour), Duration(5 * time.Minute), 0.96},
			{"critical", Duration(6 * time.Hour), Duration(30 * time.Minute), 0.4},
			{"warning", Duration(day), Duration(2 * time.Hour), 0.2},
		}},
		{"1h", []BurnPair{}},
	}
	for _, tc := range cases {
		t.Run(tc.window, func(t *testing.T) {
			s := parseSLO(t, "UTC", "{objective: 0.999, window: {rolling: "+tc.window+"}}")
			if !reflect.DeepEqual(s.Alerting.Pairs, tc.want) {
				t.Errorf("want pairs %v, got %v", tc.want, s.Alerting.Pairs)
			}
		})
	}
}

func TestSLOPairsAsWritten(t *testing.T) {
	s := parseSLO(t, "UTC", "{objective: 0.99, window: {rolling: 7d}, alerting: {minEvents: 50, pairs: [{severity: page, long: 2h, short: 10m, factor: 10}]}}")
	want := []BurnPair{{"page", Duration(2 * time.Hour), Duration(10 * time.Minute), 10}}
	if !reflect.DeepEqual(s.Alerting.Pairs, want) || s.Alerting.MinEvents != 50 {
		t.Errorf("want pairs %v and minEvents 50, got %+v", want, s.Alerting)
	}
}

func TestSLOExclusionTimes(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, timezone, from, to string
		wantFrom, wantTo         time.Time
	}{
		// 1 November 2026 is after the switch to CET (UTC+1).
		{"local date-time", "Europe/Berlin", "2026-11-01 02:00", "2026-11-01 04:30",
			time.Date(2026, 11, 1, 1, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 3, 30, 0, 0, time.UTC)},
		{"local dates", "Europe/Berlin", "2026-07-01", "2026-07-02",
			time.Date(2026, 6, 30, 22, 0, 0, 0, time.UTC), time.Date(2026, 7, 2, 0, 0, 0, 0, berlin)},
		{"RFC 3339", "Europe/Berlin", "2026-11-01T02:00:00Z", "2026-11-01T04:00:00+01:00",
			time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 3, 0, 0, 0, time.UTC)},
		{"UTC by default", "UTC", "2026-11-01 02:00", "2026-11-01 03:00",
			time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 3, 0, 0, 0, time.UTC)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			slo := fmt.Sprintf("{objective: 0.99, window: {rolling: 7d}, exclusions: [{from: %q, to: %q}]}", tc.from, tc.to)
			from, to := parseSLO(t, tc.timezone, slo).Exclusions[0].Span()
			if !from.Equal(tc.wantFrom) || !to.Equal(tc.wantTo) {
				t.Errorf("want span %v – %v, got %v – %v", tc.wantFrom, tc.wantTo, from, to)
			}
		})
	}
}

func TestExampleCatalogSLOs(t *testing.T) {
	cat, problems := Parse(mustRead(t, "../../provisioning/catalog/catalog.yaml"))
	if len(problems) > 0 {
		t.Fatalf("unexpected problems: %v", problems)
	}
	cases := []struct {
		kpi   string
		names []string
	}{
		{"checkout_success_rate", []string{"99.5-28d"}},
		{"api_fast_requests", []string{"75-28d", "80-calendar-month"}},
		{"payments_availability", []string{"99.9-28d", "monthly"}},
		{"orders", nil},
	}
	for _, tc := range cases {
		t.Run(tc.kpi, func(t *testing.T) {
			k, ok := cat.Find(tc.kpi)
			if !ok {
				t.Fatalf("no KPI %s", tc.kpi)
			}
			var names []string
			for _, s := range k.SLOs {
				names = append(names, s.Name)
			}
			if !reflect.DeepEqual(names, tc.names) {
				t.Errorf("want SLOs %v, got %v", tc.names, names)
			}
		})
	}
}
