package sqlsource_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/northstar/kpi/internal/sqltest"
	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
	"github.com/northstar/kpi/pkg/sqlsource"
)

func rawKPI(t *testing.T, raw string, dims ...string) *catalog.KPI {
	t.Helper()
	dimList := "[" + strings.Join(dims, ", ") + "]"
	yaml := fmt.Sprintf(`apiVersion: northstar.kpi/v1
kpis:
  - id: raw
    name: Raw
    owner: shop
    version: "1"
    direction: higher
    source: db
    dimensions: %s
    aggregation: sum
    query:
      sql:
        raw: %q
`, dimList, raw)
	cat, problems := catalog.Parse([]byte(yaml))
	if problems != nil {
		t.Fatalf("catalog: %v", problems)
	}
	return &cat.KPIs[0]
}

var rawWindow = kpimath.Window{From: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 8, 0, 0, 0, 0, time.UTC)}

// TestRawSQLWithMacros: a raw KPI grouped with $__timeGroup gives the same
// daily revenue in every dialect as the rows do.
func TestRawSQLWithMacros(t *testing.T) {
	k := rawKPI(t, "SELECT $__timeGroup(created_at, $__interval) AS time, region, SUM(amount) AS value FROM orders WHERE $__timeFilter(created_at) AND status = 'paid' GROUP BY 1, 2", "region")
	for _, dialect := range sqltest.Dialects {
		src := newSource(t, dbs[dialect])
		series, err := src.Series(context.Background(), k, source.Filters{"region": {"us"}}, rawWindow, 24*time.Hour)
		if err != nil {
			t.Fatalf("%s: %v", dialect, err)
		}
		if len(series) != 1 || len(series[0].Points) != 7 {
			t.Fatalf("%s: got %v", dialect, series)
		}
		for i, p := range series[0].Points {
			end := rawWindow.From.Add(time.Duration(i+1) * 24 * time.Hour)
			paid := data.OrdersIn(end.Add(-24*time.Hour), end, func(o sqltest.Order) bool { return o.Region == "us" && o.Status == "paid" })
			if want := sum(sqltest.Amounts(paid)); !p.T.Equal(end) || !close(p.V, want) {
				t.Errorf("%s day %d: got %v %v, want %v %v", dialect, i, p.T, p.V, end, want)
			}
		}
	}
}

// TestRawSQLMissingColumnsAreNamed: raw SQL without the columns the KPI needs
// says which are missing.
func TestRawSQLMissingColumnsAreNamed(t *testing.T) {
	k := rawKPI(t, "SELECT created_at AS t, amount AS value FROM orders WHERE $__timeFilter(created_at)", "region")
	for _, dialect := range sqltest.Dialects {
		_, err := newSource(t, dbs[dialect]).Series(context.Background(), k, source.Filters{}, rawWindow, time.Hour)
		var input *source.InputError
		if !errors.As(err, &input) || !strings.Contains(err.Error(), "time, region missing") {
			t.Errorf("%s: got %v", dialect, err)
		}
	}
}

func orderCount(t *testing.T, db *sqltest.DB) int {
	t.Helper()
	var n int
	if err := db.Admin.QueryRow("SELECT COUNT(*) FROM orders").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSessionsAreReadOnly: raw SQL that tries to write fails in every dialect
// (even as a superuser), and the table is unchanged.
func TestSessionsAreReadOnly(t *testing.T) {
	attempts := []string{
		"WITH x AS (SELECT 1) SELECT created_at AS time, 1 AS value FROM orders WHERE $__timeFilter(created_at); INSERT INTO orders (id, created_at, created_s, region, status, amount, customer_id) VALUES (999999, '2026-11-02 00:00:00', 0, 'eu', 'paid', 1, 1)",
		"SELECT created_at AS time, 1 AS value FROM orders WHERE $__timeFilter(created_at); DROP TABLE orders",
		"SELECT created_at AS time, 1 AS value FROM orders WHERE $__timeFilter(created_at); DELETE FROM orders",
	}
	for _, dialect := range sqltest.Dialects {
		db := dbs[dialect]
		before := orderCount(t, db)
		src := newSource(t, db)
		for i, raw := range attempts {
			if _, err := src.Series(context.Background(), rawKPI(t, raw), source.Filters{}, rawWindow, time.Hour); err == nil {
				t.Errorf("%s attempt %d: a writing statement ran", dialect, i)
			}
		}
		// A single writing statement on the session itself is refused too.
		c, err := sqlsource.NewClient(db.Conn, sqlsource.Secrets{})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.TryWrite(context.Background(), "DELETE FROM orders"); err == nil || !strings.Contains(err.Error(), "read-only") {
			t.Errorf("%s: a DELETE on the datasource's session: %v, want a read-only error", dialect, err)
		}
		c.Close()
		if after := orderCount(t, db); after != before {
			t.Errorf("%s: orders changed from %d to %d rows", dialect, before, after)
		}
	}
}

// TestFaultsAreClearErrors: a database that is down, a slow statement past the
// timeout and a missing column each give a clear error.
func TestFaultsAreClearErrors(t *testing.T) {
	cat := testKPIs(t)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedAddr := lis.Addr().String()
	lis.Close()
	for _, dialect := range []string{sqltest.Dialects[0], sqltest.Dialects[1]} {
		conn := dbs[dialect].Conn
		conn.Host = closedAddr
		c, err := sqlsource.NewClient(conn, sqlsource.Secrets{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = sqlsource.NewSource(c).Overall(context.Background(), kpi(t, cat, "orders"), source.Filters{}, rawWindow)
		if err == nil || !strings.Contains(err.Error(), "nothing accepts connections at "+closedAddr) {
			t.Errorf("%s down: got %v", dialect, err)
		}
		c.Close()
	}
	missing := sqlsource.Connection{Name: "lite", Type: sqlsource.TypeSQLite, Path: "/nonexistent/shop.db"}
	c, _ := sqlsource.NewClient(missing, sqlsource.Secrets{})
	if err := c.Ping(context.Background()); err == nil || !strings.Contains(err.Error(), "cannot open the SQLite file") {
		t.Errorf("sqlite missing file: got %v", err)
	}

	slow := map[string]string{
		sqltest.Dialects[0]: "WITH s AS (SELECT pg_sleep(5)) SELECT created_at AS time, 1 AS value FROM orders, s WHERE $__timeFilter(created_at)",
		sqltest.Dialects[1]: "SELECT created_at AS time, SLEEP(5) AS value FROM orders WHERE $__timeFilter(created_at)",
		sqltest.Dialects[2]: "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 1000000000) SELECT created_at AS time, (SELECT COUNT(*) FROM r) AS value FROM orders WHERE $__timeFilter(created_at)",
	}
	for dialect, raw := range slow {
		conn := dbs[dialect].Conn
		conn.TimeoutSeconds = 1
		c, err := sqlsource.NewClient(conn, sqlsource.Secrets{})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, err = sqlsource.NewSource(c).Series(context.Background(), rawKPI(t, raw), source.Filters{}, rawWindow, time.Hour)
		if err == nil || !strings.Contains(err.Error(), "timeout") {
			t.Errorf("%s slow: got %v", dialect, err)
		}
		if took := time.Since(start); took > 4*time.Second {
			t.Errorf("%s slow: the 1 s timeout took %s", dialect, took)
		}
		c.Close()
	}

	noColumn := rawKPI(t, "SELECT created_at AS time, no_such_column AS value FROM orders WHERE $__timeFilter(created_at)")
	for _, dialect := range sqltest.Dialects {
		_, err := newSource(t, dbs[dialect]).Series(context.Background(), noColumn, source.Filters{}, rawWindow, time.Hour)
		if err == nil || !strings.Contains(err.Error(), "column missing") || !strings.Contains(err.Error(), "no_such_column") {
			t.Errorf("%s missing column: got %v", dialect, err)
		}
	}
}
