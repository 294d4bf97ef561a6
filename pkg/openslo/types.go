// Package openslo converts a KPI catalog to OpenSLO v1 documents (SLO, SLI,
// AlertPolicy, AlertCondition, DataSource) and OpenSLO documents to catalog KPIs,
// reporting everything that cannot be converted instead of dropping it
// (docs/openslo.md).
//
// The structs below follow the OpenSLO v1 specification (github.com/OpenSLO/OpenSLO,
// README.md). Fields whose shape the specification leaves open (a metric source's
// spec, a DataSource's connection details, notification targets) are yaml.Node, so
// that nothing is lost while reading them.
package openslo

import (
	"fmt"
	"hash/fnv"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/common/model"
	"gopkg.in/yaml.v3"
)

// APIVersion is the OpenSLO version this package reads and writes.
const APIVersion = "openslo/v1"

// OpenSLO kinds.
const (
	KindSLO                     = "SLO"
	KindSLI                     = "SLI"
	KindAlertPolicy             = "AlertPolicy"
	KindAlertCondition          = "AlertCondition"
	KindDataSource              = "DataSource"
	KindService                 = "Service"
	KindAlertNotificationTarget = "AlertNotificationTarget"
)

// Metadata is every object's metadata.
type Metadata struct {
	Name        string            `yaml:"name"`
	DisplayName string            `yaml:"displayName,omitempty"`
	Labels      map[string]Label  `yaml:"labels,omitempty"`
	Annotations map[string]string `yaml:"annotations,omitempty"`
}

// Label is a label's value: OpenSLO allows a string or a list of strings.
type Label []string

// UnmarshalYAML accepts both forms.
func (l *Label) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*l = Label{n.Value}
		return nil
	case yaml.SequenceNode:
		var s []string
		if err := n.Decode(&s); err != nil {
			return err
		}
		*l = s
		return nil
	}
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: a label value must be a string or a list of strings", n.Line)}}
}

// SLO is kind SLO.
type SLO struct {
	APIVersion string   `yaml:"apiVersion"`
	Kind       string   `yaml:"kind"`
	Metadata   Metadata `yaml:"metadata"`
	Spec       SLOSpec  `yaml:"spec"`
}

// SLOSpec is an SLO's spec: one indicator (inline or by reference), one time
// window, a budgeting method, objectives and alert policies.
type SLOSpec struct {
	Description     string            `yaml:"description,omitempty"`
	Service         string            `yaml:"service"`
	Indicator       *InlineSLI        `yaml:"indicator,omitempty"`
	IndicatorRef    string            `yaml:"indicatorRef,omitempty"`
	TimeWindow      []TimeWindow      `yaml:"timeWindow,omitempty"`
	BudgetingMethod string            `yaml:"budgetingMethod"`
	Objectives      []Objective       `yaml:"objectives"`
	AlertPolicies   []AlertPolicyItem `yaml:"alertPolicies,omitempty"`
}

// InlineSLI is an SLI written inside an SLO.
type InlineSLI struct {
	Metadata Metadata `yaml:"metadata"`
	Spec     SLISpec  `yaml:"spec"`
}

// TimeWindow is a rolling or a calendar-aligned window.
type TimeWindow struct {
	Duration string `yaml:"duration"`
	// IsRolling is a pointer because the specification reads an omitted isRolling
	// as false when calendar is present.
	IsRolling *bool     `yaml:"isRolling,omitempty"`
	Calendar  *Calendar `yaml:"calendar,omitempty"`
}

// Calendar anchors a calendar-aligned window.
type Calendar struct {
	StartTime string `yaml:"startTime"`
	TimeZone  string `yaml:"timeZone"`
}

// Objective is one target of an SLO. Pointers tell an omitted number from 0.
type Objective struct {
	DisplayName     string   `yaml:"displayName,omitempty"`
	Op              string   `yaml:"op,omitempty"`
	Value           *float64 `yaml:"value,omitempty"`
	Target          *float64 `yaml:"target,omitempty"`
	TargetPercent   *float64 `yaml:"targetPercent,omitempty"`
	TimeSliceTarget *float64 `yaml:"timeSliceTarget,omitempty"`
	// TimeSliceWindow is a duration shorthand or a number of minutes.
	TimeSliceWindow string `yaml:"timeSliceWindow,omitempty"`
	// Indicator, IndicatorRef and CompositeWeight make a composite SLO; they are
	// read only to be reported.
	Indicator       *yaml.Node `yaml:"indicator,omitempty"`
	IndicatorRef    string     `yaml:"indicatorRef,omitempty"`
	CompositeWeight *float64   `yaml:"compositeWeight,omitempty"`
}

// AlertPolicyItem is an entry of an SLO's alertPolicies: a reference or an inline
// policy. The older bare-string form ("- my-policy") is read as a reference.
type AlertPolicyItem struct {
	AlertPolicyRef string           `yaml:"alertPolicyRef,omitempty"`
	Kind           string           `yaml:"kind,omitempty"`
	Metadata       *Metadata        `yaml:"metadata,omitempty"`
	Spec           *AlertPolicySpec `yaml:"spec,omitempty"`
}

// AlertPolicy is kind AlertPolicy.
type AlertPolicy struct {
	APIVersion string          `yaml:"apiVersion"`
	Kind       string          `yaml:"kind"`
	Metadata   Metadata        `yaml:"metadata"`
	Spec       AlertPolicySpec `yaml:"spec"`
}

// AlertPolicySpec says when to alert and on which conditions.
type AlertPolicySpec struct {
	Description         string          `yaml:"description,omitempty"`
	AlertWhenNoData     *bool           `yaml:"alertWhenNoData,omitempty"`
	AlertWhenResolved   *bool           `yaml:"alertWhenResolved,omitempty"`
	AlertWhenBreaching  *bool           `yaml:"alertWhenBreaching,omitempty"`
	Conditions          []ConditionItem `yaml:"conditions"`
	NotificationTargets []yaml.Node     `yaml:"notificationTargets"`
}

// ConditionItem is a reference to an AlertCondition or an inline one.
type ConditionItem struct {
	ConditionRef string              `yaml:"conditionRef,omitempty"`
	Kind         string              `yaml:"kind,omitempty"`
	Metadata     *Metadata           `yaml:"metadata,omitempty"`
	Spec         *AlertConditionSpec `yaml:"spec,omitempty"`
}

// AlertCondition is kind AlertCondition.
type AlertCondition struct {
	APIVersion string             `yaml:"apiVersion"`
	Kind       string             `yaml:"kind"`
	Metadata   Metadata           `yaml:"metadata"`
	Spec       AlertConditionSpec `yaml:"spec"`
}

// AlertConditionSpec is a condition with its severity.
type AlertConditionSpec struct {
	Description string        `yaml:"description,omitempty"`
	Severity    string        `yaml:"severity"`
	Condition   ConditionSpec `yaml:"condition"`
}

// ConditionSpec is a burn-rate condition: the burn rate over lookbackWindow
// compared with threshold.
type ConditionSpec struct {
	Kind           string   `yaml:"kind"`
	Op             string   `yaml:"op,omitempty"`
	Threshold      *float64 `yaml:"threshold"`
	LookbackWindow string   `yaml:"lookbackWindow"`
	AlertAfter     string   `yaml:"alertAfter,omitempty"`
}

// SLI is kind SLI.
type SLI struct {
	APIVersion string   `yaml:"apiVersion"`
	Kind       string   `yaml:"kind"`
	Metadata   Metadata `yaml:"metadata"`
	Spec       SLISpec  `yaml:"spec"`
}

// SLISpec is exactly one of a threshold metric or a ratio metric.
type SLISpec struct {
	Description     string       `yaml:"description,omitempty"`
	ThresholdMetric *MetricSpec  `yaml:"thresholdMetric,omitempty"`
	RatioMetric     *RatioMetric `yaml:"ratioMetric,omitempty"`
}

// RatioMetric is good or bad over total, or a precomputed raw ratio.
type RatioMetric struct {
	// Counter is a pointer: an explicit false (a gauge) cannot be a catalog
	// ratio, an omitted one is read as the counters the catalog needs.
	Counter *bool       `yaml:"counter,omitempty"`
	Good    *MetricSpec `yaml:"good,omitempty"`
	Bad     *MetricSpec `yaml:"bad,omitempty"`
	Total   *MetricSpec `yaml:"total,omitempty"`
	RawType string      `yaml:"rawType,omitempty"`
	Raw     *MetricSpec `yaml:"raw,omitempty"`
}

// MetricSpec wraps a metric source.
type MetricSpec struct {
	MetricSource MetricSource `yaml:"metricSource"`
}

// MetricSource names its type (or a DataSource that has one) and carries a spec
// whose fields depend on the type; Prometheus and SQL sources have a query.
type MetricSource struct {
	MetricSourceRef string    `yaml:"metricSourceRef,omitempty"`
	Type            string    `yaml:"type,omitempty"`
	Spec            yaml.Node `yaml:"spec"`
}

// DataSource is kind DataSource.
type DataSource struct {
	APIVersion string         `yaml:"apiVersion"`
	Kind       string         `yaml:"kind"`
	Metadata   Metadata       `yaml:"metadata"`
	Spec       DataSourceSpec `yaml:"spec"`
}

// DataSourceSpec is a metric source's type and connection details.
type DataSourceSpec struct {
	Description       string    `yaml:"description,omitempty"`
	Type              string    `yaml:"type"`
	ConnectionDetails yaml.Node `yaml:"connectionDetails,omitempty"`
}

// Annotation keys this package writes so that catalog fields without an OpenSLO
// equivalent survive a round trip (export, then import). Other OpenSLO tools
// ignore them; "northstar.kpi/" is a DNS subdomain prefix as the specification
// asks of annotation keys.
const (
	annotationPrefix = "northstar.kpi/"

	annID          = annotationPrefix + "id"
	annOwner       = annotationPrefix + "owner"
	annUnit        = annotationPrefix + "unit"
	annDecimals    = annotationPrefix + "decimals"
	annDirection   = annotationPrefix + "direction"
	annVersion     = annotationPrefix + "version"
	annCategory    = annotationPrefix + "category"
	annTags        = annotationPrefix + "tags"
	annSource      = annotationPrefix + "source"
	annAggregation = annotationPrefix + "aggregation"
	annTimezone    = annotationPrefix + "timezone"
	annTarget      = annotationPrefix + "target"
	annThresholds  = annotationPrefix + "thresholds"
	annComparison  = annotationPrefix + "comparison"
	annSQL         = annotationPrefix + "sql"

	annSLOName     = annotationPrefix + "slo-name"
	annMinEvents   = annotationPrefix + "min-events"
	annMinFailures = annotationPrefix + "min-failures"
	annExclusions  = annotationPrefix + "exclusions"

	annShortWindow = annotationPrefix + "short-window"
)

// Durations.

var shorthandRE = regexp.MustCompile(`^([0-9]+)([mhdwMQY])$`)

const day = 24 * time.Hour

// shorthand is a parsed duration shorthand: a fixed duration (m, h, d, w), or a
// number of calendar units (M, Q, Y), which have no fixed length.
type shorthand struct {
	fixed time.Duration
	count int
	unit  byte // 'M', 'Q' or 'Y' when calendar
}

// parseShorthand reads the specification's duration shorthand ("12h", "4w", "1M";
// "0m" is zero, which only alertAfter means).
// Prometheus-style durations ("30s", "1h30m") are accepted as well: they are what
// a catalog holds when no shorthand expresses it.
func parseShorthand(s string) (shorthand, error) {
	s = strings.TrimSpace(s)
	if m := shorthandRE.FindStringSubmatch(s); m != nil {
		n, err := strconv.Atoi(m[1])
		if err != nil {
			return shorthand{}, fmt.Errorf("invalid duration %q", s)
		}
		switch m[2][0] {
		case 'm':
			return shorthand{fixed: time.Duration(n) * time.Minute}, nil
		case 'h':
			return shorthand{fixed: time.Duration(n) * time.Hour}, nil
		case 'd':
			return shorthand{fixed: time.Duration(n) * day}, nil
		case 'w':
			return shorthand{fixed: time.Duration(n) * 7 * day}, nil
		default:
			return shorthand{count: n, unit: m[2][0]}, nil
		}
	}
	d, err := parsePromDuration(s)
	if err != nil || d <= 0 {
		return shorthand{}, fmt.Errorf("invalid duration %q (a duration shorthand such as 5m, 1h, 28d, 1w, 1M, 1Q)", s)
	}
	return shorthand{fixed: d}, nil
}

// formatShorthand writes a duration as the specification's shorthand, in the
// largest unit that divides it (days rather than weeks, as the catalog writes
// them). ok is false when no shorthand holds it (seconds): it is then written the
// Prometheus way, which this package reads back.
func formatShorthand(d time.Duration) (s string, ok bool) {
	switch {
	case d <= 0:
		return "0m", true
	case d%day == 0:
		return fmt.Sprintf("%dd", d/day), true
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour), true
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute), true
	}
	return formatPromDuration(d), false
}

func parsePromDuration(s string) (time.Duration, error) {
	d, err := model.ParseDuration(s)
	return time.Duration(d), err
}

func formatPromDuration(d time.Duration) string { return model.Duration(d).String() }

// Names.

var notDNS = regexp.MustCompile(`[^a-z0-9]+`)

// dnsLabel turns s into an RFC 1123 label (lowercase letters, digits and "-", at
// most 63 characters), the object names every OpenSLO implementation must
// support. Longer names keep a hash of the whole so they stay distinct.
func dnsLabel(s string) string {
	out := strings.Trim(notDNS.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if out == "" {
		out = "x"
	}
	if len(out) > 63 {
		h := fnv.New32a()
		_, _ = h.Write([]byte(s))
		out = strings.TrimRight(out[:54], "-") + fmt.Sprintf("-%08x", h.Sum32())
	}
	return out
}

// names hands out object names unique per kind.
type names map[string]bool

func (n names) take(kind, base string) string {
	name := dnsLabel(base)
	for i := 2; n[kind+"/"+name]; i++ {
		suffix := fmt.Sprintf("-%d", i)
		name = dnsLabel(base)
		if len(name)+len(suffix) > 63 {
			name = strings.TrimRight(name[:63-len(suffix)], "-")
		}
		name += suffix
	}
	n[kind+"/"+name] = true
	return name
}

// unknownKeys reports every mapping key of n that the struct type t does not
// read, recursing into the fields it does: what an import would otherwise drop
// without a word. yaml.Node fields and maps are free-form and not looked into.
func unknownKeys(n *yaml.Node, t reflect.Type, path string, report func(path string)) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n == nil || t == reflect.TypeOf(yaml.Node{}) {
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return
		}
		fields := map[string]reflect.Type{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name != "" && name != "-" {
				fields[name] = f.Type
			}
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i].Value
			child := joinPath(path, key)
			ft, ok := fields[key]
			if !ok {
				report(child)
				continue
			}
			unknownKeys(n.Content[i+1], ft, child, report)
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return
		}
		for i, item := range n.Content {
			unknownKeys(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i), report)
		}
	}
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
