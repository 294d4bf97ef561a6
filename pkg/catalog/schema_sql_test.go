package catalog

import (
	"strings"
	"testing"
)

// sqlSchemaCatalog has every SQL form the schema must accept.
const sqlSchemaCatalog = `apiVersion: northstar.kpi/v1
kpis:
  - id: orders
    name: Orders
    owner: shop
    version: "1"
    direction: higher
    source: shopdb
    dimensions: [region]
    query:
      sql:
        table: shop.orders
        timeColumn: created_at
        timeType: timestamptz
        where: [{column: test, op: "=", value: false}, {column: region, op: in, values: [eu, us]}, {column: deleted_at, op: is null}]
        measure: {agg: sum, column: amount, where: [{column: status, op: "!=", value: failed}]}
  - id: availability
    name: Availability
    owner: sre
    version: "1"
    direction: higher
    source: shopdb
    aggregation: ratio
    query:
      sql:
        table: requests
        timeColumn: ts_ms
        timeType: epoch_ms
        ratio:
          bad: {agg: count, where: [{column: status, op: ">=", value: 500}]}
          total: {agg: count}
    slo: {objective: 0.999, window: {rolling: 28d}}
  - id: raw_revenue
    name: Revenue
    owner: shop
    version: "1"
    direction: higher
    source: shopdb
    aggregation: sum
    query:
      sql:
        raw: SELECT $__timeGroup(created_at, $__interval) AS time, SUM(amount) AS value FROM orders WHERE $__timeFilter(created_at) GROUP BY 1
`

func TestSchemaAcceptsSQLKPIs(t *testing.T) {
	if _, problems := Parse([]byte(sqlSchemaCatalog)); len(problems) > 0 {
		t.Fatalf("parser problems %v", problems)
	}
	if err := compileSchema(t).Validate(yamlDoc(t, sqlSchemaCatalog)); err != nil {
		t.Errorf("schema rejects a valid catalog: %v", err)
	}
}

func TestSchemaRejectsWhatTheParserRejectsInSQL(t *testing.T) {
	s := compileSchema(t)
	cases := map[string][2]string{
		"table with SQL":       {"table: shop.orders", "table: orders; drop table x"},
		"unknown aggregate":    {"agg: sum, column: amount", "agg: median, column: amount"},
		"sum without a column": {"agg: sum, column: amount", "agg: sum"},
		"count with a column":  {"bad: {agg: count,", "bad: {agg: count, column: x,"},
		"unknown operator":     {`op: ">="`, `op: "=="`},
		"unknown time type":    {"timeType: epoch_ms", "timeType: unix"},
		"measure and ratio":    {"      sql:\n        table: requests", "      sql:\n        measure: {agg: count}\n        table: requests"},
		"raw with a table":     {"      sql:\n        raw:", "      sql:\n        table: orders\n        raw:"},
		"slo on a measure":     {"        measure: {agg: sum", "        measure: {agg: sum"},
		"aggregation of raw":   {"aggregation: sum", "aggregation: p99"},
	}
	cases["slo on a measure"] = [2]string{"    dimensions: [region]\n", "    dimensions: [region]\n    slo: {objective: 0.99, window: {rolling: 7d}}\n"}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if !strings.Contains(sqlSchemaCatalog, c[0]) {
				t.Fatalf("test setup: %q not found", c[0])
			}
			text := strings.Replace(sqlSchemaCatalog, c[0], c[1], 1)
			if _, problems := Parse([]byte(text)); len(problems) == 0 {
				t.Fatalf("the parser accepts it")
			}
			if err := s.Validate(yamlDoc(t, text)); err == nil {
				t.Errorf("the schema accepts what the parser rejects")
			}
		})
	}
}
