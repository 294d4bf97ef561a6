// Command seed-sql writes the demo shop for the SQL sources: a deterministic
// business data set as PostgreSQL SQL for psql (the postgres image runs it from
// /docker-entrypoint-initdb.d when it initialises an empty database).
//
//	go run ./cmd/seed-sql -days 30 -out shop.sql
//	go run ./cmd/seed-sql -days 30 -readonly-role grafana -out /initdb/10-shop.sql
//
// Two tables, loaded with COPY ... FROM stdin:
//
//	orders(id, created_at, region, status, amount, customer_id)
//	requests(id, ts, region, outcome, latency_ms)
//
// over -days days ending at -end (default: now, rounded down to the hour), for the
// regions eu, us and apac. Orders and requests follow a daily pattern in each
// region's local time and a weekly one (weekends sell more, the API sees less
// traffic); statuses are paid, refunded and failed, outcomes ok and error. The hour
// that starts 48 hours before the end is an outage: about 30 % of the requests fail
// and take much longer, and about a third of the orders fail.
//
// Every value comes from one PRNG with a fixed seed, so the same -days and -end
// always give the same file.
//
// With -readonly-role NAME the file also creates the login role NAME for the
// datasource, with SELECT on the tables and nothing else (and read-only
// transactions by default); its password is read by psql from the environment
// variable -readonly-password-env (default SHOP_READONLY_PASSWORD), so it is not
// in the file. psql 15 or later is needed for that (\getenv).
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"regexp"
	"sort"
	"strconv"
	"time"
)

// Seed of the PRNG: the data set is a function of the days and the end alone.
const (
	seed1 = 0x6e6f727468737461 // "northsta"
	seed2 = 0x722d73686f702121 // "r-shop!!"
)

// OutageOffset is how long before the end the outage hour starts.
const OutageOffset = 48 * time.Hour

// Region is one sales region of the demo shop.
type Region struct {
	Name string
	// UTCOffset gives the local hour and weekday of the daily and weekly pattern.
	UTCOffset time.Duration
	// Orders and Requests are the mean counts in a peak hour of a weekday.
	Orders, Requests float64
	// AmountScale scales the order amounts (average basket size).
	AmountScale float64
}

// Regions of the data set, in the order they are generated.
var Regions = []Region{
	{Name: "eu", UTCOffset: 1 * time.Hour, Orders: 70, Requests: 520, AmountScale: 1.0},
	{Name: "us", UTCOffset: -5 * time.Hour, Orders: 90, Requests: 680, AmountScale: 1.2},
	{Name: "apac", UTCOffset: 8 * time.Hour, Orders: 50, Requests: 360, AmountScale: 0.8},
}

// Config is what the data set is generated from.
type Config struct {
	Days int
	End  time.Time
	// ReadonlyRole, if set, is the role created for the datasource.
	ReadonlyRole string
	// PasswordEnv names the environment variable psql reads the role's password from.
	PasswordEnv string
}

// Stats tells what was written.
type Stats struct {
	Start, End  time.Time
	Outage      time.Time // zero when the outage hour is not in the range
	Orders      int
	Requests    int
	OutageError float64 // share of failed requests in the outage hour
}

var identifier = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

func (c Config) validate() error {
	if c.Days < 1 {
		return fmt.Errorf("days must be at least 1, got %d", c.Days)
	}
	if c.ReadonlyRole != "" && !identifier.MatchString(c.ReadonlyRole) {
		return fmt.Errorf("readonly role %q: use lower-case letters, digits and _", c.ReadonlyRole)
	}
	if c.ReadonlyRole != "" && !regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`).MatchString(c.PasswordEnv) {
		return fmt.Errorf("readonly password environment variable %q is not a valid name", c.PasswordEnv)
	}
	return nil
}

// daily is the share of the peak rate at a local hour: quiet at night, highest in
// the early afternoon. floor is the night-time share.
func daily(localHour int, floor float64) float64 {
	s := math.Sin(math.Pi * (float64(localHour) + 0.5 - 7) / 15)
	return floor + (1-floor)*math.Max(0, s)
}

// weeklyOrders: the shop sells more at the weekend.
func weeklyOrders(d time.Weekday) float64 {
	switch d {
	case time.Friday:
		return 1.1
	case time.Saturday:
		return 1.25
	case time.Sunday:
		return 1.15
	}
	return 1
}

// weeklyRequests: the API (business customers) is quieter at the weekend.
func weeklyRequests(d time.Weekday) float64 {
	switch d {
	case time.Saturday:
		return 0.75
	case time.Sunday:
		return 0.7
	}
	return 1
}

// count draws a count around mean (normal approximation of a Poisson count).
func count(rng *rand.Rand, mean float64) int {
	n := int(math.Round(mean + rng.NormFloat64()*math.Sqrt(mean)))
	return max(n, 0)
}

type order struct {
	at       time.Time
	region   string
	status   string
	cents    int64
	customer int64
}

type request struct {
	at      time.Time
	region  string
	outcome string
	latency float64 // ms, one decimal
}

// Write writes the data set as SQL to w.
func Write(w io.Writer, cfg Config) (Stats, error) {
	if err := cfg.validate(); err != nil {
		return Stats{}, err
	}
	end := cfg.End.UTC().Truncate(time.Hour)
	start := end.Add(-time.Duration(cfg.Days) * 24 * time.Hour)
	st := Stats{Start: start, End: end}
	if outage := end.Add(-OutageOffset); !outage.Before(start) {
		st.Outage = outage
	}
	rng := rand.New(rand.NewPCG(seed1, seed2))
	bw := bufio.NewWriterSize(w, 1<<20)

	// Orders and requests are generated hour by hour; the requests of each hour are
	// kept until the orders are written, so both tables come from one pass.
	var orders []order
	var requests []request
	var outageTotal, outageErrors int
	for hour := start; hour.Before(end); hour = hour.Add(time.Hour) {
		outage := hour.Equal(st.Outage)
		first := len(orders)
		firstReq := len(requests)
		for _, r := range Regions {
			local := hour.Add(r.UTCOffset)
			n := count(rng, r.Orders*daily(local.Hour(), 0.2)*weeklyOrders(local.Weekday()))
			for range n {
				o := order{at: hour.Add(time.Duration(rng.IntN(3600)) * time.Second), region: r.Name}
				p := rng.Float64()
				failed, refunded := 0.03, 0.04
				if outage {
					failed = 0.35
				}
				switch {
				case p < failed:
					o.status = "failed"
				case p < failed+refunded:
					o.status = "refunded"
				default:
					o.status = "paid"
				}
				amount := math.Exp(3.6+0.6*rng.NormFloat64()) * r.AmountScale
				o.cents = max(int64(math.Round(amount*100)), 100)
				// Repeat customers: low ids are drawn more often.
				u := rng.Float64()
				o.customer = 1 + int64(u*u*5000)
				orders = append(orders, o)
			}
			m := count(rng, r.Requests*daily(local.Hour(), 0.35)*weeklyRequests(local.Weekday()))
			for range m {
				q := request{at: hour.Add(time.Duration(rng.IntN(3600000)) * time.Millisecond), region: r.Name, outcome: "ok"}
				errRate := 0.004
				if outage {
					errRate = 0.3
				}
				if rng.Float64() < errRate {
					q.outcome = "error"
				}
				median := 80.0
				switch {
				case outage && q.outcome == "error":
					median = 2500 // timeouts
				case outage:
					median = 400
				case q.outcome == "error":
					median = 30 // fast failures
				}
				q.latency = math.Round(median*math.Exp(0.5*rng.NormFloat64())*10) / 10
				if outage {
					outageTotal++
					if q.outcome == "error" {
						outageErrors++
					}
				}
				requests = append(requests, q)
			}
		}
		// Within an hour the rows are in time order, so the ids follow time.
		sort.SliceStable(orders[first:], func(i, j int) bool { return orders[first+i].at.Before(orders[first+j].at) })
		sort.SliceStable(requests[firstReq:], func(i, j int) bool {
			return requests[firstReq+i].at.Before(requests[firstReq+j].at)
		})
	}
	st.Orders, st.Requests = len(orders), len(requests)
	if outageTotal > 0 {
		st.OutageError = float64(outageErrors) / float64(outageTotal)
	}

	fmt.Fprintf(bw, "-- Demo shop for the Northstar KPI SQL sources, written by cmd/seed-sql (deterministic).\n")
	fmt.Fprintf(bw, "-- Range: %s to %s (%d days), regions eu, us, apac.\n", start.Format(time.RFC3339), end.Format(time.RFC3339), cfg.Days)
	fmt.Fprintf(bw, "-- Rows: orders %d, requests %d.\n", st.Orders, st.Requests)
	if !st.Outage.IsZero() {
		fmt.Fprintf(bw, "-- Outage hour: %s to %s (%.1f %% of the requests failed).\n",
			st.Outage.Format(time.RFC3339), st.Outage.Add(time.Hour).Format(time.RFC3339), 100*st.OutageError)
	}
	bw.WriteString(`\set ON_ERROR_STOP on
SET client_min_messages = warning;
BEGIN;
CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  created_at timestamptz NOT NULL,
  region text NOT NULL,
  status text NOT NULL,
  amount numeric(12,2) NOT NULL,
  customer_id bigint NOT NULL
);
CREATE TABLE requests (
  id bigserial,
  ts timestamptz NOT NULL,
  region text NOT NULL,
  outcome text NOT NULL,
  latency_ms double precision NOT NULL
);
COPY orders (created_at, region, status, amount, customer_id) FROM stdin;
`)
	var line []byte
	for _, o := range orders {
		line = appendTime(line[:0], o.at, false)
		line = append(line, '\t')
		line = append(line, o.region...)
		line = append(line, '\t')
		line = append(line, o.status...)
		line = append(line, '\t')
		line = strconv.AppendInt(line, o.cents/100, 10)
		line = append(line, '.', byte('0'+o.cents%100/10), byte('0'+o.cents%10), '\t')
		line = strconv.AppendInt(line, o.customer, 10)
		line = append(line, '\n')
		bw.Write(line)
	}
	bw.WriteString("\\.\nCOPY requests (ts, region, outcome, latency_ms) FROM stdin;\n")
	for _, q := range requests {
		line = appendTime(line[:0], q.at, true)
		line = append(line, '\t')
		line = append(line, q.region...)
		line = append(line, '\t')
		line = append(line, q.outcome...)
		line = append(line, '\t')
		line = strconv.AppendFloat(line, q.latency, 'f', 1, 64)
		line = append(line, '\n')
		bw.Write(line)
	}
	bw.WriteString(`\.
CREATE INDEX orders_created_at_idx ON orders (created_at);
CREATE INDEX orders_region_created_at_idx ON orders (region, created_at);
CREATE INDEX requests_ts_idx ON requests (ts);
CREATE INDEX requests_region_ts_idx ON requests (region, ts);
COMMIT;
ANALYZE orders;
ANALYZE requests;
`)
	if cfg.ReadonlyRole != "" {
		fmt.Fprintf(bw, `-- Read-only login role for the datasource; psql reads its password from $%[2]s.
\getenv readonly_password %[2]s
\if :{?readonly_password}
\else
\warn 'seed-sql: the environment variable %[2]s (password of role %[1]s) is not set'
SELECT 1/0 AS "%[2]s is not set";
\endif
CREATE ROLE %[1]s LOGIN PASSWORD :'readonly_password';
ALTER ROLE %[1]s SET default_transaction_read_only = on;
GRANT CONNECT ON DATABASE :"DBNAME" TO %[1]s;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO %[1]s;
GRANT SELECT ON orders, requests TO %[1]s;
`, cfg.ReadonlyRole, cfg.PasswordEnv)
	}
	return st, bw.Flush()
}

// appendTime appends t (UTC) in PostgreSQL's text form, with milliseconds if ms.
func appendTime(b []byte, t time.Time, ms bool) []byte {
	if ms {
		return t.AppendFormat(b, "2006-01-02 15:04:05.000+00")
	}
	return t.AppendFormat(b, "2006-01-02 15:04:05+00")
}

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "seed-sql:", err)
		os.Exit(1)
	}
}

func run(args []string, log io.Writer) error {
	fs := flag.NewFlagSet("seed-sql", flag.ContinueOnError)
	fs.SetOutput(log)
	days := fs.Int("days", 30, "days of data, ending at -end")
	out := fs.String("out", "shop.sql", `output file ("-" for standard output)`)
	endFlag := fs.String("end", "", "end of the data (RFC 3339, rounded down to the hour; default now)")
	role := fs.String("readonly-role", "", "also create this read-only login role for the datasource")
	passwordEnv := fs.String("readonly-password-env", "SHOP_READONLY_PASSWORD", "environment variable psql reads the read-only role's password from")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	end := time.Now()
	if *endFlag != "" {
		var err error
		if end, err = time.Parse(time.RFC3339, *endFlag); err != nil {
			return fmt.Errorf("-end: %w", err)
		}
	}
	cfg := Config{Days: *days, End: end, ReadonlyRole: *role, PasswordEnv: *passwordEnv}
	if err := cfg.validate(); err != nil {
		return err
	}
	var w io.Writer = os.Stdout
	var f *os.File
	if *out != "-" {
		var err error
		if f, err = os.Create(*out); err != nil {
			return err
		}
		w = f
	}
	st, err := Write(w, cfg)
	if f != nil {
		err = errors.Join(err, f.Close())
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "wrote %d orders and %d requests from %s to %s into %s\n",
		st.Orders, st.Requests, st.Start.Format(time.RFC3339), st.End.Format(time.RFC3339), *out)
	return nil
}
