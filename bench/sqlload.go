package main

import (
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/northstar/kpi/internal/sqltest"
	"github.com/northstar/kpi/pkg/sqlsource"
)

// openLoaded creates the dialect's database with sqltest's schema and indexes
// and loads the events fast: PostgreSQL through sqltest (COPY); MariaDB with
// multi-row INSERTs of literal values (text protocol, nothing to prepare) in
// one transaction, its indexes built after the load; SQLite with prepared
// multi-row INSERTs in one transaction.
func openLoaded(dialect string, d sqltest.Data, dir string) (*sqltest.DB, string, error) {
	if dialect == sqlsource.TypePostgres {
		db, err := sqltest.Open(dialect, d, dir)
		return db, "COPY", err
	}
	// An empty data set makes the database, the tables and their indexes.
	db, err := sqltest.Open(dialect, sqltest.Data{Start: d.Start, End: d.End}, dir)
	if err != nil {
		return nil, "", err
	}
	how := fmt.Sprintf("multi-row INSERTs of %d rows, one transaction, indexes built after", mariaBatch)
	if dialect == sqlsource.TypeMySQL {
		err = loadMariaDB(db.Admin, d)
	} else {
		how = fmt.Sprintf("prepared multi-row INSERTs of %d rows, one transaction", sqliteBatch)
		err = loadSQLite(db.Admin, d)
	}
	if err != nil {
		db.Close()
		return nil, "", fmt.Errorf("loading the tables: %w", err)
	}
	return db, how, nil
}

const mariaBatch = 5000

// quoteText quotes a string literal for MariaDB (the data set's strings are
// plain words; quotes and backslashes are escaped all the same).
func quoteText(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

func mariaTime(t time.Time) string { return "'" + t.UTC().Format("2006-01-02 15:04:05.999999") + "'" }

// mariaIndexes are sqltest's indexes, dropped while loading and built after
// (a sorted build is faster than maintaining them row by row).
var mariaIndexes = []struct{ table, name, cols string }{
	{"orders", "orders_time", "created_at"},
	{"requests", "requests_time", "ts"},
	{"requests", "requests_ms", "ts_ms"},
}

func loadMariaDB(db *sql.DB, d sqltest.Data) error {
	for _, ix := range mariaIndexes {
		if _, err := db.Exec("DROP INDEX " + ix.name + " ON " + ix.table); err != nil {
			return err
		}
	}
	if err := insertMariaDB(db, d); err != nil {
		return err
	}
	for _, ix := range mariaIndexes {
		if _, err := db.Exec("CREATE INDEX " + ix.name + " ON " + ix.table + " (" + ix.cols + ")"); err != nil {
			return err
		}
	}
	return nil
}

func insertMariaDB(db *sql.DB, d sqltest.Data) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit this is a no-op
	insert := func(into string, n int, row func(i int, b *strings.Builder)) error {
		var b strings.Builder
		for lo := 0; lo < n; lo += mariaBatch {
			b.Reset()
			b.WriteString("INSERT INTO " + into + " VALUES ")
			for i := lo; i < min(lo+mariaBatch, n); i++ {
				if i > lo {
					b.WriteString(", ")
				}
				b.WriteByte('(')
				row(i, &b)
				b.WriteByte(')')
			}
			if _, err := tx.Exec(b.String()); err != nil {
				return err
			}
		}
		return nil
	}
	err = insert("orders (id, created_at, created_s, region, status, amount, customer_id)", len(d.Orders), func(i int, b *strings.Builder) {
		o := d.Orders[i]
		fmt.Fprintf(b, "%d, %s, %d, %s, %s, %.2f, %d", o.ID, mariaTime(o.CreatedAt), o.CreatedAt.Unix(), quoteText(o.Region), quoteText(o.Status), o.Amount, o.CustomerID)
	})
	if err != nil {
		return err
	}
	err = insert("requests (ts, ts_ms, region, outcome, latency_ms)", len(d.Requests), func(i int, b *strings.Builder) {
		r := d.Requests[i]
		fmt.Fprintf(b, "%s, %d, %s, %s, %s", mariaTime(r.TS), r.TS.UnixMilli(), quoteText(r.Region), quoteText(r.Outcome), strconv.FormatFloat(r.LatencyMS, 'g', -1, 64))
	})
	if err != nil {
		return err
	}
	return tx.Commit()
}

// sqliteBatch rows go into one execution of a prepared multi-row INSERT.
const sqliteBatch = 200

func loadSQLite(db *sql.DB, d sqltest.Data) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit this is a no-op
	text := func(t time.Time) string { return t.UTC().Format(sqlsource.SQLiteTimeFormat) }
	orders := make([][]any, len(d.Orders))
	for i, o := range d.Orders {
		orders[i] = []any{o.ID, text(o.CreatedAt), o.CreatedAt.Unix(), o.Region, o.Status, o.Amount, o.CustomerID}
	}
	if err := insertPrepared(tx, "orders (id, created_at, created_s, region, status, amount, customer_id)", 7, orders); err != nil {
		return err
	}
	reqs := make([][]any, len(d.Requests))
	for i, r := range d.Requests {
		reqs[i] = []any{text(r.TS), r.TS.UnixMilli(), r.Region, r.Outcome, r.LatencyMS}
	}
	if err := insertPrepared(tx, "requests (ts, ts_ms, region, outcome, latency_ms)", 5, reqs); err != nil {
		return err
	}
	return tx.Commit()
}

// insertPrepared inserts rows with one prepared statement of sqliteBatch rows
// (and one for the rest).
func insertPrepared(tx *sql.Tx, into string, cols int, rows [][]any) error {
	stmt := func(n int) (*sql.Stmt, error) {
		one := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
		return tx.Prepare("INSERT INTO " + into + " VALUES " + strings.TrimSuffix(strings.Repeat(one+", ", n), ", "))
	}
	full, err := stmt(sqliteBatch)
	if err != nil {
		return err
	}
	defer full.Close()
	args := make([]any, 0, sqliteBatch*cols)
	lo := 0
	for ; lo+sqliteBatch <= len(rows); lo += sqliteBatch {
		args = args[:0]
		for _, r := range rows[lo : lo+sqliteBatch] {
			args = append(args, r...)
		}
		if _, err := full.Exec(args...); err != nil {
			return err
		}
	}
	if lo == len(rows) {
		return nil
	}
	rest, err := stmt(len(rows) - lo)
	if err != nil {
		return err
	}
	defer rest.Close()
	args = args[:0]
	for _, r := range rows[lo:] {
		args = append(args, r...)
	}
	_, err = rest.Exec(args...)
	return err
}
