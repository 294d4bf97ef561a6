package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
)

// Grafana's identifiers for the datasource and for server-side expressions.
const (
	DatasourceType       = "northstar-kpi-datasource"
	DefaultDatasourceUID = "northstar-kpi"
	GrafanaFolder        = "Northstar SLOs"
	exprUID              = "__expr__"
	// queryRange is how far back the burn-pair query looks, in seconds. The
	// datasource computes a pair's windows back from the end of the range; the
	// range only has to be a valid one.
	queryRange = 600
)

// GrafanaFile is Grafana's file-provisioning format for alert rules (apiVersion 1).
type GrafanaFile struct {
	APIVersion int            `yaml:"apiVersion"`
	Groups     []GrafanaGroup `yaml:"groups"`
}

// GrafanaGroup is one KPI SLO's alert rules, one per burn pair.
type GrafanaGroup struct {
	OrgID    int           `yaml:"orgId"`
	Name     string        `yaml:"name"`
	Folder   string        `yaml:"folder"`
	Interval string        `yaml:"interval"`
	Rules    []GrafanaRule `yaml:"rules"`
}

// GrafanaRule is one Grafana-managed alert rule.
type GrafanaRule struct {
	UID          string            `yaml:"uid"`
	Title        string            `yaml:"title"`
	Condition    string            `yaml:"condition"`
	Data         []GrafanaQuery    `yaml:"data"`
	NoDataState  string            `yaml:"noDataState"`
	ExecErrState string            `yaml:"execErrState"`
	For          string            `yaml:"for"`
	Labels       map[string]string `yaml:"labels"`
	Annotations  map[string]string `yaml:"annotations"`
	IsPaused     bool              `yaml:"isPaused"`
}

// GrafanaQuery is a query or an expression of an alert rule.
type GrafanaQuery struct {
	RefID             string            `yaml:"refId"`
	RelativeTimeRange RelativeTimeRange `yaml:"relativeTimeRange"`
	DatasourceUID     string            `yaml:"datasourceUid"`
	Model             any               `yaml:"model"`
}

// RelativeTimeRange is seconds before the evaluation time.
type RelativeTimeRange struct {
	From int `yaml:"from"`
	To   int `yaml:"to"`
}

// DatasourceRef names a datasource inside a query model.
type DatasourceRef struct {
	Type string `yaml:"type" json:"type"`
	UID  string `yaml:"uid" json:"uid"`
}

// BurnPairQuery is the datasource query model of refId A: one burn pair of one
// SLO, answered with a numeric-multi frame per KPI and dimension set (1 while the
// pair fires, 0 while it does not).
type BurnPairQuery struct {
	RefID      string        `yaml:"refId" json:"refId"`
	Datasource DatasourceRef `yaml:"datasource" json:"datasource"`
	KPI        string        `yaml:"kpi" json:"kpi"`
	SLO        string        `yaml:"slo" json:"slo"`
	Measures   []string      `yaml:"measures" json:"measures"`
}

// ThresholdExpr is Grafana's server-side threshold expression.
type ThresholdExpr struct {
	RefID      string               `yaml:"refId"`
	Datasource DatasourceRef        `yaml:"datasource"`
	Type       string               `yaml:"type"`
	Expression string               `yaml:"expression"`
	Conditions []ThresholdCondition `yaml:"conditions"`
}

// ThresholdCondition holds the evaluator of a threshold expression.
type ThresholdCondition struct {
	Evaluator Evaluator `yaml:"evaluator"`
}

// Evaluator compares a value with params, e.g. gt [0].
type Evaluator struct {
	Type   string    `yaml:"type"`
	Params []float64 `yaml:"params"`
}

// Grafana builds the alert-rule provisioning for every SLO of a validated catalog:
// one group per KPI and SLO in the folder "Northstar SLOs", one rule per burn pair,
// querying the datasource with the given uid.
func Grafana(cat *catalog.Catalog, datasourceUID string) (*GrafanaFile, error) {
	if datasourceUID == "" {
		datasourceUID = DefaultDatasourceUID
	}
	refs, err := sortedSLOs(cat)
	if err != nil {
		return nil, err
	}
	file := &GrafanaFile{APIVersion: 1, Groups: []GrafanaGroup{}}
	for _, r := range refs {
		if err := checkLabels(r); err != nil {
			return nil, err
		}
		g := GrafanaGroup{OrgID: 1, Name: GroupName(r.kpi.ID, r.slo.Name), Folder: GrafanaFolder, Interval: Interval, Rules: []GrafanaRule{}}
		for _, p := range r.slo.Alerting.Pairs {
			g.Rules = append(g.Rules, grafanaRule(r, p, datasourceUID))
		}
		file.Groups = append(file.Groups, g)
	}
	return file, nil
}

func grafanaRule(r sloRef, p catalog.BurnPair, datasourceUID string) GrafanaRule {
	measure := BurnPairMeasure(p)
	ann := pairAnnotations(r, p, false)
	return GrafanaRule{
		UID:       ruleUID(r, measure),
		Title:     fmt.Sprintf("%s %s: burn rate over %s and %s at least %s", r.kpi.ID, r.slo.Name, durationName(time.Duration(p.Long)), durationName(time.Duration(p.Short)), formatNumber(p.Factor)),
		Condition: "B",
		Data: []GrafanaQuery{
			{
				RefID:             "A",
				RelativeTimeRange: RelativeTimeRange{From: queryRange},
				DatasourceUID:     datasourceUID,
				Model: BurnPairQuery{
					RefID:      "A",
					Datasource: DatasourceRef{Type: DatasourceType, UID: datasourceUID},
					KPI:        r.kpi.ID,
					SLO:        r.slo.Name,
					Measures:   []string{measure},
				},
			},
			{
				RefID:         "B",
				DatasourceUID: exprUID,
				Model: ThresholdExpr{
					RefID:      "B",
					Datasource: DatasourceRef{Type: exprUID, UID: exprUID},
					Type:       "threshold",
					Expression: "A",
					Conditions: []ThresholdCondition{{Evaluator: Evaluator{Type: "gt", Params: []float64{0}}}},
				},
			},
		},
		// A KPI without traffic is not burning its budget.
		NoDataState:  "OK",
		ExecErrState: "Error",
		For:          "0s",
		Labels:       map[string]string{"severity": p.Severity},
		Annotations:  ann,
	}
}

// ruleUID is stable across regenerations and within Grafana's 40 characters.
func ruleUID(r sloRef, measure string) string {
	sum := sha256.Sum256([]byte(r.kpi.ID + "\x00" + r.slo.Name + "\x00" + measure))
	return "northstar-slo-" + hex.EncodeToString(sum[:])[:20]
}

// Marshal writes the provisioning file as YAML.
func (f *GrafanaFile) Marshal() ([]byte, error) {
	return marshalWithComments(f, header+`
Grafana alert rules (file provisioning, apiVersion 1) on the Northstar KPI datasource:
refId A asks the datasource for one burn pair (1 while it fires, 0 while it does not),
refId B fires when A > 0.`, nil)
}
