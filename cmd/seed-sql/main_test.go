package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// end is the fixed end the tests generate to (not on the hour: it is rounded down).
var end = time.Date(2026, 11, 20, 9, 41, 7, 0, time.UTC)

// parsed is the data of one generated file, read back from its COPY blocks.
type parsed struct {
	header     []string
	orders     [][]string
	requests   [][]string
	statements string // everything outside the COPY data
}

func parse(t *testing.T, sql []byte) parsed {
	t.Helper()
	var p parsed
	var stmts strings.Builder
	var block *[][]string
	sc := bufio.NewScanner(bytes.NewReader(sql))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case block != nil && line == `\.`:
			block = nil
		case block != nil:
			*block = append(*block, strings.Split(line, "\t"))
		case strings.HasPrefix(line, "COPY orders "):
			block = &p.orders
		case strings.HasPrefix(line, "COPY requests "):
			block = &p.requests
		case strings.HasPrefix(line, "-- "):
			p.header = append(p.header, line)
		}
		if block == nil || strings.HasPrefix(line, "COPY ") {
			stmts.WriteString(line + "\n")
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if block != nil {
		t.Fatal(`a COPY block is not closed with \.`)
	}
	p.statements = stmts.String()
	return p
}

func generate(t *testing.T, cfg Config) ([]byte, Stats) {
	t.Helper()
	var buf bytes.Buffer
	st, err := Write(&buf, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), st
}

var (
	amountRE = regexp.MustCompile(`^[1-9][0-9]*\.[0-9]{2}$`)
	regions  = map[string]bool{"eu": true, "us": true, "apac": true}
	statuses = map[string]bool{"paid": true, "refunded": true, "failed": true}
	outcomes = map[string]bool{"ok": true, "error": true}
)

func parseTime(t *testing.T, s string) time.Time {
	t.Helper()
	ts, err := time.Parse("2006-01-02 15:04:05.999-07", s)
	if err != nil {
		t.Fatalf("timestamp %q: %v", s, err)
	}
	return ts
}

func TestWrite(t *testing.T) {
	wantStart := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		days int
		// pinned row counts: the data set is a function of days and end alone
		orders, requests int
		outage           bool
	}{
		{days: 1, orders: 2600, requests: 22792, outage: false},
		{days: 2, orders: 5251, requests: 45907, outage: true},
		{days: 7, orders: 19413, requests: 147203, outage: true},
		{days: 30, orders: 83680, requests: 634372, outage: true},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%d days", tc.days), func(t *testing.T) {
			sql, st := generate(t, Config{Days: tc.days, End: end})
			again, _ := generate(t, Config{Days: tc.days, End: end})
			if sha256.Sum256(sql) != sha256.Sum256(again) {
				t.Fatal("two runs with the same configuration wrote different files")
			}
			p := parse(t, sql)

			if st.End != wantStart || st.Start != wantStart.AddDate(0, 0, -tc.days) {
				t.Errorf("range %s..%s, want %d days ending %s", st.Start, st.End, tc.days, wantStart)
			}
			if st.Orders != tc.orders || st.Requests != tc.requests {
				t.Errorf("rows: %d orders, %d requests; want %d, %d", st.Orders, st.Requests, tc.orders, tc.requests)
			}
			if len(p.orders) != st.Orders || len(p.requests) != st.Requests {
				t.Errorf("COPY blocks hold %d orders, %d requests; Stats says %d, %d", len(p.orders), len(p.requests), st.Orders, st.Requests)
			}
			wantHeader := fmt.Sprintf("-- Rows: orders %d, requests %d.", st.Orders, st.Requests)
			if !strings.Contains(strings.Join(p.header, "\n"), wantHeader) {
				t.Errorf("header %q lacks %q", p.header, wantHeader)
			}
			// Rough size: a few thousand orders and about 7.5 requests per order a day.
			if perDay := st.Orders / tc.days; perDay < 2000 || perDay > 4000 {
				t.Errorf("%d orders a day", perDay)
			}

			for _, stmt := range []string{
				"CREATE TABLE orders (\n  id bigserial PRIMARY KEY,\n  created_at timestamptz NOT NULL,\n  region text NOT NULL,\n  status text NOT NULL,\n  amount numeric(12,2) NOT NULL,\n  customer_id bigint NOT NULL\n);",
				"CREATE TABLE requests (\n  id bigserial,\n  ts timestamptz NOT NULL,\n  region text NOT NULL,\n  outcome text NOT NULL,\n  latency_ms double precision NOT NULL\n);",
				"COPY orders (created_at, region, status, amount, customer_id) FROM stdin;",
				"COPY requests (ts, region, outcome, latency_ms) FROM stdin;",
				"CREATE INDEX orders_created_at_idx ON orders (created_at);",
				"CREATE INDEX orders_region_created_at_idx ON orders (region, created_at);",
				"CREATE INDEX requests_ts_idx ON requests (ts);",
				"CREATE INDEX requests_region_ts_idx ON requests (region, ts);",
				"BEGIN;", "COMMIT;",
			} {
				if !strings.Contains(p.statements, stmt) {
					t.Errorf("statements lack %q", stmt)
				}
			}
			if strings.Contains(p.statements, "CREATE ROLE") {
				t.Error("a role is created without -readonly-role")
			}

			// Orders: well-formed, in range and in time order (ids follow time).
			prev := st.Start
			ordersByWeekday := map[time.Weekday]int{}
			for i, row := range p.orders {
				if len(row) != 5 {
					t.Fatalf("order %d: %d fields: %q", i, len(row), row)
				}
				ts := parseTime(t, row[0])
				if ts.Before(prev) || !ts.Before(st.End) {
					t.Fatalf("order %d at %s: out of order or range (previous %s)", i, ts, prev)
				}
				prev = ts
				if !regions[row[1]] || !statuses[row[2]] || !amountRE.MatchString(row[3]) {
					t.Fatalf("order %d: %q", i, row)
				}
				if c, err := strconv.Atoi(row[4]); err != nil || c < 1 || c > 5000 {
					t.Fatalf("order %d: customer %q", i, row[4])
				}
				ordersByWeekday[ts.Add(time.Hour).Weekday()]++ // eu local time
			}

			// Requests: the same, and the error share per hour for the outage.
			prev = st.Start
			total := map[time.Time]int{}
			errs := map[time.Time]int{}
			for i, row := range p.requests {
				if len(row) != 4 {
					t.Fatalf("request %d: %d fields: %q", i, len(row), row)
				}
				ts := parseTime(t, row[0])
				if ts.Before(prev) || !ts.Before(st.End) {
					t.Fatalf("request %d at %s: out of order or range (previous %s)", i, ts, prev)
				}
				prev = ts
				if !regions[row[1]] || !outcomes[row[2]] {
					t.Fatalf("request %d: %q", i, row)
				}
				if ms, err := strconv.ParseFloat(row[3], 64); err != nil || ms <= 0 {
					t.Fatalf("request %d: latency %q", i, row[3])
				}
				h := ts.UTC().Truncate(time.Hour)
				total[h]++
				if row[2] == "error" {
					errs[h]++
				}
			}
			if len(total) != 24*tc.days {
				t.Errorf("requests in %d hours, want every one of %d", len(total), 24*tc.days)
			}
			outageHour := st.End.Add(-48 * time.Hour)
			if st.Outage.IsZero() == tc.outage || (tc.outage && st.Outage != outageHour) {
				t.Fatalf("outage %s, want one: %v (at %s)", st.Outage, tc.outage, outageHour)
			}
			worst := 0.0
			for h, n := range total {
				if share := float64(errs[h]) / float64(n); h != outageHour && share > worst {
					worst = share
				}
			}
			if worst > 0.03 {
				t.Errorf("an ordinary hour has %.1f %% errors", 100*worst)
			}
			if tc.outage {
				share := float64(errs[outageHour]) / float64(total[outageHour])
				if share < 0.2 || share < 10*worst || share != st.OutageError {
					t.Errorf("outage hour: %.1f %% errors (Stats %.1f %%), ordinary hours at most %.1f %%", 100*share, 100*st.OutageError, 100*worst)
				}
				if !strings.Contains(strings.Join(p.header, "\n"), "-- Outage hour: "+outageHour.Format(time.RFC3339)) {
					t.Errorf("header %q does not name the outage hour", p.header)
				}
			}
			if tc.days == 30 {
				// Weekly pattern: the shop sells more on Saturdays than on Tuesdays.
				if ordersByWeekday[time.Saturday] < ordersByWeekday[time.Tuesday]*11/10 {
					t.Errorf("orders by weekday %v: no weekend peak", ordersByWeekday)
				}
			}
		})
	}
}

func TestDailyPattern(t *testing.T) {
	sql, _ := generate(t, Config{Days: 30, End: end})
	p := parse(t, sql)
	byLocalHour := map[string]*[24]int{}
	for _, r := range Regions {
		byLocalHour[r.Name] = &[24]int{}
	}
	offset := map[string]time.Duration{}
	for _, r := range Regions {
		offset[r.Name] = r.UTCOffset
	}
	for _, row := range p.orders {
		ts := parseTime(t, row[0]).Add(offset[row[1]])
		byLocalHour[row[1]][ts.Hour()]++
	}
	for region, hours := range byLocalHour {
		if night, afternoon := hours[3], hours[14]; afternoon < 3*night {
			t.Errorf("%s: %d orders at 03h, %d at 14h local: no daily pattern", region, night, afternoon)
		}
	}
}

func TestWriteErrors(t *testing.T) {
	for _, cfg := range []Config{
		{Days: 0, End: end},
		{Days: 1, End: end, ReadonlyRole: "Robert'); DROP TABLE", PasswordEnv: "X"},
		{Days: 1, End: end, ReadonlyRole: "grafana", PasswordEnv: "NOT A NAME"},
	} {
		if _, err := Write(&bytes.Buffer{}, cfg); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
}

func TestRunFlags(t *testing.T) {
	out := filepath.Join(t.TempDir(), "shop.sql")
	var log bytes.Buffer
	if err := run([]string{"-days", "2", "-end", end.Format(time.RFC3339), "-readonly-role", "grafana", "-out", out}, &log); err != nil {
		t.Fatal(err, log.String())
	}
	sql, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	direct, _ := generate(t, Config{Days: 2, End: end, ReadonlyRole: "grafana", PasswordEnv: "SHOP_READONLY_PASSWORD"})
	if !bytes.Equal(sql, direct) {
		t.Error("the command's file differs from Write's output")
	}
	for _, want := range []string{
		`\getenv readonly_password SHOP_READONLY_PASSWORD`,
		"CREATE ROLE grafana LOGIN PASSWORD :'readonly_password';",
		"GRANT SELECT ON orders, requests TO grafana;",
	} {
		if !bytes.Contains(sql, []byte(want)) {
			t.Errorf("file lacks %q", want)
		}
	}
	if !strings.Contains(log.String(), "wrote 5251 orders and 45907 requests") {
		t.Errorf("log %q", log.String())
	}
	for _, args := range [][]string{{"-days", "0"}, {"-end", "yesterday"}, {"-days", "1", "extra"}} {
		if err := run(append(args, "-out", filepath.Join(t.TempDir(), "x.sql")), &bytes.Buffer{}); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}

// TestLoadIntoPostgres loads a generated file the way the postgres image's
// entrypoint runs /docker-entrypoint-initdb.d/*.sql (psql -v ON_ERROR_STOP=1 -f)
// into a throwaway database of the local PostgreSQL, then checks the row counts,
// the outage and that the read-only role can read but not write.
func TestLoadIntoPostgres(t *testing.T) {
	psql, err := exec.LookPath("psql")
	if err != nil {
		t.Fatal("psql is needed (apt-get install postgresql-client): ", err)
	}
	const host, port = "127.0.0.1", "5432"
	if c, err := net.DialTimeout("tcp", net.JoinHostPort(host, port), 2*time.Second); err != nil {
		t.Fatalf("PostgreSQL is not reachable on %s:%s (start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start): %v", host, port, err)
	} else {
		c.Close()
	}
	suffix := strconv.Itoa(os.Getpid())
	db, role := "northstar_seedsql_"+suffix, "northstar_seedsql_ro_"+suffix
	admin := func(args ...string) (string, error) {
		cmd := exec.Command(psql, append([]string{"-h", host, "-p", port, "-U", "postgres", "-X", "-At", "-v", "ON_ERROR_STOP=1"}, args...)...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := admin("-d", "postgres", "-c", "CREATE DATABASE "+db); err != nil {
		t.Fatalf("create database: %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := admin("-d", "postgres", "-c", "DROP DATABASE IF EXISTS "+db+" WITH (FORCE)", "-c", "DROP ROLE IF EXISTS "+role); err != nil {
			t.Errorf("cleanup: %v: %s", err, out)
		}
	})

	sql, st := generate(t, Config{Days: 3, End: end, ReadonlyRole: role, PasswordEnv: "SEED_SQL_TEST_PASSWORD"})
	file := filepath.Join(t.TempDir(), "10-shop.sql")
	if err := os.WriteFile(file, sql, 0o644); err != nil {
		t.Fatal(err)
	}
	load := func(env ...string) (string, error) {
		cmd := exec.Command(psql, "-v", "ON_ERROR_STOP=1", "-h", host, "-p", port, "-U", "postgres", "--no-password", "--no-psqlrc", "-d", db, "-q", "-f", file)
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	// Without the password variable the file stops before it creates the role.
	if out, err := load(); err == nil || !strings.Contains(out, "SEED_SQL_TEST_PASSWORD") {
		t.Fatalf("loading without the password variable: err %v, output %q", err, out)
	}
	if out, err := admin("-d", db, "-c", "SELECT 1 FROM pg_roles WHERE rolname = '"+role+"'"); err != nil || out != "" {
		t.Fatalf("role created without a password: %v %q", err, out)
	}
	if out, err := admin("-d", db, "-c", "DROP TABLE orders, requests"); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if out, err := load("SEED_SQL_TEST_PASSWORD=s3cret"); err != nil {
		t.Fatalf("load: %v: %s", err, out)
	}

	reader := func(queries ...string) (string, error) {
		args := []string{"-h", host, "-p", port, "-U", role, "-d", db, "-X", "-At", "-v", "ON_ERROR_STOP=1"}
		for _, q := range queries {
			args = append(args, "-c", q)
		}
		cmd := exec.Command(psql, args...)
		cmd.Env = append(os.Environ(), "PGPASSWORD=s3cret")
		out, err := cmd.CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	out, err := reader("SELECT (SELECT count(*) FROM orders) || ' ' || (SELECT count(*) FROM requests)")
	if want := fmt.Sprintf("%d %d", st.Orders, st.Requests); err != nil || out != want {
		t.Errorf("row counts as the read-only role: %q (%v), want %q", out, err, want)
	}
	out, err = reader(`SELECT date_trunc('hour', ts) = '` + st.Outage.Format(time.RFC3339) + `'::timestamptz
		FROM requests GROUP BY 1, date_trunc('hour', ts) ORDER BY avg((outcome = 'error')::int) DESC LIMIT 1`)
	if err != nil || out != "t" {
		t.Errorf("the hour with the most errors is not the outage hour: %q (%v)", out, err)
	}
	out, err = reader("SELECT min(id) || ' ' || max(id) || ' ' || bool_and(amount > 0) FROM orders")
	if want := fmt.Sprintf("1 %d true", st.Orders); err != nil || out != want {
		t.Errorf("order ids and amounts: %q (%v), want %q", out, err, want)
	}
	if out, err := reader("INSERT INTO orders (created_at, region, status, amount, customer_id) VALUES (now(), 'eu', 'paid', 1, 1)"); err == nil || !strings.Contains(out, "read-only transaction") {
		t.Errorf("insert as the read-only role: %v %q", err, out)
	}
	if out, err := reader("SET default_transaction_read_only = off", "DELETE FROM orders"); err == nil || !strings.Contains(out, "permission denied") {
		t.Errorf("delete as the read-only role with read-write transactions: %v %q", err, out)
	}
	if out, err := reader("SET default_transaction_read_only = off", "CREATE TABLE x (i int)"); err == nil || !strings.Contains(out, "permission denied") {
		t.Errorf("create table as the read-only role: %v %q", err, out)
	}
	plan, err := reader("SET enable_seqscan = off", "EXPLAIN SELECT count(*) FROM orders WHERE region = 'eu' AND created_at >= '"+st.Outage.Format(time.RFC3339)+"'")
	if err != nil || !strings.Contains(plan, "orders_region_created_at_idx") {
		t.Errorf("the (region, created_at) index is not used: %v\n%s", err, plan)
	}
}
