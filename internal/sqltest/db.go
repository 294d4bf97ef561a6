package sqltest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/go-sql-driver/mysql" // MariaDB for loading the tables
	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL through database/sql
	_ "modernc.org/sqlite"

	"github.com/northstar/kpi/pkg/sqlsource"
)

// The servers these machines run (../shared/ENVIRONMENT.md); .ci/run starts
// them when they are down.
const (
	PostgresAddr = "127.0.0.1:5432"
	MariaDBAddr  = "127.0.0.1:3306"
)

// DB is one loaded test database and the connection the datasource uses.
type DB struct {
	Dialect string
	Conn    sqlsource.Connection
	// Admin may write (tests use it to check that tables are unchanged).
	Admin *sql.DB
	drop  func()
}

// Close drops the database.
func (db *DB) Close() {
	if db.Admin != nil {
		db.Admin.Close()
	}
	if db.drop != nil {
		db.drop()
	}
}

var counter atomic.Int64

// uniqueName is a database name no other run uses at the same time.
func uniqueName() string {
	return fmt.Sprintf("northstar_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6, counter.Add(1))
}

// Open creates a database of a dialect ("postgres", "mysql", "sqlite"),
// creates the tables and loads the data set.
func Open(dialect string, d Data, dir string) (*DB, error) {
	var db *DB
	var err error
	switch dialect {
	case sqlsource.TypePostgres:
		db, err = openPostgres()
	case sqlsource.TypeMySQL:
		db, err = openMariaDB()
	case sqlsource.TypeSQLite:
		db, err = openSQLite(dir)
	default:
		return nil, fmt.Errorf("unknown dialect %q", dialect)
	}
	if err != nil {
		return nil, err
	}
	if err := load(db, d); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: loading the tables: %w", dialect, err)
	}
	return db, nil
}

// Dialects are the three the tests run on.
var Dialects = []string{sqlsource.TypePostgres, sqlsource.TypeMySQL, sqlsource.TypeSQLite}

func openPostgres() (*DB, error) {
	name := uniqueName()
	admin, err := sql.Open("pgx", "postgres://postgres@"+PostgresAddr+"/test?sslmode=disable")
	if err != nil {
		return nil, err
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		return nil, fmt.Errorf("PostgreSQL on %s is needed (start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start): %w", PostgresAddr, err)
	}
	owner, err := sql.Open("pgx", "postgres://postgres@"+PostgresAddr+"/"+name+"?sslmode=disable")
	if err != nil {
		return nil, err
	}
	drop := func() {
		if a, err := sql.Open("pgx", "postgres://postgres@"+PostgresAddr+"/test?sslmode=disable"); err == nil {
			_, _ = a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			a.Close()
		}
	}
	conn := sqlsource.Connection{Name: "pg", Type: sqlsource.TypePostgres, Host: PostgresAddr, Database: name, User: "postgres"}
	return &DB{Dialect: sqlsource.TypePostgres, Conn: conn, Admin: owner, drop: drop}, nil
}

func openMariaDB() (*DB, error) {
	name := uniqueName()
	admin, err := sql.Open("mysql", "root@tcp("+MariaDBAddr+")/?multiStatements=false")
	if err != nil {
		return nil, err
	}
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		admin.Close()
		return nil, fmt.Errorf("MariaDB on %s is needed (start it: start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd): %w", MariaDBAddr, err)
	}
	admin.Close()
	owner, err := sql.Open("mysql", "root@tcp("+MariaDBAddr+")/"+name+"?parseTime=true&loc=UTC&time_zone=%27%2B00%3A00%27")
	if err != nil {
		return nil, err
	}
	drop := func() {
		if a, err := sql.Open("mysql", "root@tcp("+MariaDBAddr+")/"); err == nil {
			_, _ = a.Exec("DROP DATABASE IF EXISTS " + name)
			a.Close()
		}
	}
	conn := sqlsource.Connection{Name: "maria", Type: sqlsource.TypeMySQL, Host: MariaDBAddr, Database: name, User: "root"}
	return &DB{Dialect: sqlsource.TypeMySQL, Conn: conn, Admin: owner, drop: drop}, nil
}

func openSQLite(dir string) (*DB, error) {
	path := filepath.Join(dir, uniqueName()+".db")
	owner, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(wal)")
	if err != nil {
		return nil, err
	}
	owner.SetMaxOpenConns(1)
	conn := sqlsource.Connection{Name: "lite", Type: sqlsource.TypeSQLite, Path: path}
	return &DB{Dialect: sqlsource.TypeSQLite, Conn: conn, Admin: owner, drop: func() { os.Remove(path) }}, nil
}

// schema is each dialect's tables: orders.created_at is a timestamp without
// time zone (UTC wall time), requests.ts a timestamp with time zone; both also
// carry the instant as epoch seconds / milliseconds.
func schema(dialect string) []string {
	ts, tstz, text, num := "TIMESTAMP", "TIMESTAMPTZ", "TEXT", "NUMERIC(12,2)"
	switch dialect {
	case sqlsource.TypeMySQL:
		ts, tstz, text, num = "DATETIME", "TIMESTAMP NULL", "VARCHAR(32)", "DECIMAL(12,2)"
	case sqlsource.TypeSQLite:
		ts, tstz, num = "TEXT", "TEXT", "REAL"
	}
	return []string{
		fmt.Sprintf("CREATE TABLE orders (id BIGINT PRIMARY KEY, created_at %s NOT NULL, created_s BIGINT NOT NULL, region %s NOT NULL, status %s NOT NULL, amount %s NOT NULL, customer_id BIGINT NOT NULL)", ts, text, text, num),
		fmt.Sprintf("CREATE TABLE requests (ts %s NOT NULL, ts_ms BIGINT NOT NULL, region %s NOT NULL, outcome %s NOT NULL, latency_ms DOUBLE PRECISION NOT NULL)", tstz, text, text),
		"CREATE INDEX orders_time ON orders (created_at)",
		"CREATE INDEX requests_time ON requests (ts)",
		"CREATE INDEX requests_ms ON requests (ts_ms)",
	}
}

func load(db *DB, d Data) error {
	for _, stmt := range schema(db.Dialect) {
		if _, err := db.Admin.Exec(stmt); err != nil {
			return fmt.Errorf("%s: %w", stmt, err)
		}
	}
	if db.Dialect == sqlsource.TypePostgres {
		return copyPostgres(db, d)
	}
	return insertBatches(db, d)
}

func copyPostgres(db *DB, d Data) error {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, "postgres://postgres@"+PostgresAddr+"/"+db.Conn.Database+"?sslmode=disable")
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	orders := make([][]any, len(d.Orders))
	for i, o := range d.Orders {
		orders[i] = []any{o.ID, o.CreatedAt, o.CreatedAt.Unix(), o.Region, o.Status, fmt.Sprintf("%.2f", o.Amount), o.CustomerID}
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"orders"}, []string{"id", "created_at", "created_s", "region", "status", "amount", "customer_id"}, pgx.CopyFromRows(orders)); err != nil {
		return err
	}
	reqs := make([][]any, len(d.Requests))
	for i, r := range d.Requests {
		reqs[i] = []any{r.TS, r.TS.UnixMilli(), r.Region, r.Outcome, r.LatencyMS}
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"requests"}, []string{"ts", "ts_ms", "region", "outcome", "latency_ms"}, pgx.CopyFromRows(reqs)); err != nil {
		return err
	}
	_, err = conn.Exec(ctx, "ANALYZE")
	return err
}

// insertBatches loads MariaDB and SQLite with multi-row INSERTs in one
// transaction per table.
func insertBatches(db *DB, d Data) error {
	timeArg := func(t time.Time) any {
		if db.Dialect == sqlsource.TypeSQLite {
			return t.UTC().Format(sqlsource.SQLiteTimeFormat)
		}
		return t.UTC()
	}
	orders := make([][]any, len(d.Orders))
	for i, o := range d.Orders {
		orders[i] = []any{o.ID, timeArg(o.CreatedAt), o.CreatedAt.Unix(), o.Region, o.Status, o.Amount, o.CustomerID}
	}
	if err := insertRows(db.Admin, "orders (id, created_at, created_s, region, status, amount, customer_id)", orders); err != nil {
		return err
	}
	reqs := make([][]any, len(d.Requests))
	for i, r := range d.Requests {
		reqs[i] = []any{timeArg(r.TS), r.TS.UnixMilli(), r.Region, r.Outcome, r.LatencyMS}
	}
	return insertRows(db.Admin, "requests (ts, ts_ms, region, outcome, latency_ms)", reqs)
}

func insertRows(db *sql.DB, into string, rows [][]any) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit this is a no-op
	const batch = 500
	for lo := 0; lo < len(rows); lo += batch {
		hi := min(lo+batch, len(rows))
		one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(rows[0])), ", ") + ")"
		values := strings.TrimSuffix(strings.Repeat(one+", ", hi-lo), ", ")
		var args []any
		for _, r := range rows[lo:hi] {
			args = append(args, r...)
		}
		if _, err := tx.Exec("INSERT INTO "+into+" VALUES "+values, args...); err != nil {
			return err
		}
	}
	return tx.Commit()
}
