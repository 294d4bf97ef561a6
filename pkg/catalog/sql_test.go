package catalog

import (
	"fmt"
	"strings"
	"testing"
)

// sqlCatalog has a structured measure (kpis[0]), a structured ratio with an
// SLO (kpis[1]) and raw SQL (kpis[2]). Every invalid case below is this
// catalog with one edit.
const sqlCatalog = `apiVersion: northstar.kpi/v1
kpis:
  - id: orders
    name: Orders
    owner: shop
    version: "1"
    direction: higher
    source: shopdb
    query:
      sql:
        table: orders
        timeColumn: created_at
        where:
          - {column: status, op: "=", value: paid}
        measure:
          agg: sum
          column: amount
  - id: checkout
    name: Checkout
    owner: shop
    version: "1"
    direction: higher
    source: shopdb
    dimensions: [region]
    query:
      sql:
        table: analytics.requests
        timeColumn: ts
        timeType: timestamptz
        ratio:
          good:
            agg: count
            where:
              - {column: outcome, op: in, values: [ok, cached]}
          total:
            agg: count
    slo:
      objective: 0.99
      window:
        rolling: 28d
  - id: revenue_raw
    name: Revenue
    owner: shop
    version: "1"
    direction: higher
    source: shopdb
    aggregation: sum
    query:
      sql:
        raw: "SELECT $__timeGroup(created_at, $__interval) AS time, SUM(amount) AS value FROM orders WHERE $__timeFilter(created_at) GROUP BY 1"
`

func TestSQLCatalogIsValid(t *testing.T) {
	cat, problems := Parse([]byte(sqlCatalog))
	if problems != nil {
		t.Fatalf("unexpected problems: %v", problems)
	}
	orders, checkout, raw := cat.KPIs[0], cat.KPIs[1], cat.KPIs[2]
	if orders.Query.SQL.TimeType != TimeTimestamp {
		t.Errorf("timeType default: %q", orders.Query.SQL.TimeType)
	}
	if orders.Query.Language() != "sql" || orders.Query.Kind() != KindValue || checkout.Query.Kind() != KindRatio {
		t.Errorf("language %s, kinds %s %s", orders.Query.Language(), orders.Query.Kind(), checkout.Query.Kind())
	}
	if !orders.Query.SQL.Structured() || raw.Query.SQL.Structured() {
		t.Errorf("structured: %v %v", orders.Query.SQL.Structured(), raw.Query.SQL.Structured())
	}
	if len(checkout.SLOs) != 1 {
		t.Errorf("the SQL ratio's SLO: %v", checkout.SLOs)
	}
}

// TestSQLProblems: each problem of a SQL query is reported at its path and on
// the line where it is (or where its nearest existing parent is).
func TestSQLProblems(t *testing.T) {
	valid := sqlCatalog
	cases := []struct {
		name     string
		from, to string
		wantPath string
		wantMsg  string
		// at is the text the problem's line holds: its last occurrence
		// before the end of the edit (the edit's first line if empty).
		at string
	}{
		// Table and columns.
		{"missing table", "        table: orders\n", "", "kpis[0].query.sql.table", "is required", "sql:"},
		{"missing timeColumn", "        timeColumn: created_at\n", "", "kpis[0].query.sql.timeColumn", "is required", "sql:"},
		{"table with a statement", "table: orders\n", "table: \"orders; drop\"\n", "kpis[0].query.sql.table", "is not a table name", ""},
		{"table in three parts", "table: orders\n", "table: a.b.c\n", "kpis[0].query.sql.table", "is not a table name", ""},
		{"table with an empty part", "table: analytics.requests", "table: analytics.", "kpis[1].query.sql.table", "is not a table name", ""},
		{"quoted table", "table: orders\n", "table: '\"orders\"'\n", "kpis[0].query.sql.table", "is not a table name", ""},
		{"timeColumn with a space", "timeColumn: created_at", "timeColumn: created at", "kpis[0].query.sql.timeColumn", "is not a column name", ""},
		{"timeColumn schema-qualified", "timeColumn: created_at", "timeColumn: orders.created_at", "kpis[0].query.sql.timeColumn", "is not a column name", ""},
		{"column too long", "column: amount", "column: a" + strings.Repeat("b", 63), "kpis[0].query.sql.measure.column", "is not a column name", ""},
		{"condition column", "{column: status, op: \"=\", value: paid}", "{column: \"status)\", op: \"=\", value: paid}", "kpis[0].query.sql.where[0].column", "is not a column name", ""},
		{"condition without column", "{column: status, op: \"=\", value: paid}", "{op: \"=\", value: paid}", "kpis[0].query.sql.where[0].column", "is required", ""},
		{"unknown timeType", "timeType: timestamptz", "timeType: local", "kpis[1].query.sql.timeType", "must be one of", ""},
		{"unknown field", "        table: orders\n", "        tabel: orders\n", "kpis[0].query.sql.tabel", "unknown field", ""},

		// Measures.
		{"unknown agg", "agg: sum", "agg: median", "kpis[0].query.sql.measure.agg", "must be one of", ""},
		{"missing agg", "          agg: sum\n", "", "kpis[0].query.sql.measure.agg", "must be one of", "measure:"},
		{"count with a column", "agg: sum\n          column: amount", "agg: count\n          column: amount", "kpis[0].query.sql.measure.column", "count counts rows", "column: amount"},
		{"sum without column", "          column: amount\n", "", "kpis[0].query.sql.measure.column", "is required", "measure:"},
		{"count_distinct without column", "agg: sum\n          column: amount\n", "agg: count_distinct\n", "kpis[0].query.sql.measure.column", "is required", "measure:"},
		{"measure and ratio", "        measure:\n", "        ratio: {bad: {agg: count}, total: {agg: count}}\n        measure:\n", "kpis[0].query.sql", "needs exactly one of measure, ratio or raw", "sql:"},
		{"neither measure nor ratio", "        measure:\n          agg: sum\n          column: amount\n", "", "kpis[0].query.sql", "needs exactly one of measure, ratio or raw", "sql:"},
		{"sql and expr", "    query:\n      sql:\n        table: orders\n", "    query:\n      expr: up\n      sql:\n        table: orders\n", "kpis[0].query", "needs exactly one of expr, ratio, latency (Prometheus) or sql", "query:"},

		// Ratios.
		{"ratio with good and bad", "          total:\n            agg: count\n", "          bad: {agg: count}\n          total:\n            agg: count\n", "kpis[1].query.sql.ratio", "needs exactly one of good or bad", "ratio:"},
		{"ratio with neither good nor bad", "          good:\n            agg: count\n            where:\n              - {column: outcome, op: in, values: [ok, cached]}\n", "", "kpis[1].query.sql.ratio", "needs exactly one of good or bad", "ratio:"},
		{"ratio without total", "          total:\n            agg: count\n", "", "kpis[1].query.sql.ratio.total", "is required", "ratio:"},
		{"ratio part with avg", "          good:\n            agg: count\n", "          good:\n            agg: avg\n            column: latency_ms\n", "kpis[1].query.sql.ratio.good.agg", "a ratio divides counts or sums", "agg: avg"},
		{"ratio total with max", "          total:\n            agg: count\n", "          total:\n            agg: max\n            column: items\n", "kpis[1].query.sql.ratio.total.agg", "a ratio divides counts or sums", "agg: max"},
		{"ratio part with min", "          good:\n            agg: count\n", "          good:\n            agg: min\n            column: latency_ms\n", "kpis[1].query.sql.ratio.good.agg", "a ratio divides counts or sums", "agg: min"},
		{"ratio part with a bad column", "          good:\n            agg: count\n", "          good:\n            agg: sum\n            column: \"items; --\"\n", "kpis[1].query.sql.ratio.good.column", "is not a column name", "column: \"items"},

		// Conditions.
		{"unknown op", `op: "=", value: paid`, `op: like, value: paid`, "kpis[0].query.sql.where[0].op", "must be one of", ""},
		{"op ==", `op: "=", value: paid`, `op: "==", value: paid`, "kpis[0].query.sql.where[0].op", "must be one of", ""},
		{"in without values", "values: [ok, cached]", "values: []", "kpis[1].query.sql.ratio.good.where[0].values", "needs a non-empty list of values", ""},
		{"in with a value", "op: in, values: [ok, cached]", "op: in, value: ok", "kpis[1].query.sql.ratio.good.where[0].values", "needs a non-empty list of values", ""},
		{"not in without values", "op: in, values: [ok, cached]", "op: not in", "kpis[1].query.sql.ratio.good.where[0].values", "needs a non-empty list of values", ""},
		{"= without value", `{column: status, op: "=", value: paid}`, `{column: status, op: "="}`, "kpis[0].query.sql.where[0].value", "needs exactly one value", ""},
		{"= with a null value", `{column: status, op: "=", value: paid}`, `{column: status, op: "=", value: null}`, "kpis[0].query.sql.where[0].value", "needs exactly one value", ""},
		{"< with values", `{column: status, op: "=", value: paid}`, `{column: amount, op: "<", values: [1, 2]}`, "kpis[0].query.sql.where[0].value", "needs exactly one value", ""},
		{"is null with a value", `{column: status, op: "=", value: paid}`, `{column: status, op: is null, value: paid}`, "kpis[0].query.sql.where[0]", "is null takes no value", ""},
		{"is not null with values", `{column: status, op: "=", value: paid}`, `{column: status, op: is not null, values: [paid]}`, "kpis[0].query.sql.where[0]", "is not null takes no value", ""},
		{"value that is a map", `value: paid`, `value: {a: 1}`, "kpis[0].query.sql.where[0].value", "must be a string, a number or a boolean", ""},
		{"value that is a list", `value: paid`, `value: [paid]`, "kpis[0].query.sql.where[0].value", "must be a string, a number or a boolean", ""},
		{"values holding a list", "values: [ok, cached]", "values: [ok, [cached]]", "kpis[1].query.sql.ratio.good.where[0].values[1]", "must be a string, a number or a boolean", ""},
		{"measure condition", "          column: amount\n", "          column: amount\n          where: [{column: refunded, op: is, value: true}]\n", "kpis[0].query.sql.measure.where[0].op", "must be one of", "where: [{column: refunded"},

		// Raw SQL.
		{"raw not a SELECT", `raw: "SELECT $__timeGroup`, `raw: "DELETE FROM orders WHERE $__timeFilter(created_at); SELECT $__timeGroup`, "kpis[2].query.sql.raw", "must be one SELECT", ""},
		{"raw UPDATE after a comment", `raw: "SELECT $__timeGroup`, `raw: "-- revenue\nUPDATE orders SET amount = 0 WHERE $__timeFilter(created_at); SELECT $__timeGroup`, "kpis[2].query.sql.raw", "must be one SELECT", ""},
		{"raw DROP after a block comment", `raw: "SELECT $__timeGroup`, `raw: "/* SELECT */ DROP TABLE orders; SELECT $__timeGroup`, "kpis[2].query.sql.raw", "must be one SELECT", ""},
		{"raw only a comment", `raw: "SELECT $__timeGroup(created_at, $__interval) AS time, SUM(amount) AS value FROM orders WHERE $__timeFilter(created_at) GROUP BY 1"`, `raw: "-- SELECT $__timeFilter(x)"`, "kpis[2].query.sql.raw", "must be one SELECT", ""},
		{"raw unknown macro", "GROUP BY 1\"", "AND $__timeShift(1h) GROUP BY 1\"", "kpis[2].query.sql.raw", "unknown macro $__timeShift", "raw:"},
		{"raw $__table", "FROM orders WHERE", "FROM $__table WHERE", "kpis[2].query.sql.raw", "unknown macro $__table", "raw:"},
		// $__interval_ms is not one of the raw macros, but the SDK's default
		// macros expand it (to 0: the query has no interval).
		{"raw $__interval_ms", "SUM(amount) AS value", "SUM(amount) / $__interval_ms AS value", "kpis[2].query.sql.raw", "unknown macro $__interval_ms", "raw:"},
		{"raw without time filter", "WHERE $__timeFilter(created_at) GROUP BY 1", "GROUP BY 1", "kpis[2].query.sql.raw", "must restrict time", "raw:"},
		{"raw mixed with table", "      sql:\n        raw:", "      sql:\n        table: orders\n        raw:", "kpis[2].query.sql", "raw SQL stands alone", "sql:"},
		{"raw mixed with where", "      sql:\n        raw:", "      sql:\n        where: [{column: status, op: \"=\", value: paid}]\n        raw:", "kpis[2].query.sql", "raw SQL stands alone", "sql:"},
		{"raw mixed with measure", "      sql:\n        raw:", "      sql:\n        measure: {agg: count}\n        raw:", "kpis[2].query.sql", "raw SQL stands alone", "sql:"},

		// Aggregations.
		{"measure with last", "    name: Orders\n", "    name: Orders\n    aggregation: last\n", "kpis[0].aggregation", `leave aggregation out or set "window"`, "aggregation: last"},
		{"measure with ratio", "    name: Orders\n", "    name: Orders\n    aggregation: ratio\n", "kpis[0].aggregation", `leave aggregation out or set "window"`, "aggregation: ratio"},
		{"measure with an unknown one", "    name: Orders\n", "    name: Orders\n    aggregation: p99\n", "kpis[0].aggregation", `leave aggregation out or set "window"`, "aggregation: p99"},
		{"ratio with window", "    name: Checkout\n", "    name: Checkout\n    aggregation: window\n", "kpis[1].aggregation", `leave aggregation out or set "ratio"`, "aggregation: window"},
		{"ratio with avg", "    name: Checkout\n", "    name: Checkout\n    aggregation: avg\n", "kpis[1].aggregation", `leave aggregation out or set "ratio"`, "aggregation: avg"},
		{"raw with window", "aggregation: sum", "aggregation: window", "kpis[2].aggregation", "raw SQL gives a series", ""},
		{"raw with ratio", "aggregation: sum", "aggregation: ratio", "kpis[2].aggregation", "raw SQL gives a series", ""},

		// SLOs.
		{"SLO on a SQL measure", "          column: amount\n", "          column: amount\n    slo:\n      objective: 0.99\n      window:\n        rolling: 28d\n", "kpis[0].slo", "an SLO needs a ratio or latency query", "slo:"},
		{"SLO on raw SQL", "    aggregation: sum\n", "    aggregation: sum\n    slo: {objective: 0.99, window: {rolling: 28d}}\n", "kpis[2].slo", "an SLO needs a ratio or latency query", "slo:"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			at := strings.Index(valid, tc.from)
			if at < 0 {
				t.Fatalf("test setup: %q not in the SQL catalog", tc.from)
			}
			doc := valid[:at] + tc.to + valid[at+len(tc.from):]
			wantLine := lineAt(doc, at)
			if tc.at != "" {
				i := strings.LastIndex(doc[:at+len(tc.to)], tc.at)
				if i < 0 {
					t.Fatalf("test setup: %q not before the end of the edit", tc.at)
				}
				wantLine = lineAt(doc, i)
			}
			_, problems := Parse([]byte(doc))
			for _, p := range problems {
				if p.Path == tc.wantPath && p.Line == wantLine && strings.Contains(p.Message, tc.wantMsg) {
					return
				}
			}
			t.Fatalf("want a problem at %s line %d containing %q, got %v\n%s", tc.wantPath, wantLine, tc.wantMsg, problems, numbered(doc))
		})
	}
}

// numbered is doc with line numbers, for failure messages.
func numbered(doc string) string {
	var b strings.Builder
	for i, l := range strings.Split(doc, "\n") {
		fmt.Fprintf(&b, "%3d  %s\n", i+1, l)
	}
	return b.String()
}

// TestSQLAccepted: valid variations, and what validation fills in.
func TestSQLAccepted(t *testing.T) {
	cases := []struct {
		name     string
		from, to string
		check    func(t *testing.T, cat *Catalog)
	}{
		{"structured measure defaults to window", "", "", func(t *testing.T, cat *Catalog) {
			if got := cat.KPIs[0].Aggregation; got != AggWindow {
				t.Errorf("measure aggregation %q", got)
			}
		}},
		{"structured measure with window", "    name: Orders\n", "    name: Orders\n    aggregation: window\n", func(t *testing.T, cat *Catalog) {
			if got := cat.KPIs[0].Aggregation; got != AggWindow {
				t.Errorf("measure aggregation %q", got)
			}
		}},
		{"ratio defaults to ratio", "", "", func(t *testing.T, cat *Catalog) {
			if got := cat.KPIs[1].Aggregation; got != AggRatio {
				t.Errorf("ratio aggregation %q", got)
			}
		}},
		{"raw defaults to last", "    aggregation: sum\n", "", func(t *testing.T, cat *Catalog) {
			if got := cat.KPIs[2].Aggregation; got != AggLast {
				t.Errorf("raw aggregation %q", got)
			}
		}},
		{"raw with avg", "aggregation: sum", "aggregation: avg", nil},
		{"raw with increase", "aggregation: sum", "aggregation: increase", nil},
		{"raw WITH … SELECT", `raw: "SELECT $__timeGroup(created_at, $__interval) AS time, SUM(amount) AS value FROM orders WHERE $__timeFilter(created_at) GROUP BY 1"`,
			`raw: "WITH o AS (SELECT * FROM orders WHERE $__timeFilter(created_at)) SELECT created_at AS time, amount AS value FROM o"`, nil},
		{"raw after comments", `raw: "SELECT`, `raw: "-- revenue\n/* per step */\n  select`, nil},
		{"raw with unix epoch macros", `raw: "SELECT $__timeGroup(created_at, $__interval) AS time, SUM(amount) AS value FROM orders WHERE $__timeFilter(created_at) GROUP BY 1"`,
			`raw: "SELECT $__unixEpochGroup(ts, 1h) AS time, COUNT(*) AS value FROM events WHERE $__unixEpochFilter(ts) AND ts >= $__unixEpochFrom() AND ts < $__unixEpochTo() GROUP BY 1"`, nil},
		{"SQL ratio with SLO", "", "", func(t *testing.T, cat *Catalog) {
			if len(cat.KPIs[1].SLOs) != 1 || cat.KPIs[1].SLOs[0].Objective != 0.99 {
				t.Errorf("SLOs %v", cat.KPIs[1].SLOs)
			}
		}},
		{"SQL bad ratio with SLOs", "          good:\n            agg: count\n            where:\n              - {column: outcome, op: in, values: [ok, cached]}\n",
			"          bad:\n            agg: sum\n            column: failed\n", nil},
		{"ops are normalized", `{column: status, op: "=", value: paid}`, `{column: status, op: "NOT   IN", values: [failed, 2, 1.5, true]}`, func(t *testing.T, cat *Catalog) {
			if got := cat.KPIs[0].Query.SQL.Where[0].Op; got != "not in" {
				t.Errorf("op %q", got)
			}
		}},
		{"every op", `          - {column: status, op: "=", value: paid}` + "\n",
			`          - {column: status, op: "=", value: paid}
          - {column: channel, op: "!=", value: test}
          - {column: amount, op: "<", value: 1000}
          - {column: amount, op: "<=", value: 999.5}
          - {column: items, op: ">", value: 0}
          - {column: items, op: ">=", value: 1}
          - {column: country, op: in, values: [DE, AT]}
          - {column: coupon, op: not in, values: [STAFF]}
          - {column: refunded_at, op: is null}
          - {column: customer_id, op: IS NOT NULL}
          - {column: gift, op: "=", value: false}
`, func(t *testing.T, cat *Catalog) {
				if got := len(cat.KPIs[0].Query.SQL.Where); got != 11 {
					t.Errorf("%d conditions", got)
				}
			}},
		{"epoch time types", "timeType: timestamptz", "timeType: epoch_ms", nil},
		{"63-character column", "column: amount", "column: a" + strings.Repeat("b", 62), nil},
		{"count_distinct", "agg: sum", "agg: count_distinct", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(sqlCatalog, tc.from) {
				t.Fatalf("test setup: %q not in the SQL catalog", tc.from)
			}
			doc := strings.Replace(sqlCatalog, tc.from, tc.to, 1)
			cat, problems := Parse([]byte(doc))
			if problems != nil {
				t.Fatalf("unexpected problems: %v\n%s", problems, numbered(doc))
			}
			if tc.check != nil {
				tc.check(t, cat)
			}
		})
	}
}

// TestSQLCheckSources: a KPI's query must speak its connection's language.
func TestSQLCheckSources(t *testing.T) {
	doc := sqlCatalog + `  - id: up
    name: Up
    owner: sre
    version: "1"
    direction: higher
    source: prom
    query:
      expr: up
`
	connections := map[string]string{"shopdb": "sql", "prom": "promql"}
	cases := []struct {
		name     string
		sources  map[int]string // KPI index to its source
		wantPath string
		wantMsg  string
	}{
		{"all fine", nil, "", ""},
		{"SQL measure on Prometheus", map[int]string{0: "prom"}, "kpis[0].source", `connection "prom" speaks promql, but the KPI's query is sql`},
		{"SQL ratio on Prometheus", map[int]string{1: "prom"}, "kpis[1].source", `connection "prom" speaks promql, but the KPI's query is sql`},
		{"raw SQL on Prometheus", map[int]string{2: "prom"}, "kpis[2].source", `connection "prom" speaks promql, but the KPI's query is sql`},
		{"PromQL on SQL", map[int]string{3: "shopdb"}, "kpis[3].source", `connection "shopdb" speaks sql, but the KPI's query is promql`},
		{"unknown connection", map[int]string{0: "warehouse"}, "kpis[0].source", `"warehouse" is not a connection of this datasource (connections: [prom shopdb])`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cat, problems := Parse([]byte(doc))
			if problems != nil {
				t.Fatal(problems)
			}
			for i, s := range tc.sources {
				cat.KPIs[i].Source = s
			}
			got := CheckSources(cat, connections)
			if tc.wantPath == "" {
				if len(got) > 0 {
					t.Fatalf("unexpected problems: %v", got)
				}
				return
			}
			if len(got) != 1 || got[0].Path != tc.wantPath || got[0].Message != tc.wantMsg {
				t.Fatalf("want one problem at %s: %s; got %v", tc.wantPath, tc.wantMsg, got)
			}
		})
	}
}
