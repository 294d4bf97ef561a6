// Package sqlsource is the SQL source: connections to PostgreSQL, MySQL/MariaDB
// and SQLite, the SQL each dialect gets for a catalog KPI (structured measures
// and raw SQL with macros), and running it read-only, with timeouts and limits.
package sqlsource

import (
	"fmt"
	"strings"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
)

// Dialect is what differs between the SQL databases.
type Dialect interface {
	// Name is postgres, mysql or sqlite.
	Name() string
	// Quote quotes one identifier (catalog identifiers are validated already).
	Quote(ident string) string
	// Placeholder is the n-th (1-based) bound parameter.
	Placeholder(n int) string
	// Epoch is the column as whole seconds since the Unix epoch (UTC).
	Epoch(col string, t catalog.SQLTimeType) string
	// Floor rounds a non-negative number of seconds down to an integer.
	Floor(expr string) string
	// Int types a bound integer used in arithmetic (PostgreSQL cannot infer it
	// inside CASE).
	Int(placeholder string) string
	// BindTime is the parameter that compares with a column of this time type.
	BindTime(t time.Time, tt catalog.SQLTimeType) any
}

// DialectOf returns the dialect of a connection type.
func DialectOf(typ string) (Dialect, error) {
	switch typ {
	case TypePostgres:
		return postgres{}, nil
	case TypeMySQL:
		return mysql{}, nil
	case TypeSQLite:
		return sqlite{}, nil
	}
	return nil, fmt.Errorf("unsupported SQL type %q (use postgres, mysql or sqlite)", typ)
}

// QuoteTable quotes each part of schema.table.
func QuoteTable(d Dialect, table string) string {
	parts := strings.Split(table, ".")
	for i, p := range parts {
		parts[i] = d.Quote(p)
	}
	return strings.Join(parts, ".")
}

// bindEpoch is the parameter for an epoch column: whole seconds or milliseconds.
func bindEpoch(t time.Time, tt catalog.SQLTimeType) any {
	if tt == catalog.TimeEpochMS {
		ms := t.UnixMilli()
		if t.Nanosecond()%int(time.Millisecond) > 0 {
			ms++
		}
		return ms
	}
	// Bounds between seconds compare as the next whole second would: an epoch_s
	// column holds whole seconds, and t >= 10.5 means t >= 11.
	s := t.Unix()
	if t.Nanosecond() > 0 {
		s++
	}
	return s
}

type postgres struct{}

func (postgres) Name() string             { return TypePostgres }
func (postgres) Quote(id string) string   { return `"` + strings.ReplaceAll(id, `"`, `""`) + `"` }
func (postgres) Placeholder(n int) string { return fmt.Sprintf("$%d", n) }
func (postgres) Floor(expr string) string { return "FLOOR(" + expr + ")" }
func (postgres) Int(p string) string      { return "CAST(" + p + " AS BIGINT)" }
func (postgres) Epoch(col string, t catalog.SQLTimeType) string {
	switch t {
	case catalog.TimeEpochS:
		return col
	case catalog.TimeEpochMS:
		return "(" + col + " / 1000)"
	}
	// A timestamp without time zone is read as UTC wall time.
	return "EXTRACT(EPOCH FROM " + col + ")"
}
func (postgres) BindTime(t time.Time, tt catalog.SQLTimeType) any {
	if tt.Epoch() {
		return bindEpoch(t, tt)
	}
	return t.UTC()
}

type mysql struct{}

func (mysql) Name() string             { return TypeMySQL }
func (mysql) Quote(id string) string   { return "`" + strings.ReplaceAll(id, "`", "``") + "`" }
func (mysql) Placeholder(int) string   { return "?" }
func (mysql) Floor(expr string) string { return "FLOOR(" + expr + ")" }
func (mysql) Int(p string) string      { return p }
func (mysql) Epoch(col string, t catalog.SQLTimeType) string {
	switch t {
	case catalog.TimeEpochS:
		return col
	case catalog.TimeEpochMS:
		return "(" + col + " DIV 1000)"
	}
	// Sessions run with time_zone '+00:00', so DATETIME is read as UTC.
	return "UNIX_TIMESTAMP(" + col + ")"
}
func (mysql) BindTime(t time.Time, tt catalog.SQLTimeType) any {
	if tt.Epoch() {
		return bindEpoch(t, tt)
	}
	return t.UTC()
}

type sqlite struct{}

func (sqlite) Name() string { return TypeSQLite }

// Quote uses backticks: SQLite reads a double-quoted name that matches no
// column as a string literal, so a misspelt column would count a constant.
func (sqlite) Quote(id string) string   { return "`" + strings.ReplaceAll(id, "`", "``") + "`" }
func (sqlite) Placeholder(int) string   { return "?" }
func (sqlite) Floor(expr string) string { return "CAST(" + expr + " AS INTEGER)" }
func (sqlite) Int(p string) string      { return p }
func (sqlite) Epoch(col string, t catalog.SQLTimeType) string {
	switch t {
	case catalog.TimeEpochS:
		return col
	case catalog.TimeEpochMS:
		return "(" + col + " / 1000)"
	}
	return "unixepoch(" + col + ")"
}

// BindTime for SQLite text timestamps is the same text format, so that the
// comparison is the text comparison an index on the column serves.
func (sqlite) BindTime(t time.Time, tt catalog.SQLTimeType) any {
	if tt.Epoch() {
		return bindEpoch(t, tt)
	}
	return t.UTC().Format(SQLiteTimeFormat)
}

// SQLiteTimeFormat is how SQLite text timestamps must be written (UTC); the
// fraction is left out when it is zero, as SQLite's own datetime() does.
const SQLiteTimeFormat = "2006-01-02 15:04:05.999"
