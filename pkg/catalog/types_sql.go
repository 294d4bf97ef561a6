package catalog

// SQLQuery is a KPI computed from a SQL table: either structured (Table,
// TimeColumn and exactly one of Measure or Ratio; the engine writes the SQL for
// each dialect) or Raw SQL with Grafana's time macros. Identifiers come from
// here only; values in conditions and every time bound are bound parameters.
type SQLQuery struct {
	// Table is a table or view, optionally schema-qualified (analytics.orders).
	Table      string `yaml:"table" json:"table,omitempty"`
	TimeColumn string `yaml:"timeColumn" json:"timeColumn,omitempty"`
	// TimeType is how TimeColumn stores instants (default timestamp).
	TimeType SQLTimeType `yaml:"timeType" json:"timeType,omitempty"`
	// Where is the KPI's population: rows outside it do not exist for the KPI. A
	// window with no population rows has no value; a count in a window that has
	// rows, but none that match the measure's own conditions, is 0.
	Where   []SQLCondition `yaml:"where" json:"where,omitempty"`
	Measure *SQLMeasure    `yaml:"measure" json:"measure,omitempty"`
	Ratio   *SQLRatio      `yaml:"ratio" json:"ratio,omitempty"`
	// Raw is a SELECT that returns a time column, a value column and one column
	// per dimension, with $__timeFilter(col), $__timeFrom(), $__timeTo(),
	// $__timeGroup(col, $__interval) and their $__unixEpoch… forms.
	Raw string `yaml:"raw" json:"raw,omitempty"`
}

// SQLTimeType names how a time column stores instants.
type SQLTimeType string

const (
	// TimeTimestamp is a timestamp without time zone holding UTC wall time (MySQL
	// DATETIME, SQLite text 'YYYY-MM-DD HH:MM:SS[.SSS]').
	TimeTimestamp SQLTimeType = "timestamp"
	// TimeTimestampTZ is a timestamp with time zone (MySQL TIMESTAMP).
	TimeTimestampTZ SQLTimeType = "timestamptz"
	TimeEpochS      SQLTimeType = "epoch_s"
	TimeEpochMS     SQLTimeType = "epoch_ms"
)

// SQLTimeTypes are the accepted time types.
var SQLTimeTypes = []SQLTimeType{TimeTimestamp, TimeTimestampTZ, TimeEpochS, TimeEpochMS}

// Epoch tells whether the column holds numbers rather than timestamps.
func (t SQLTimeType) Epoch() bool { return t == TimeEpochS || t == TimeEpochMS }

// SQLAgg is the aggregate of a SQL measure.
type SQLAgg string

const (
	SQLCount         SQLAgg = "count"
	SQLSum           SQLAgg = "sum"
	SQLAvg           SQLAgg = "avg"
	SQLMin           SQLAgg = "min"
	SQLMax           SQLAgg = "max"
	SQLCountDistinct SQLAgg = "count_distinct"
)

// SQLAggs are the accepted aggregates.
var SQLAggs = []SQLAgg{SQLCount, SQLSum, SQLAvg, SQLMin, SQLMax, SQLCountDistinct}

// CountLike aggregates are 0, not null, over rows none of which match.
func (a SQLAgg) CountLike() bool { return a == SQLCount || a == SQLSum || a == SQLCountDistinct }

// SQLMeasure is one aggregate, over the rows that also match its own conditions.
type SQLMeasure struct {
	Agg SQLAgg `yaml:"agg" json:"agg"`
	// Column is required except for count (which counts rows).
	Column string         `yaml:"column" json:"column,omitempty"`
	Where  []SQLCondition `yaml:"where" json:"where,omitempty"`
}

// SQLRatio is good (or bad) over total, each summed over the window before the
// division, never an average of shorter ratios.
type SQLRatio struct {
	Good  *SQLMeasure `yaml:"good" json:"good,omitempty"`
	Bad   *SQLMeasure `yaml:"bad" json:"bad,omitempty"`
	Total *SQLMeasure `yaml:"total" json:"total"`
}

// Part is the good or the bad measure, whichever is set.
func (r *SQLRatio) Part() (m *SQLMeasure, good bool) {
	if r.Good != nil {
		return r.Good, true
	}
	return r.Bad, false
}

// SQLCondition compares a column with catalog values (bound as parameters).
type SQLCondition struct {
	Column string `yaml:"column" json:"column"`
	// Op is =, !=, <, <=, >, >=, in, not in, is null or is not null.
	Op     string `yaml:"op" json:"op"`
	Value  any    `yaml:"value" json:"value,omitempty"`
	Values []any  `yaml:"values" json:"values,omitempty"`
}

// SQLOps are the accepted condition operators.
var SQLOps = []string{"=", "!=", "<", "<=", ">", ">=", "in", "not in", "is null", "is not null"}

// Structured tells the structured form from raw SQL.
func (q *SQLQuery) Structured() bool { return q.Raw == "" }
