package datasource

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/prometheus/client_golang/api"
	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/common/model"

	"github.com/northstar/kpi/internal/seed"
	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/rules"
)

// The exported Prometheus recording rules must record what the datasource answers
// on the fly. Each rule's expression is evaluated by the real Prometheus at the
// instant a ruler would record it, and compared with the datasource's measures for
// the same instant. (pkg/rules backfills the same rules with promtool and checks
// the recorded samples against the seed.)
func TestExportedRulesRecordWhatTheDatasourceAnswers(t *testing.T) {
	cat, problems := catalog.Parse([]byte(sloCatalog))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	file, err := rules.Prometheus(cat)
	if err != nil {
		t.Fatal(err)
	}
	client, err := api.NewClient(api.Config{Address: promURL})
	if err != nil {
		t.Fatal(err)
	}
	prom := v1.NewAPI(client)
	k, _ := cat.Find("payments")
	instants := map[string]time.Time{
		"outage":    dataset.End.Add(seed.Outage[0] + 20*time.Minute),
		"slow burn": dataset.End.Add(seed.SlowBurn[0] + 30*time.Hour),
		"quiet us":  dataset.End.Add(seed.Quiet[1] - 12*time.Hour),
	}
	compared := 0
	for name, at := range instants {
		for _, s := range k.SLOs {
			if s.Window.Calendar != "" {
				continue // PromQL has no calendar-aligned range: the export uses a rolling stand-in
			}
			frames := sloQuery(t, at, s.Name, "sli", "budget_remaining", "burn_rates")
			window := time.Duration(s.Window.Rolling)
			records := map[string]string{rules.SLIRecord(window): "sli", rules.BudgetRemainingRecord(window): "budget_remaining"}
			for _, w := range pairWindowsOf(s) {
				records[rules.BurnRateRecord(w)] = "burn_rate_" + catalog.Duration(w).String()
			}
			for record, measure := range records {
				recorded := evaluateRule(t, prom, file, record, k.ID, s.Name, at)
				for _, region := range []string{"eu", "us"} {
					want, wantOK := sloMeasure(t, frames, measure, s.Name, region)
					got, gotOK := recorded[region]
					what := name + " " + s.Name + " " + record + " " + region
					if wantOK != gotOK {
						t.Errorf("%s: rule has a value %v (%v), datasource %v (%v)", what, gotOK, got, wantOK, want)
						continue
					}
					if wantOK {
						closeTo(t, what, got, want)
					}
					compared++
				}
			}
		}
	}
	if compared < 50 {
		t.Errorf("only %d comparisons: the rules or the catalog lost their SLOs", compared)
	}
}

func pairWindowsOf(s catalog.SLO) []time.Duration {
	seen := map[time.Duration]bool{}
	var out []time.Duration
	for _, p := range s.Alerting.Pairs {
		for _, w := range []time.Duration{time.Duration(p.Long), time.Duration(p.Short)} {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

// evaluateRule runs a recording rule's expression at an instant: the sample a
// ruler would record then, per region.
func evaluateRule(t *testing.T, prom v1.API, file *rules.RuleFile, record, kpi, slo string, at time.Time) map[string]float64 {
	t.Helper()
	for _, g := range file.Groups {
		for _, r := range g.Rules {
			if r.Record != record || r.Labels[rules.LabelKPI] != kpi || r.Labels[rules.LabelSLO] != slo {
				continue
			}
			val, _, _, err := prom.Query(context.Background(), r.Expr, at)
			if err != nil {
				t.Fatalf("%s: %v", record, err)
			}
			out := map[string]float64{}
			for _, s := range val.(model.Vector) {
				if v := float64(s.Value); !math.IsNaN(v) {
					out[string(s.Metric["region"])] = v
				}
			}
			return out
		}
	}
	t.Fatalf("no recording rule %s for %s/%s", record, kpi, slo)
	return nil
}
