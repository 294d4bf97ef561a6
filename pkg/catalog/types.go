// Package catalog defines the KPI catalog: its YAML schema, parsing with precise
// problem reports, validation and a store that keeps serving the last valid catalog.
package catalog

import (
	"time"
)

// APIVersion is the only catalog version this build understands.
const APIVersion = "northstar.kpi/v1"

// Catalog is one parsed and validated catalog document.
type Catalog struct {
	APIVersion string `yaml:"apiVersion" json:"apiVersion"`
	KPIs       []KPI  `yaml:"kpis" json:"kpis"`
}

// Direction says whether a higher or a lower value is better.
type Direction string

const (
	Higher Direction = "higher"
	Lower  Direction = "lower"
)

// Aggregation reduces a KPI's values over a time range to one number.
type Aggregation string

const (
	AggLast     Aggregation = "last"
	AggAvg      Aggregation = "avg"
	AggSum      Aggregation = "sum"
	AggMin      Aggregation = "min"
	AggMax      Aggregation = "max"
	AggIncrease Aggregation = "increase"
	// AggRatio computes a ratio or latency KPI over the whole range from its totals
	// (good over total events), never by averaging short ratios.
	AggRatio Aggregation = "ratio"
	// AggWindow computes a structured SQL measure over every row of the range
	// (an average of all rows, a distinct count over the whole range), never by
	// folding bucket values.
	AggWindow Aggregation = "window"
)

// OverWindow tells whether the KPI's value is computed over the whole range at
// once (ratios, structured SQL measures) rather than reduced from its series.
func (a Aggregation) OverWindow() bool { return a == AggRatio || a == AggWindow }

// KPI is one catalog entry.
type KPI struct {
	ID          string      `yaml:"id" json:"id"`
	Name        string      `yaml:"name" json:"name"`
	Description string      `yaml:"description" json:"description,omitempty"`
	Owner       string      `yaml:"owner" json:"owner"`
	Unit        string      `yaml:"unit" json:"unit,omitempty"`
	Decimals    *int        `yaml:"decimals" json:"decimals,omitempty"`
	Direction   Direction   `yaml:"direction" json:"direction"`
	Version     string      `yaml:"version" json:"version"`
	Category    string      `yaml:"category" json:"category,omitempty"`
	Tags        []string    `yaml:"tags" json:"tags,omitempty"`
	Source      string      `yaml:"source" json:"source"`
	Query       Query       `yaml:"query" json:"query"`
	Aggregation Aggregation `yaml:"aggregation" json:"aggregation"`
	Target      *Target     `yaml:"target" json:"target,omitempty"`
	Thresholds  *Thresholds `yaml:"thresholds" json:"thresholds,omitempty"`
	Comparison  Comparison  `yaml:"comparison" json:"comparison"`
	Dimensions  []string    `yaml:"dimensions" json:"dimensions,omitempty"`
	Timezone    string      `yaml:"timezone" json:"timezone,omitempty"`
	// SLO is the short form for a KPI with one objective; SLOs holds several (other
	// objectives or windows on the same KPI). Validation moves SLO into SLOs, so
	// code after validation reads SLOs only.
	SLO  *SLO  `yaml:"slo" json:"-"`
	SLOs []SLO `yaml:"slos" json:"slos,omitempty"`

	location *time.Location
}

// Location is the KPI's time zone (UTC unless set), used for calendar periods and
// scheduled target dates.
func (k *KPI) Location() *time.Location {
	if k.location == nil {
		return time.UTC
	}
	return k.location
}

// QueryKind tells how a KPI's value is obtained.
type QueryKind string

const (
	KindValue   QueryKind = "value"
	KindRatio   QueryKind = "ratio"
	KindLatency QueryKind = "latency"
)

// Query is exactly one of the Prometheus forms (Expr, Ratio or Latency) or SQL.
type Query struct {
	// Expr is a PromQL expression; it may use $__window, $__interval and $__range.
	Expr    string    `yaml:"expr" json:"expr,omitempty"`
	Ratio   *Ratio    `yaml:"ratio" json:"ratio,omitempty"`
	Latency *Latency  `yaml:"latency" json:"latency,omitempty"`
	SQL     *SQLQuery `yaml:"sql" json:"sql,omitempty"`
}

// Language is the query language of the KPI's source: promql or sql.
func (q Query) Language() string {
	if q.SQL != nil {
		return "sql"
	}
	return "promql"
}

// Kind reports which form the query takes; a SQL ratio is a ratio.
func (q Query) Kind() QueryKind {
	switch {
	case q.SQL != nil && q.SQL.Ratio != nil:
		return KindRatio
	case q.SQL != nil:
		return KindValue
	case q.Ratio != nil:
		return KindRatio
	case q.Latency != nil:
		return KindLatency
	default:
		return KindValue
	}
}

// Ratio is good/total or bad/total over counter selectors.
type Ratio struct {
	Good  string `yaml:"good" json:"good,omitempty"`
	Bad   string `yaml:"bad" json:"bad,omitempty"`
	Total string `yaml:"total" json:"total"`
}

// Latency is the share of a histogram's observations at or below Threshold.
type Latency struct {
	// Histogram is a selector of the classic histogram's _bucket series.
	Histogram string  `yaml:"histogram" json:"histogram"`
	Threshold float64 `yaml:"threshold" json:"threshold"`
}

// Target is exactly one of a static value, a schedule or a baseline.
type Target struct {
	Value    *float64          `yaml:"value" json:"value,omitempty"`
	Schedule []ScheduledTarget `yaml:"schedule" json:"schedule,omitempty"`
	Baseline *Baseline         `yaml:"baseline" json:"baseline,omitempty"`
}

// ScheduledTarget is a target in force from a date (in the KPI's time zone) on.
type ScheduledTarget struct {
	From  string  `yaml:"from" json:"from"`
	Value float64 `yaml:"value" json:"value"`

	from time.Time
}

// Start is the parsed From date.
func (s ScheduledTarget) Start() time.Time { return s.from }

// Baseline derives a target from the same range in past periods.
type Baseline struct {
	Periods     int      `yaml:"periods" json:"periods"`
	Every       Duration `yaml:"every" json:"every"`
	Statistic   string   `yaml:"statistic" json:"statistic"`
	Improvement float64  `yaml:"improvement" json:"improvement"`
}

// Thresholds bound the warning and critical zones, in the KPI's unit.
type Thresholds struct {
	Warning  *float64 `yaml:"warning" json:"warning,omitempty"`
	Critical *float64 `yaml:"critical" json:"critical,omitempty"`
}

// ComparisonType names how the previous period is chosen.
type ComparisonType string

const (
	ComparePreviousRange ComparisonType = "previous_range"
	CompareOffset        ComparisonType = "offset"
	CompareCalendar      ComparisonType = "calendar"
)

// Comparison chooses the period a KPI is compared against.
type Comparison struct {
	Type     ComparisonType `yaml:"type" json:"type"`
	Offset   Duration       `yaml:"offset" json:"offset,omitempty"`
	Calendar string         `yaml:"calendar" json:"calendar,omitempty"`
}

// SLO is a service level objective on a ratio or latency KPI.
type SLO struct {
	// Name tells several objectives of one KPI apart; it defaults to the objective
	// and window, e.g. "99.9-28d" or "99.5-calendar-month".
	Name      string      `yaml:"name" json:"name"`
	Objective float64     `yaml:"objective" json:"objective"`
	Window    SLOWindow   `yaml:"window" json:"window"`
	Budgeting Budgeting   `yaml:"budgeting" json:"budgeting"`
	Alerting  AlertPolicy `yaml:"alerting" json:"alerting"`
	// Exclusions are budget exclusions (maintenance windows): their events count
	// neither as good nor as bad.
	Exclusions []Exclusion `yaml:"exclusions" json:"exclusions,omitempty"`
}

// SLOWindow is exactly one of a rolling duration or a calendar period; calendar
// periods start at the boundary in the KPI's time zone.
type SLOWindow struct {
	Rolling  Duration `yaml:"rolling" json:"rolling,omitempty"`
	Calendar string   `yaml:"calendar" json:"calendar,omitempty"` // week, month or quarter
}

// BudgetingMethod is how the SLI counts: by events or by time slices (OpenSLO).
type BudgetingMethod string

const (
	Occurrences     BudgetingMethod = "occurrences"
	Timeslices      BudgetingMethod = "timeslices"
	RatioTimeslices BudgetingMethod = "ratioTimeslices"
)

// Budgeting chooses the budgeting method; Slice and SliceTarget apply to the
// timeslice methods (SliceTarget only to timeslices).
type Budgeting struct {
	Method      BudgetingMethod `yaml:"method" json:"method"`
	Slice       Duration        `yaml:"slice" json:"slice,omitempty"`
	SliceTarget float64         `yaml:"sliceTarget" json:"sliceTarget,omitempty"`
}

// AlertPolicy is the multiwindow, multi-burn-rate policy of an SLO. Without Pairs,
// validation fills in the SRE Workbook's four pairs scaled to the SLO window.
type AlertPolicy struct {
	Pairs []BurnPair `yaml:"pairs" json:"pairs"`
	// MinEvents and MinFailures keep low-traffic services from paging: a pair only
	// fires when its long window saw at least this many events / bad events.
	MinEvents   float64 `yaml:"minEvents" json:"minEvents,omitempty"`
	MinFailures float64 `yaml:"minFailures" json:"minFailures,omitempty"`
}

// BurnPair fires when the burn rate over both Long and Short is at least Factor.
type BurnPair struct {
	Severity string   `yaml:"severity" json:"severity"`
	Long     Duration `yaml:"long" json:"long"`
	Short    Duration `yaml:"short" json:"short"`
	Factor   float64  `yaml:"factor" json:"factor"`
}

// Exclusion is a budget exclusion between two instants (RFC 3339, or a local
// date-time "2026-11-01 02:00" in the KPI's time zone).
type Exclusion struct {
	From   string `yaml:"from" json:"from"`
	To     string `yaml:"to" json:"to"`
	Reason string `yaml:"reason" json:"reason,omitempty"`

	from, to time.Time
}

// Span is the parsed [From, To) interval.
func (e Exclusion) Span() (from, to time.Time) { return e.from, e.to }
