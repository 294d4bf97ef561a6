package openslo

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/northstar/kpi/pkg/catalog"
)

// sloDoc is a convertible SLO with an inline Prometheus ratio; cases replace
// parts of it with features that cannot be converted.
const sloDoc = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout
  labels: {team: payments}
spec:
  service: shop
  indicator:
    metadata: {name: checkout-requests}
    spec:
      ratioMetric:
        counter: true
        bad:
          metricSource:
            type: Prometheus
            spec: {query: 'sum(rate(http_requests_total{job="checkout", code=~"5.."}[5m]))'}
        total:
          metricSource:
            type: Prometheus
            spec: {query: 'sum(rate(http_requests_total{job="checkout"}[5m]))'}
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: 0.999
`

func with(old, new string) string {
	if !strings.Contains(sloDoc, old) {
		panic("sloDoc has no " + old)
	}
	return strings.Replace(sloDoc, old, new, 1)
}

const inlineSLI = "spec.indicator.spec.ratioMetric."

// Every feature that cannot be converted has its report entry; kpis and slos
// say how many KPIs and catalog SLOs are converted all the same.
func TestNotConverted(t *testing.T) {
	policy := func(cond string) string {
		return with("    - target: 0.999\n", "    - target: 0.999\n  alertPolicies:\n    - kind: AlertPolicy\n      metadata: {name: page}\n      spec:\n        conditions:\n          - kind: AlertCondition\n            metadata: {name: fast}\n            spec:\n"+cond)
	}
	cond := func(c string) string {
		return policy("              severity: page\n              condition:\n" + c)
	}
	cases := []struct {
		name             string
		docs             string
		kpis, slos       int
		doc, path, cause string
	}{
		{"a metric source type the catalog does not read", strings.ReplaceAll(sloDoc, "type: Prometheus", "type: Datadog"), 0, 0,
			"SLO/checkout", inlineSLI + "bad.metricSource.type", `type "Datadog"`},
		{"its SLO goes with the SLI", strings.ReplaceAll(sloDoc, "type: Prometheus", "type: Datadog"), 0, 0,
			"SLO/checkout", "", "its SLI is not converted"},
		{"a precomputed raw ratio", with("        counter: true\n", "        rawType: success\n        raw:\n          metricSource: {type: Prometheus, spec: {query: x}}\n"), 0, 0,
			"SLO/checkout", inlineSLI + "raw", "precomputed ratio"},
		{"gauges (counter: false)", with("counter: true", "counter: false"), 0, 0,
			"SLO/checkout", inlineSLI + "counter", "counter: false"},
		{"a division is no selector", with(`sum(rate(http_requests_total{job="checkout", code=~"5.."}[5m]))`, `sum(rate(a_total[5m])) / sum(rate(b_total[5m]))`), 0, 0,
			"SLO/checkout", inlineSLI + "bad.metricSource.spec.query", "is a catalog ratio selector"},
		{"max is no sum", with(`sum(rate(http_requests_total{job="checkout", code=~"5.."}[5m]))`, `max(rate(a_total[5m]))`), 0, 0,
			"SLO/checkout", inlineSLI + "bad.metricSource.spec.query", "max: only a counter selector"},
		{"sum without", with(`sum(rate(http_requests_total{job="checkout", code=~"5.."}[5m]))`, `sum without (pod) (rate(a_total[5m]))`), 0, 0,
			"SLO/checkout", inlineSLI + "bad.metricSource.spec.query", "only a counter selector"},
		{"irate", with(`sum(rate(http_requests_total{job="checkout", code=~"5.."}[5m]))`, `sum(irate(a_total[5m]))`), 0, 0,
			"SLO/checkout", inlineSLI + "bad.metricSource.spec.query", "irate(): only a counter selector"},
		{"offset", with(`sum(rate(http_requests_total{job="checkout", code=~"5.."}[5m]))`, `sum(rate(a_total[5m] offset 1h))`), 0, 0,
			"SLO/checkout", inlineSLI + "bad.metricSource.spec.query", "offset or @"},
		{"not PromQL (a template)", with(`sum(rate(http_requests_total{job="checkout", code=~"5.."}[5m]))`, `sum(rate(a_total[{{.window}}]))`), 0, 0,
			"SLO/checkout", inlineSLI + "bad.metricSource.spec.query", "not PromQL"},
		{"a SQL ratio as text", strings.ReplaceAll(sloDoc, "type: Prometheus", "type: PostgreSQL"), 0, 0,
			"SLO/checkout", "spec.indicator.spec.ratioMetric", "structured form"},
		{"good and total from different sources", with("type: Prometheus", "type: MySQL"), 0, 0,
			"SLO/checkout", "spec.indicator.spec.ratioMetric", "a catalog ratio reads one source"},
		{"good and total summed by different labels", with(`sum(rate(http_requests_total{job="checkout"}[5m]))`, `sum by (region) (rate(http_requests_total{job="checkout"}[5m]))`), 1, 1,
			"SLO/checkout", inlineSLI + "bad.metricSource.spec.query", "bad and total are summed by different labels: those of total are used"},
		{"a type that is not its data source's", strings.ReplaceAll(sloDoc, "            type: Prometheus\n", "            metricSourceRef: thanos\n            type: Prometheus\n") +
			"---\napiVersion: openslo/v1\nkind: DataSource\nmetadata: {name: thanos}\nspec: {type: Thanos}\n", 1, 1,
			"SLO/checkout", inlineSLI + "total.metricSource.type", `differs from that of DataSource "thanos"`},
		{"no time window", with("  timeWindow:\n    - duration: 28d\n      isRolling: true\n", ""), 1, 0,
			"SLO/checkout", "spec.timeWindow", "no timeWindow"},
		{"a second time window", with("      isRolling: true\n", "      isRolling: true\n    - duration: 7d\n      isRolling: true\n"), 1, 1,
			"SLO/checkout", "spec.timeWindow[1]", "only the first is read"},
		{"a rolling window under an hour", with("duration: 28d", "duration: 30m"), 1, 0,
			"SLO/checkout", "spec.timeWindow[0].duration", "1h to 400d"},
		{"a rolling month is 30 days", with("duration: 28d", "duration: 1M"), 1, 1,
			"SLO/checkout", "spec.timeWindow[0].duration", "read as 30d"},
		{"a calendar window of 28 days", with("      isRolling: true\n", "      isRolling: false\n      calendar: {startTime: '2026-01-01 00:00:00', timeZone: UTC}\n"), 1, 0,
			"SLO/checkout", "spec.timeWindow[0].duration", "calendar window 28d"},
		{"a calendar minute (m is minutes)", with("duration: 28d\n      isRolling: true\n", "duration: 1m\n      calendar: {startTime: '2026-01-01 00:00:00', timeZone: UTC}\n"), 1, 0,
			"SLO/checkout", "spec.timeWindow[0].duration", "m is minutes (M is months)"},
		{"a calendar year", with("duration: 28d\n      isRolling: true\n", "duration: 1Y\n      calendar: {startTime: '2026-01-01 00:00:00', timeZone: UTC}\n"), 1, 0,
			"SLO/checkout", "spec.timeWindow[0].duration", "a week (1w), a month (1M) or a quarter (1Q)"},
		{"a quarter that starts in February", with("duration: 28d\n      isRolling: true\n", "duration: 1Q\n      calendar: {startTime: '2026-02-01 00:00:00', timeZone: Europe/Berlin}\n"), 1, 1,
			"SLO/checkout", "spec.timeWindow[0].calendar.startTime", "not the start of a catalog quarter"},
		{"an unknown time zone", with("duration: 28d\n      isRolling: true\n", "duration: 1M\n      calendar: {startTime: '2026-01-01 00:00:00', timeZone: Mars/Olympus}\n"), 1, 0,
			"SLO/checkout", "spec.timeWindow[0].calendar.timeZone", "unknown time zone"},
		{"two calendar SLOs in two time zones", with("duration: 28d\n      isRolling: true\n", "duration: 1M\n      calendar: {startTime: '2026-01-01 00:00:00', timeZone: Europe/Berlin}\n") +
			"---\n" + strings.NewReplacer("name: checkout\n", "name: checkout-ny\n", "indicator:\n    metadata: {name: checkout-requests}\n    spec:\n      ratioMetric:", "indicatorRef: checkout-requests\n  x-skip:\n      ratioMetric:",
			"duration: 28d\n      isRolling: true\n", "duration: 1w\n      calendar: {startTime: '2026-01-05 00:00:00', timeZone: America/New_York}\n").Replace(sloDoc), 1, 1,
			"SLO/checkout-ny", "spec.timeWindow[0].calendar.timeZone", "a KPI has one time zone"},
		{"no budgeting method", with("  budgetingMethod: Occurrences\n", ""), 1, 1,
			"SLO/checkout", "spec.budgetingMethod", "read as Occurrences"},
		{"an unknown budgeting method", with("budgetingMethod: Occurrences", "budgetingMethod: Weighted"), 1, 0,
			"SLO/checkout", "spec.budgetingMethod", "not Occurrences, Timeslices or RatioTimeslices"},
		{"timeslices without a slice target", with("budgetingMethod: Occurrences\n  objectives:\n    - target: 0.999\n", "budgetingMethod: Timeslices\n  objectives:\n    - target: 0.999\n      timeSliceWindow: 5m\n"), 1, 0,
			"SLO/checkout", "spec.objectives[0].timeSliceTarget", "required for Timeslices"},
		{"timeslices without a slice window", with("budgetingMethod: Occurrences\n  objectives:\n    - target: 0.999\n", "budgetingMethod: Timeslices\n  objectives:\n    - target: 0.999\n      timeSliceTarget: 0.9\n"), 1, 0,
			"SLO/checkout", "spec.objectives[0].timeSliceWindow", "required for timeslices"},
		{"a slice target with ratio timeslices", with("budgetingMethod: Occurrences\n  objectives:\n    - target: 0.999\n", "budgetingMethod: RatioTimeslices\n  objectives:\n    - target: 0.999\n      timeSliceWindow: 5\n      timeSliceTarget: 0.9\n"), 1, 1,
			"SLO/checkout", "spec.objectives[0].timeSliceTarget", "no slice target: ignored"},
		{"slices with occurrences", with("    - target: 0.999\n", "    - target: 0.999\n      timeSliceWindow: 5m\n"), 1, 1,
			"SLO/checkout", "spec.objectives[0]", "apply to the timeslice methods"},
		{"a slice the window is no multiple of (catalog.Parse's own message)", with("budgetingMethod: Occurrences\n  objectives:\n    - target: 0.999\n", "budgetingMethod: RatioTimeslices\n  objectives:\n    - target: 0.999\n      timeSliceWindow: 11m\n"), 1, 0,
			"SLO/checkout", "spec.objectives[0]", "budgeting.slice: the rolling window 28d must be a whole multiple of the slice 11m"},
		{"no target", with("    - target: 0.999\n", "    - displayName: x\n"), 1, 0,
			"SLO/checkout", "spec.objectives[0]", "neither target nor targetPercent"},
		{"target and targetPercent that differ", with("    - target: 0.999\n", "    - target: 0.999\n      targetPercent: 99\n"), 1, 1,
			"SLO/checkout", "spec.objectives[0].targetPercent", "target is read"},
		{"a composite objective", with("    - target: 0.999\n", "    - target: 0.999\n      indicatorRef: other\n      compositeWeight: 2\n"), 1, 0,
			"SLO/checkout", "spec.objectives[0]", "composite SLO"},
		{"a threshold value on a ratio", with("    - target: 0.999\n", "    - target: 0.999\n      op: lt\n      value: 3\n"), 1, 1,
			"SLO/checkout", "spec.objectives[0].value", "this SLI is a ratio: ignored"},
		{"no indicator", with("  indicator:\n    metadata: {name: checkout-requests}\n    spec:\n      ratioMetric:", "  x-indicator:\n      ratioMetric:"), 0, 0,
			"SLO/checkout", "spec", "neither indicator nor indicatorRef"},
		{"a missing SLI", with("  indicator:\n    metadata: {name: checkout-requests}\n    spec:\n      ratioMetric:", "  indicatorRef: nowhere\n  x-indicator:\n      ratioMetric:"), 0, 0,
			"SLO/checkout", "spec.indicatorRef", `no SLI named "nowhere"`},
		{"a burn rate below a threshold", cond("                kind: burnrate\n                op: lte\n                threshold: 2\n                lookbackWindow: 1h\n"), 1, 1,
			"SLO/checkout", "spec.alertPolicies[0].spec.conditions[0].spec.condition.op", "op lte"},
		{"no convertible condition: default pairs", cond("                kind: burnrate\n                op: lte\n                threshold: 2\n                lookbackWindow: 1h\n"), 1, 1,
			"SLO/checkout", "spec.alertPolicies", "default pairs apply"},
		{"another kind of condition", cond("                kind: errorbudget\n                threshold: 2\n                lookbackWindow: 1h\n"), 1, 1,
			"SLO/checkout", "spec.alertPolicies[0].spec.conditions[0].spec.condition.kind", `kind "errorbudget"`},
		{"alertAfter", cond("                kind: burnrate\n                threshold: 14.4\n                lookbackWindow: 1h\n                alertAfter: 5m\n"), 1, 1,
			"SLO/checkout", "spec.alertPolicies[0].spec.conditions[0].spec.condition.alertAfter", "alertAfter 5m"},
		{"no short window: long/12", cond("                kind: burnrate\n                threshold: 14.4\n                lookbackWindow: 6h\n"), 1, 1,
			"SLO/checkout", "spec.alertPolicies[0].spec.conditions[0].spec.condition.lookbackWindow", "lookbackWindow/12 = 30m"},
		{"a lookback window as long as the SLO's", cond("                kind: burnrate\n                threshold: 1\n                lookbackWindow: 4w\n"), 1, 1,
			"SLO/checkout", "spec.alertPolicies[0].spec.conditions[0].spec.condition.lookbackWindow", "not shorter than the SLO window 28d"},
		{"no threshold", cond("                kind: burnrate\n                lookbackWindow: 1h\n"), 1, 1,
			"SLO/checkout", "spec.alertPolicies[0].spec.conditions[0].spec.condition.threshold", "threshold above 0"},
		{"no severity", policy("              condition: {kind: burnrate, threshold: 14.4, lookbackWindow: 1h}\n"), 1, 1,
			"SLO/checkout", "spec.alertPolicies[0].spec.conditions[0].spec.severity", "critical"},
		{"notification targets, no data, resolved", strings.Replace(cond("                kind: burnrate\n                threshold: 14.4\n                lookbackWindow: 1h\n"),
			"        conditions:\n", "        alertWhenNoData: true\n        alertWhenResolved: true\n        notificationTargets: [{targetRef: pager}]\n        conditions:\n", 1), 1, 1,
			"SLO/checkout", "spec.alertPolicies[0].spec.notificationTargets", "notification policies and contact points"},
		{"no data", strings.Replace(cond("                kind: burnrate\n                threshold: 14.4\n                lookbackWindow: 1h\n"),
			"        conditions:\n", "        alertWhenNoData: true\n        conditions:\n", 1), 1, 1,
			"SLO/checkout", "spec.alertPolicies[0].spec.alertWhenNoData", "no-data state"},
		{"resolved", strings.Replace(cond("                kind: burnrate\n                threshold: 14.4\n                lookbackWindow: 1h\n"),
			"        conditions:\n", "        alertWhenResolved: true\n        conditions:\n", 1), 1, 1,
			"SLO/checkout", "spec.alertPolicies[0].spec.alertWhenResolved", "contact points"},
		{"a policy that does not alert on breaches", strings.Replace(cond("                kind: burnrate\n                threshold: 14.4\n                lookbackWindow: 1h\n"),
			"        conditions:\n", "        alertWhenBreaching: false\n        conditions:\n", 1), 1, 1,
			"SLO/checkout", "spec.alertPolicies[0].spec.alertWhenBreaching", "does not alert on a breach"},
		{"a missing policy", with("    - target: 0.999\n", "    - target: 0.999\n  alertPolicies: [nowhere]\n"), 1, 1,
			"SLO/checkout", "spec.alertPolicies[0].alertPolicyRef", `no AlertPolicy named "nowhere"`},
		{"a missing alert condition", policy("") + "", 1, 1,
			"SLO/checkout", "spec.alertPolicies[0].spec.conditions[0]", "neither conditionRef nor an inline AlertCondition"},
		{"a condition reference that is not among the documents", with("    - target: 0.999\n", "    - target: 0.999\n  alertPolicies:\n    - kind: AlertPolicy\n      metadata: {name: page}\n      spec: {conditions: [{conditionRef: nowhere}]}\n"), 1, 1,
			"SLO/checkout", "spec.alertPolicies[0].spec.conditions[0].conditionRef", `no AlertCondition named "nowhere"`},
		{"labels of a policy", with("    - target: 0.999\n", "    - target: 0.999\n  alertPolicies: [{alertPolicyRef: p}]\n") + "---\n" + `apiVersion: openslo/v1
kind: AlertPolicy
metadata: {name: p, labels: {env: prod}}
spec:
  conditions: [{conditionRef: c}]
---
apiVersion: openslo/v1
kind: AlertCondition
metadata: {name: c}
spec: {severity: page, condition: {kind: burnrate, threshold: 2, lookbackWindow: 1h}}
`, 1, 1, "AlertPolicy/p", "metadata.labels.env", "no labels on alerts"},
		{"an unused alert condition", sloDoc + "---\napiVersion: openslo/v1\nkind: AlertCondition\nmetadata: {name: c}\nspec: {severity: page, condition: {kind: burnrate, threshold: 2, lookbackWindow: 1h}}\n", 1, 1,
			"AlertCondition/c", "", "no alert policy of an SLO refers"},
		{"an unused data source", sloDoc + "---\napiVersion: openslo/v1\nkind: DataSource\nmetadata: {name: other}\nspec: {type: Prometheus}\n", 1, 1,
			"DataSource/other", "", "no SLI refers to this data source"},
		{"connection details", strings.ReplaceAll(sloDoc, "type: Prometheus", "metricSourceRef: prod") + "---\napiVersion: openslo/v1\nkind: DataSource\nmetadata: {name: prod}\nspec: {type: Prometheus, connectionDetails: {url: 'http://prometheus:9090'}}\n", 1, 1,
			"DataSource/prod", "spec.connectionDetails", "datasource settings"},
		{"a service", sloDoc + "---\napiVersion: openslo/v1\nkind: Service\nmetadata: {name: shop}\nspec: {description: the shop}\n", 1, 1,
			"Service/shop", "", "the catalog has no services"},
		{"a notification target", sloDoc + "---\napiVersion: openslo/v1\nkind: AlertNotificationTarget\nmetadata: {name: pager}\nspec: {target: pagerduty}\n", 1, 1,
			"AlertNotificationTarget/pager", "", "notification policies"},
		{"another version", sloDoc + "---\napiVersion: openslo.com/v2alpha\nkind: SLO\nmetadata: {name: v2}\nspec: {}\n", 1, 1,
			"SLO/v2", "apiVersion", "only openslo/v1"},
		{"an unknown kind", sloDoc + "---\napiVersion: openslo/v1\nkind: BudgetAdjustment\nmetadata: {name: b}\nspec: {}\n", 1, 1,
			"BudgetAdjustment/b", "kind", "not an OpenSLO v1 kind"},
		{"an unknown field", with("  service: shop\n", "  service: shop\n  priority: high\n"), 1, 1,
			"SLO/checkout", "spec.priority", "not an OpenSLO v1 field"},
		{"a metric source field", with(`spec: {query: 'sum(rate(http_requests_total{job="checkout"}[5m]))'}`, `spec: {query: 'sum(rate(http_requests_total{job="checkout"}[5m]))', database: prod}`), 1, 1,
			"SLO/checkout", inlineSLI + "total.metricSource.spec.database", "no place for"},
		{"an annotation of another tool", with("  labels: {team: payments}\n", "  labels: {team: payments}\n  annotations: {openslo.com/service-folder: ./x}\n"), 1, 1,
			"SLO/checkout", "metadata.annotations.openslo.com/service-folder", "another tool"},
		{"a second object of a name", sloDoc + "---\n" + sloDoc, 1, 1,
			"SLO/checkout", "metadata.name", "a second SLO with this name"},
		{"no owner", with("  labels: {team: payments}\n", ""), 1, 1,
			"SLO/checkout", "spec.indicator.metadata.labels.team", `owner set to "shop"`},
		{"raw SQL without time and value columns", `apiVersion: openslo/v1
kind: SLI
metadata: {name: orders}
spec:
  thresholdMetric:
    metricSource: {type: PostgreSQL, spec: {query: "SELECT count(*) AS n FROM orders WHERE created BETWEEN :date_from AND :date_to"}}
`, 1, 0, "SLI/orders", "spec.thresholdMetric.metricSource.spec.query", "must return a column time and a column value"},
		{"a threshold value KPI has no SLO", `apiVersion: openslo/v1
kind: SLO
metadata: {name: lag}
spec:
  service: pipeline
  indicator:
    metadata: {name: consumer-lag}
    spec:
      thresholdMetric:
        metricSource: {type: Prometheus, spec: {query: 'max(kafka_consumergroup_lag{group="annotator"})'}}
  timeWindow: [{duration: 7d, isRolling: true}]
  budgetingMethod: Timeslices
  objectives: [{op: lte, value: 1000, target: 0.99, timeSliceTarget: 1, timeSliceWindow: 1m}]
`, 1, 0, "SLO/lag", "spec.objectives", "the catalog has no SLOs on values"},
		{"a thresholdMetric SLO with a second threshold", strings.NewReplacer("bad:", "good:",
			"      ratioMetric:\n        counter: true\n", "      thresholdMetric:\n        metricSource: {type: Prometheus, spec: {query: 'h_seconds_bucket{job=\"api\"}'}}\n      x-ratio:\n",
			"    - target: 0.999\n", "    - {op: lte, value: 0.3, target: 0.99}\n    - {op: lte, value: 1, target: 0.999}\n").Replace(sloDoc), 1, 1,
			"SLO/checkout", "spec.objectives[1]", "compares with another"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Import([]Input{{Name: "case.yaml", Data: []byte(c.docs)}}, ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			cat := mustParse(t, res.Catalog)
			slos := 0
			for _, k := range cat.KPIs {
				slos += len(k.SLOs)
			}
			if len(cat.KPIs) != c.kpis || slos != c.slos {
				t.Errorf("%d KPIs and %d SLOs converted, want %d and %d\n%s", len(cat.KPIs), slos, c.kpis, c.slos, res.Catalog)
			}
			wantEntry(t, res.NotConverted, c.doc, c.path, c.cause)
		})
	}
}

// What is converted, and how, for the forms the catalog can express.
func TestConverted(t *testing.T) {
	cases := []struct {
		name  string
		doc   string
		check func(t *testing.T, k *catalog.KPI)
	}{
		{"sum by labels gives the dimensions", strings.NewReplacer(`sum(rate(http_requests_total{job="checkout", code=~"5.."}[5m]))`, `sum by (region) (increase(http_requests_total{job="checkout", code=~"5.."}[1h]))`,
			`sum(rate(http_requests_total{job="checkout"}[5m]))`, `sum(rate(http_requests_total{job="checkout"}[5m])) by (region)`).Replace(sloDoc),
			func(t *testing.T, k *catalog.KPI) {
				t.Helper()
				if k.Query.Ratio.Bad != `http_requests_total{job="checkout", code=~"5.."}` || !reflect.DeepEqual(k.Dimensions, []string{"region"}) {
					t.Errorf("%+v %v", k.Query.Ratio, k.Dimensions)
				}
			}},
		{"a plain counter selector", with(`sum(rate(http_requests_total{job="checkout", code=~"5.."}[5m]))`, `http_requests_total{job="checkout", code=~"5.."}`),
			func(t *testing.T, k *catalog.KPI) {
				t.Helper()
				if k.Query.Ratio.Bad != `http_requests_total{job="checkout", code=~"5.."}` || k.Query.Ratio.Total != `http_requests_total{job="checkout"}` {
					t.Errorf("%+v", k.Query.Ratio)
				}
			}},
		{"a histogram's bucket over its +Inf bucket is a latency KPI", strings.NewReplacer("bad:", "good:",
			`sum(rate(http_requests_total{job="checkout", code=~"5.."}[5m]))`, `sum(rate(h_seconds_bucket{job="api", le="0.3"}[5m]))`,
			`sum(rate(http_requests_total{job="checkout"}[5m]))`, `sum(rate(h_seconds_bucket{job="api",le="+Inf"}[5m]))`).Replace(sloDoc),
			func(t *testing.T, k *catalog.KPI) {
				t.Helper()
				if k.Query.Latency == nil || *k.Query.Latency != (catalog.Latency{Histogram: `h_seconds_bucket{job="api"}`, Threshold: 0.3}) {
					t.Errorf("%+v", k.Query)
				}
			}},
		{"targetPercent", with("    - target: 0.999\n", "    - targetPercent: 99.95\n"),
			func(t *testing.T, k *catalog.KPI) {
				t.Helper()
				if k.SLOs[0].Objective != 0.9995 {
					t.Errorf("objective %v", k.SLOs[0].Objective)
				}
			}},
		{"a slice as a number of minutes", with("budgetingMethod: Occurrences\n  objectives:\n    - target: 0.999\n", "budgetingMethod: Timeslices\n  objectives:\n    - target: 0.999\n      timeSliceWindow: 5\n      timeSliceTarget: 0.9\n"),
			func(t *testing.T, k *catalog.KPI) {
				t.Helper()
				if k.SLOs[0].Budgeting != (catalog.Budgeting{Method: catalog.Timeslices, Slice: minutes(5), SliceTarget: 0.9}) {
					t.Errorf("%+v", k.SLOs[0].Budgeting)
				}
			}},
		{"a calendar quarter in a time zone", with("duration: 28d\n      isRolling: true\n", "duration: 1Q\n      calendar: {startTime: '2026-01-01 00:00:00', timeZone: Europe/Berlin}\n"),
			func(t *testing.T, k *catalog.KPI) {
				t.Helper()
				if k.SLOs[0].Window.Calendar != catalog.CalendarQuarter || k.Timezone != "Europe/Berlin" {
					t.Errorf("%+v %q", k.SLOs[0].Window, k.Timezone)
				}
			}},
		{"burn-rate conditions by reference, in the bare-string form of alertPolicies", with("    - target: 0.999\n", "    - target: 0.999\n  alertPolicies: [page]\n") + `---
apiVersion: openslo/v1
kind: AlertPolicy
metadata: {name: page}
spec:
  alertWhenBreaching: true
  conditions: [{conditionRef: fast}, {conditionRef: slow}]
---
apiVersion: openslo/v1
kind: AlertCondition
metadata: {name: fast}
spec: {severity: critical, condition: {kind: burnrate, op: gte, threshold: 14.4, lookbackWindow: 1h, alertAfter: 0m}}
---
apiVersion: openslo/v1
kind: AlertCondition
metadata: {name: slow, annotations: {northstar.kpi/short-window: 2h}}
spec: {severity: warning, condition: {kind: burnrate, threshold: 3, lookbackWindow: 1d}}
`, func(t *testing.T, k *catalog.KPI) {
			t.Helper()
			want := []catalog.BurnPair{{Severity: "critical", Long: minutes(60), Short: minutes(5), Factor: 14.4}, {Severity: "warning", Long: minutes(24 * 60), Short: minutes(120), Factor: 3}}
			if !reflect.DeepEqual(k.SLOs[0].Alerting.Pairs, want) {
				t.Errorf("%+v", k.SLOs[0].Alerting.Pairs)
			}
		}},
		{"SQL with the specification's :date_from/:date_to is raw SQL with $__timeFilter", `apiVersion: openslo/v1
kind: SLI
metadata: {name: revenue, labels: {team: [shop]}}
spec:
  thresholdMetric:
    metricSource:
      type: MySQL
      spec: {query: "SELECT $__timeGroup(created_at, $__interval) AS time, SUM(amount) AS value FROM orders WHERE created_at BETWEEN :date_from AND :date_to GROUP BY 1"}
`, func(t *testing.T, k *catalog.KPI) {
			t.Helper()
			want := "SELECT $__timeGroup(created_at, $__interval) AS time, SUM(amount) AS value FROM orders WHERE $__timeFilter(created_at) GROUP BY 1"
			if k.Query.SQL == nil || k.Query.SQL.Raw != want || k.Source != "mysql" || k.Owner != "shop" {
				t.Errorf("%+v source %q owner %q", k.Query.SQL, k.Source, k.Owner)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := mustImport(t, c.doc)
			c.check(t, onlyKPI(t, mustParse(t, res.Catalog)))
			roundTrip(t, res)
		})
	}
}

// A KPI's source: the SLI's data source when it is a connection, else the
// first connection of its type, else the type.
func TestImportSources(t *testing.T) {
	ref := strings.ReplaceAll(sloDoc, "            type: Prometheus\n", "            metricSourceRef: thanos\n            type: Prometheus\n")
	cases := []struct {
		name    string
		doc     string
		sources map[string]string
		want    string
	}{
		{"no connections, no reference", sloDoc, nil, "prometheus"},
		{"the first Prometheus connection", sloDoc, map[string]string{"shop": "postgres", "zprom": "prometheus", "aprom": "prometheus"}, "aprom"},
		{"a reference without connections", ref, nil, "thanos"},
		{"a reference that is a connection", ref, map[string]string{"thanos": "prometheus", "aprom": "prometheus"}, "thanos"},
		{"a reference that is no connection", ref, map[string]string{"prom": "prometheus"}, "prom"},
	}
	for _, c := range cases {
		res, err := Import([]Input{{Name: "x", Data: []byte(c.doc)}}, ImportOptions{Sources: c.sources})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if k := onlyKPI(t, mustParse(t, res.Catalog)); k.Source != c.want {
			t.Errorf("%s: source %q, want %q", c.name, k.Source, c.want)
		}
	}
}

// Input that is no OpenSLO fails; nothing is converted from it.
func TestInvalidInput(t *testing.T) {
	cases := map[string]string{
		"not YAML":              "apiVersion: [openslo/v1\n",
		"empty":                 "",
		"a scalar":              "hello\n",
		"no kind":               "apiVersion: openslo/v1\nmetadata: {name: x}\n",
		"no name":               "apiVersion: openslo/v1\nkind: SLO\nspec: {}\n",
		"a field of a bad type": "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: x}\nspec: {objectives: many}\n",
		"a list of scalars":     "- a\n- b\n",
	}
	for name, doc := range cases {
		_, err := Import([]Input{{Name: "x.yaml", Data: []byte(doc)}}, ImportOptions{})
		var invalid *InvalidInputError
		if !errors.As(err, &invalid) {
			t.Errorf("%s: err %v, want an InvalidInputError", name, err)
		}
	}
}
