package main

// The SQL benchmark (go run ./bench -sql): for PostgreSQL, MariaDB and SQLite,
// each loaded with the same deterministic events (internal/sqltest), it times
//
//	(a) the statement the SQL source generates for a KPI's value and its
//	    previous period (one scan, conditional aggregation over both windows)
//	    against SQL written by hand the way an analyst would;
//	(b) the statement for a 28-day SLO card (SLI and the seven windows of the
//	    four default burn pairs, counted between interval bounds in one scan)
//	    against hand-written SQL for the same counts;
//	(c) the datasource's whole QueryData call for those measures (engine,
//	    frames, Arrow encoding) against the hand-written SQL run directly.
//
// Every variant's numbers are checked against each other before anything is
// timed. Hand-written SQL comes in two forms, a UNION ALL of one filtered
// query per window and one scan with a filtered aggregate per window; the
// faster of the two is the reference for the ratios.

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/northstar/kpi/internal/sqltest"
	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/datasource"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
	"github.com/northstar/kpi/pkg/sqlsource"
)

// sqlOptions are the -sql flags.
type sqlOptions struct {
	runs     int
	warmup   int
	days     int
	dialects []string
	explain  bool
	proposed bool
}

// Goals of issue 7: generated SQL within 5 % of hand-written SQL, the whole
// QueryData call within 10 %.
const (
	goalSQL       = 1.05
	goalQueryData = 1.10
)

// sqlEnd is where the data set ends (as sqltest.Default does): the last days
// hold the outage and the slow burn, so burn windows see errors.
var sqlEnd = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

// valueRange is the dashboard range of the value cases; the previous period
// is the same length before it.
const valueRange = 30 * 24 * time.Hour

const sqlObjective = 0.999

// sqlCatalog has a ratio KPI with a 28-day SLO (default alerting: the four
// burn pairs) and a measure KPI, both on the requests table.
const sqlCatalog = `apiVersion: northstar.kpi/v1
kpis:
  - id: availability
    name: Availability
    owner: sre
    version: "1"
    unit: percentunit
    direction: higher
    source: db
    dimensions: [region]
    query:
      sql:
        table: requests
        timeColumn: ts
        timeType: timestamptz
        ratio:
          good: {agg: count, where: [{column: outcome, op: "=", value: ok}]}
          total: {agg: count}
    slos:
      - objective: 0.999
        window: {rolling: 28d}
  - id: latency
    name: Mean latency of successful requests
    owner: sre
    version: "1"
    unit: ms
    direction: lower
    source: db
    dimensions: [region]
    query:
      sql:
        table: requests
        timeColumn: ts
        timeType: timestamptz
        measure: {agg: avg, column: latency_ms, where: [{column: outcome, op: "=", value: ok}]}
`

// numbers are a variant's results by key ("eu current good", "us 1h bad"):
// the same keys and values for every variant of a case.
type numbers map[string]float64

// variant is one way of getting a case's numbers.
type variant struct {
	name string
	run  func(ctx context.Context) (numbers, error)
	// st is the statement and db its pool (for EXPLAIN); unset for QueryData.
	st sqlsource.Statement
	db *sql.DB
}

type closerFunc func() error

func (f closerFunc) Close() error { return f() }

// connection is the loaded database's connection as the datasource gets it.
func (r *dialectRun) connection() sqlsource.Connection {
	conn := r.db.Conn
	conn.Name, conn.TimeoutSeconds = "db", 300
	return conn
}

// pool is a new pool of one connection on the database for one variant of
// one case. Every variant has its own, as the datasource has its own, so that
// no variant profits from another's session state (PostgreSQL's prepared
// statements and plans are per connection; for SQLite's page cache see
// openDirect).
func (r *dialectRun) pool() (*sql.DB, error) {
	db, err := openDirect(r.db)
	if err != nil {
		return nil, err
	}
	r.pools = append(r.pools, db)
	return db, nil
}

// datasource is a new datasource instance for one case.
func (r *dialectRun) datasource(ctx context.Context, c *sqlCase) (*datasource.Datasource, error) {
	settings, _ := json.Marshal(map[string]any{"catalog": sqlCatalog, "connections": []sqlsource.Connection{r.connection()}})
	inst, err := datasource.New(ctx, backend.DataSourceInstanceSettings{UID: fmt.Sprintf("bench-sql-%s-%d", r.dialect, len(r.pools)), JSONData: settings})
	if err != nil {
		return nil, err
	}
	ds := inst.(*datasource.Datasource)
	r.pools = append(r.pools, closerFunc(func() error { ds.Dispose(); return nil }))
	return ds, nil
}

func (r *dialectRun) closePools() {
	for _, p := range r.pools {
		_ = p.Close()
	}
	r.pools = nil
}

type caseKind int

const (
	kindRatioWindows caseKind = iota // value + previous of a ratio
	kindAvgWindows                   // value + previous of an average
	kindSLO                          // SLO card: SLI and burn windows
)

// sqlCase is one row of the table.
type sqlCase struct {
	title   string
	index   string
	kind    caseKind
	kpi     *catalog.KPI
	filters source.Filters
	// cur and prev are the value cases' windows.
	cur, prev kpimath.Window
	// bounds are the SLO case's interval bounds, windows its SLO window and
	// burn windows (longest first), all ending at sqlEnd.
	bounds  []time.Time
	windows []time.Duration
	query   backend.DataQuery
}

// dialectRun is one loaded database and what the benchmark needs of it.
type dialectRun struct {
	dialect string
	db      *sqltest.DB
	cat     *catalog.Catalog
	opt     sqlOptions
	// src builds the generated statements (it runs nothing).
	src *sqlsource.Source
	// pools of the case being measured, closed after it.
	pools []io.Closer
}

// result is one measured case.
type result struct {
	c                   *sqlCase
	gen, union, onescan time.Duration
	queryData           time.Duration
	proposed            []proposal
}

// proposal is a proposed form of the generated statement (-sql-proposed).
type proposal struct {
	name   string
	median time.Duration
}

func (r result) hand() time.Duration { return min(r.union, r.onescan) }

func runSQL(ctx context.Context, opt sqlOptions) error {
	if opt.runs < 1 || opt.warmup < 0 || opt.days < 60 {
		return fmt.Errorf("-sql-runs must be at least 1, -sql-warmup at least 0 and -sql-days at least 60 (the value cases read 60 days)")
	}
	for _, d := range opt.dialects {
		if _, err := sqlsource.DialectOf(d); err != nil {
			return err
		}
	}
	start := sqlEnd.Add(-time.Duration(opt.days) * 24 * time.Hour)
	t0 := time.Now()
	d := sqltest.Generate(start, sqlEnd)
	fmt.Printf("SQL benchmark: sqltest.Generate over %d days (%s .. %s): %d requests, %d orders, generated in %s\n",
		opt.days, start.Format("2006-01-02"), sqlEnd.Format("2006-01-02"), len(d.Requests), len(d.Orders), time.Since(t0).Round(time.Millisecond))
	fmt.Printf("median of %d runs after %d warm-up runs per variant, variants interleaved; times in ms\n", opt.runs, opt.warmup)
	fmt.Printf("value cases: %s range against the %s before it; SLO card: 99.9 %% over 28 days, default burn pairs (5m/1h, 30m/6h, 2h/1d, 6h/3d)\n",
		windowLabel(valueRange), windowLabel(valueRange))
	fmt.Println("generated = the source's statement; hand:U = UNION ALL of one query per window; hand:1 = one scan, a filtered aggregate per window;")
	fmt.Println("gen/hand and QD/hand divide by the faster hand-written form; QueryData = datasource.QueryData with the frames encoded to Arrow")
	fmt.Println("setup ts = indexes requests(ts), requests(ts_ms), orders(created_at); region,ts = also requests(region, ts);")
	fmt.Println("+custom = PostgreSQL with plan_cache_mode = force_custom_plan (ALTER DATABASE ... SET)")
	cat, problems := catalog.Parse([]byte(sqlCatalog))
	if len(problems) > 0 {
		return fmt.Errorf("benchmark catalog: %v", problems)
	}
	dir, err := os.MkdirTemp("", "northstar-bench-sql-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var missed []string
	for _, dialect := range opt.dialects {
		if err := ctx.Err(); err != nil {
			return err
		}
		m, err := benchDialect(ctx, dialect, d, dir, cat, opt)
		if err != nil {
			return fmt.Errorf("%s: %w", dialect, err)
		}
		missed = append(missed, m...)
	}
	fmt.Println()
	if len(missed) == 0 {
		fmt.Println("all goals met")
	} else {
		fmt.Printf("goals missed: %s\n", strings.Join(missed, "; "))
	}
	return nil
}

func dialectTitle(d string) string {
	switch d {
	case sqlsource.TypePostgres:
		return "PostgreSQL"
	case sqlsource.TypeMySQL:
		return "MariaDB"
	}
	return "SQLite"
}

func benchDialect(ctx context.Context, dialect string, d sqltest.Data, dir string, cat *catalog.Catalog, opt sqlOptions) ([]string, error) {
	t0 := time.Now()
	db, how, err := openLoaded(dialect, d, dir)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if err := analyze(db); err != nil {
		return nil, err
	}
	load := time.Since(t0)
	r := &dialectRun{dialect: dialect, db: db, cat: cat, opt: opt}
	builder, err := sqlsource.NewClient(r.connection(), sqlsource.Secrets{})
	if err != nil {
		return nil, err
	}
	defer builder.Close()
	r.src = sqlsource.NewSource(builder)
	version, requests, orders, err := describe(ctx, db)
	if err != nil {
		return nil, err
	}
	fmt.Printf("\n== %s %s ==\n", dialectTitle(dialect), version)
	fmt.Printf("requests %d rows, orders %d rows; loaded in %s (%s, then ANALYZE)\n", requests, orders, load.Round(100*time.Millisecond), how)
	fmt.Printf("load average before: %s\n", loadAverage())
	defer func() { fmt.Printf("load average after: %s\n", loadAverage()) }()

	printHeader()
	var results []result
	for _, ph := range r.phases() {
		if ph.before != nil {
			if err := ph.before(); err != nil {
				return nil, err
			}
		}
		res, err := r.phase(ctx, ph)
		if err != nil {
			return nil, err
		}
		results = append(results, res...)
	}
	if opt.proposed {
		printProposals(results)
	}
	var missed []string
	for _, res := range results {
		if float64(res.gen)/float64(res.hand()) > goalSQL {
			missed = append(missed, fmt.Sprintf("%s %s [%s] generated/hand %.2f", dialectTitle(dialect), res.c.title, res.c.index, float64(res.gen)/float64(res.hand())))
		}
		if float64(res.queryData)/float64(res.hand()) > goalQueryData {
			missed = append(missed, fmt.Sprintf("%s %s [%s] QueryData/hand %.2f", dialectTitle(dialect), res.c.title, res.c.index, float64(res.queryData)/float64(res.hand())))
		}
	}
	return missed, nil
}

// setup is one state of the database the cases run in: its indexes and, for
// PostgreSQL, how prepared statements are planned.
type setup struct {
	label  string // the table's "setup" column
	index  string // ts or region,ts: which cases run
	before func() error
}

// phases are the setups in order: the time indexes alone, then with the
// (region, ts) index for the filtered cases. PostgreSQL runs each twice: as
// sessions are by default (pgx prepares and caches every statement, and after
// five executions PostgreSQL may plan it once for any parameters: a generic
// plan), then with plan_cache_mode = force_custom_plan for the database, so
// every execution is planned for its own time bounds.
func (r *dialectRun) phases() []setup {
	composite := func() error {
		t := time.Now()
		if err := r.compositeIndex(); err != nil {
			return err
		}
		fmt.Printf("  (CREATE INDEX requests_region_ts ON requests (region, ts) + ANALYZE: %s)\n", time.Since(t).Round(100*time.Millisecond))
		return nil
	}
	if r.dialect != sqlsource.TypePostgres {
		return []setup{{label: "ts", index: "ts"}, {label: "region,ts", index: "region,ts", before: composite}}
	}
	plans := func(mode string) func() error {
		return func() error {
			_, err := r.db.Admin.Exec("ALTER DATABASE " + r.db.Conn.Database + " SET plan_cache_mode = " + mode)
			return err
		}
	}
	return []setup{
		{label: "ts", index: "ts"},
		{label: "ts +custom", index: "ts", before: plans("force_custom_plan")},
		{label: "region,ts", index: "region,ts", before: func() error {
			if err := plans("auto")(); err != nil {
				return err
			}
			return composite()
		}},
		{label: "region,ts +custom", index: "region,ts", before: plans("force_custom_plan")},
	}
}

// phase measures the cases of one setup.
func (r *dialectRun) phase(ctx context.Context, ph setup) ([]result, error) {
	index := ph.index
	var out []result
	for _, c := range r.cases(index) {
		c.index = ph.label
		res, err := r.measure(ctx, c)
		if err != nil {
			return nil, fmt.Errorf("%s [%s]: %w", c.title, ph.label, err)
		}
		printResult(res)
		out = append(out, res)
	}
	return out, nil
}

// loadAverage is /proc/loadavg's 1, 5 and 15 minute figures: other work on the
// machine makes medians noisy.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func printHeader() {
	fmt.Printf("%-34s %-17s %9s %9s %9s %8s %-6s %9s %8s %-6s\n",
		"case", "setup", "generated", "hand:U", "hand:1", "gen/hand", "<=1.05", "QueryData", "QD/hand", "<=1.10")
}

func printResult(r result) {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }
	a := float64(r.gen) / float64(r.hand())
	c := float64(r.queryData) / float64(r.hand())
	fmt.Printf("%-34s %-17s %9s %9s %9s %8.3f %-6s %9s %8.3f %-6s\n",
		r.c.title, r.c.index, ms(r.gen), ms(r.union), ms(r.onescan), a, yesNo(a <= goalSQL), ms(r.queryData), c, yesNo(c <= goalQueryData))
}

// printProposals is the second table: the proposed forms of the generated
// SQL against the same hand-written reference.
func printProposals(results []result) {
	fmt.Println("proposed forms of the generated SQL (bench/sqlproposed.go), same runs, ms and ratio to the faster hand-written SQL:")
	fmt.Printf("%-34s %-17s %9s %8s   %s\n", "case", "setup", "generated", "gen/hand", "proposals")
	for _, r := range results {
		var parts []string
		for _, p := range r.proposed {
			parts = append(parts, fmt.Sprintf("%s %.2f (%.3f)", strings.TrimPrefix(p.name, "proposed "), float64(p.median)/float64(time.Millisecond), float64(p.median)/float64(r.hand())))
		}
		if len(parts) == 0 {
			parts = []string{"- (the generated statement has the proposed form)"}
		}
		fmt.Printf("%-34s %-17s %9.2f %8.3f   %s\n", r.c.title, r.c.index, float64(r.gen)/float64(time.Millisecond), float64(r.gen)/float64(r.hand()), strings.Join(parts, ", "))
	}
}

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "NO"
}

// analyze gives the planners statistics (sqltest analyzes PostgreSQL already).
func analyze(db *sqltest.DB) error {
	var stmts []string
	switch db.Dialect {
	case sqlsource.TypeMySQL:
		stmts = []string{"ANALYZE TABLE requests, orders"}
	case sqlsource.TypeSQLite:
		stmts = []string{"ANALYZE", "PRAGMA wal_checkpoint(TRUNCATE)"}
	}
	for _, s := range stmts {
		rows, err := db.Admin.Query(s)
		if err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
		for rows.Next() {
		}
		rows.Close()
	}
	return nil
}

// compositeIndex adds the dimension+time index that filtered dashboards use.
func (r *dialectRun) compositeIndex() error {
	if _, err := r.db.Admin.Exec("CREATE INDEX requests_region_ts ON requests (region, ts)"); err != nil {
		return err
	}
	if r.dialect == sqlsource.TypePostgres {
		_, err := r.db.Admin.Exec("ANALYZE requests")
		return err
	}
	return analyze(r.db)
}

// openDirect is a plain pool on the loaded database for the hand-written SQL
// (and the generated statements, so that both run alike): the same driver
// and session time zone as the datasource's own connection.
func openDirect(db *sqltest.DB) (*sql.DB, error) {
	c := db.Conn
	var out *sql.DB
	var err error
	switch db.Dialect {
	case sqlsource.TypePostgres:
		out, err = sql.Open("pgx", "postgres://postgres@"+c.Host+"/"+c.Database+"?sslmode=disable&TimeZone=UTC")
	case sqlsource.TypeMySQL:
		out, err = sql.Open("mysql", "root@tcp("+c.Host+")/"+c.Database+"?parseTime=true&loc=UTC&time_zone=%27%2B00%3A00%27")
	default:
		// A 64 MiB page cache: modernc's SQLite keeps the pages of all of a
		// process's connections in one group, and with the default 2 MiB the
		// benchmark's pools (one per variant) evict each other's pages, which
		// doubles the time of whichever connection was not opened last. With
		// these pools large, every connection keeps its pages, the
		// datasource's (default cache) included.
		out, err = sql.Open("sqlite", "file:"+c.Path+"?mode=ro&_pragma=query_only%281%29&_pragma=cache_size%28-65536%29")
	}
	if err != nil {
		return nil, err
	}
	out.SetMaxOpenConns(1)
	out.SetMaxIdleConns(1)
	return out, nil
}

func describe(ctx context.Context, db *sqltest.DB) (version string, requests, orders int, err error) {
	q := map[string]string{sqlsource.TypePostgres: "SELECT split_part(version(), ' ', 2)", sqlsource.TypeMySQL: "SELECT version()", sqlsource.TypeSQLite: "SELECT sqlite_version()"}[db.Dialect]
	if err = db.Admin.QueryRowContext(ctx, q).Scan(&version); err != nil {
		return
	}
	if err = db.Admin.QueryRowContext(ctx, "SELECT COUNT(*) FROM requests").Scan(&requests); err != nil {
		return
	}
	err = db.Admin.QueryRowContext(ctx, "SELECT COUNT(*) FROM orders").Scan(&orders)
	return
}

// cases are the table's rows for one index set: the unfiltered ones with the
// time indexes only, the filtered ones with and without the (region, ts) one.
func (r *dialectRun) cases(index string) []*sqlCase {
	avail, _ := r.cat.Find("availability")
	latency, _ := r.cat.Find("latency")
	cur := kpimath.Window{From: sqlEnd.Add(-valueRange), To: sqlEnd}
	prev, _ := kpimath.ComparisonWindow(avail.Comparison, cur, avail.Location())
	eu := source.Filters{"region": {"eu"}}
	value := func(title string, kind caseKind, k *catalog.KPI, f source.Filters) *sqlCase {
		q := map[string]any{"kpi": k.ID, "measures": []string{"value", "previous"}}
		if f != nil {
			q["filters"] = f
		}
		return &sqlCase{title: title, index: index, kind: kind, kpi: k, filters: f, cur: cur, prev: prev,
			query: dataQuery(q, cur.From, cur.To, time.Hour)}
	}
	card := func(title string, f source.Filters) *sqlCase {
		s := &avail.SLOs[0]
		to := sqlEnd.Truncate(time.Second)
		from, _ := sloPeriod(s, to)
		windows := []time.Duration{to.Sub(from)}
		ws := pairWindows(s)
		for i := len(ws) - 1; i >= 0; i-- {
			windows = append(windows, ws[i])
		}
		q := map[string]any{"kpi": avail.ID, "measures": []string{"slo"}}
		if f != nil {
			q["filters"] = f
		}
		return &sqlCase{title: title, index: index, kind: kindSLO, kpi: avail, filters: f,
			bounds: intervalBounds(s, ws, from, to), windows: windows,
			query: dataQuery(q, to.Add(-time.Hour), to, time.Minute)}
	}
	if index == "ts" {
		return []*sqlCase{
			value("value+prev availability by region", kindRatioWindows, avail, nil),
			value("value+prev latency, region=eu", kindAvgWindows, latency, eu),
			card("SLO card 28d by region", nil),
			card("SLO card 28d, region=eu", eu),
		}
	}
	return []*sqlCase{
		value("value+prev latency, region=eu", kindAvgWindows, latency, eu),
		card("SLO card 28d, region=eu", eu),
	}
}

func dataQuery(q map[string]any, from, to time.Time, step time.Duration) backend.DataQuery {
	b, _ := json.Marshal(q)
	return backend.DataQuery{RefID: "A", JSON: b, Interval: step, TimeRange: backend.TimeRange{From: from, To: to}}
}

// sloPeriod is a rolling SLO's window ending at to (slo.Period).
func sloPeriod(s *catalog.SLO, to time.Time) (time.Time, time.Duration) {
	p := time.Duration(s.Window.Rolling)
	return to.Add(-p), p
}

// pairWindows are the distinct windows of an SLO's burn pairs, shortest first
// (as the engine lists them).
func pairWindows(s *catalog.SLO) []time.Duration {
	var out []time.Duration
	for _, p := range s.Alerting.Pairs {
		for _, w := range []time.Duration{time.Duration(p.Short), time.Duration(p.Long)} {
			if !containsDuration(out, w) {
				out = append(out, w)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func containsDuration(ds []time.Duration, d time.Duration) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}

// intervalBounds are the engine's bounds for an occurrences SLO card
// (pkg/engine/onescan.go): the window's start, each burn window's start and
// the end, sorted and distinct.
func intervalBounds(s *catalog.SLO, windows []time.Duration, from, to time.Time) []time.Time {
	start := from
	for _, w := range windows {
		if t := to.Add(-w); t.Before(start) {
			start = t
		}
	}
	bounds := []time.Time{start, from, to}
	for _, w := range windows {
		bounds = append(bounds, to.Add(-w))
	}
	for _, ex := range s.Exclusions {
		a, b := ex.Span()
		bounds = append(bounds, a, b)
	}
	sort.Slice(bounds, func(i, j int) bool { return bounds[i].Before(bounds[j]) })
	var out []time.Time
	for _, t := range bounds {
		if t.Before(start) || t.After(to) {
			continue
		}
		if len(out) == 0 || !t.Equal(out[len(out)-1]) {
			out = append(out, t)
		}
	}
	return out
}

// measure checks that every variant of a case gives the same numbers, then
// times them interleaved.
func (r *dialectRun) measure(ctx context.Context, c *sqlCase) (result, error) {
	defer r.closePools()
	vs, err := r.variants(ctx, c)
	if err != nil {
		return result{}, err
	}
	want, err := vs[1].run(ctx) // hand-written, UNION ALL
	if err != nil {
		return result{}, fmt.Errorf("%s: %w", vs[1].name, err)
	}
	if len(want) == 0 {
		return result{}, fmt.Errorf("%s: no numbers", vs[1].name)
	}
	onescan, err := vs[2].run(ctx)
	if err != nil {
		return result{}, fmt.Errorf("%s: %w", vs[2].name, err)
	}
	if err := agree(want, onescan, false); err != nil {
		return result{}, fmt.Errorf("the hand-written one scan disagrees with the hand-written UNION: %w", err)
	}
	// The generated statement's numbers as the source reads them (the source
	// runs exactly the statement timed as "generated").
	gen, err := r.sourceNumbers(ctx, c)
	if err != nil {
		return result{}, fmt.Errorf("source: %w", err)
	}
	if err := agree(expectedSource(c, want), gen, false); err != nil {
		return result{}, fmt.Errorf("the generated statement (through the source) disagrees with the hand-written SQL: %w", err)
	}
	// The frames carry measures: compare them with the same measures computed
	// from the hand-written counts.
	frames, err := vs[3].run(ctx)
	if err != nil {
		return result{}, fmt.Errorf("%s: %w", vs[3].name, err)
	}
	if err := agree(expectedFrames(c, want), frames, true); err != nil {
		return result{}, fmt.Errorf("QueryData disagrees with the hand-written SQL: %w", err)
	}
	for _, v := range vs[4:] {
		got, err := v.run(ctx)
		if err != nil {
			return result{}, fmt.Errorf("%s: %w", v.name, err)
		}
		if err := agree(want, got, false); err != nil {
			return result{}, fmt.Errorf("%s disagrees with the hand-written SQL: %w", v.name, err)
		}
	}
	if r.opt.explain {
		for _, v := range append(vs[:3:3], vs[4:]...) {
			if err := r.explain(ctx, c, v); err != nil {
				return result{}, err
			}
		}
	}
	fns := make([]func(context.Context) (numbers, error), len(vs))
	for i, v := range vs {
		fns[i] = v.run
	}
	med, err := timeInterleaved(ctx, r.opt.warmup, r.opt.runs, fns)
	if err != nil {
		return result{}, err
	}
	res := result{c: c, gen: med[0], union: med[1], onescan: med[2], queryData: med[3]}
	for i, v := range vs[4:] {
		res.proposed = append(res.proposed, proposal{name: v.name, median: med[4+i]})
	}
	return res, nil
}

// timeInterleaved runs every function warmup times, then runs times in a
// rotating order (so drift and caches favour none), and returns the medians.
func timeInterleaved(ctx context.Context, warmup, runs int, fns []func(context.Context) (numbers, error)) ([]time.Duration, error) {
	for i := 0; i < warmup; i++ {
		for _, f := range fns {
			if _, err := f(ctx); err != nil {
				return nil, err
			}
		}
	}
	times := make([][]time.Duration, len(fns))
	for i := 0; i < runs; i++ {
		for j := range fns {
			k := (i + j) % len(fns)
			t0 := time.Now()
			if _, err := fns[k](ctx); err != nil {
				return nil, err
			}
			times[k] = append(times[k], time.Since(t0))
		}
	}
	out := make([]time.Duration, len(fns))
	for k, ts := range times {
		sort.Slice(ts, func(a, b int) bool { return ts[a] < ts[b] })
		if n := len(ts); n%2 == 1 {
			out[k] = ts[n/2]
		} else {
			out[k] = (ts[n/2-1] + ts[n/2]) / 2
		}
	}
	return out, nil
}

// agree compares two variants' numbers: the same keys (or, for a subset, at
// least want's), counts equal, averages and ratios equal to 1e-9 relative.
func agree(want, got numbers, subset bool) error {
	if !subset && len(want) != len(got) {
		return fmt.Errorf("%d numbers, want %d (got %v, want %v)", len(got), len(want), got, want)
	}
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			return fmt.Errorf("no %q (got %v)", k, got)
		}
		if math.IsNaN(w) && math.IsNaN(g) {
			continue
		}
		if math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) {
			return fmt.Errorf("%s = %v, want %v", k, g, w)
		}
	}
	return nil
}

// variants are, in this order: the generated statement, hand-written UNION ALL,
// hand-written one scan, the QueryData call.
func (r *dialectRun) variants(ctx context.Context, c *sqlCase) ([]variant, error) {
	var gen sqlsource.Statement
	var err error
	if c.kind == kindSLO {
		gen, err = r.src.IntervalsStatement(c.kpi, c.filters, c.bounds)
	} else {
		gen, err = r.src.WindowsStatement(c.kpi, c.filters, []kpimath.Window{c.cur, c.prev})
	}
	if err != nil {
		return nil, err
	}
	dims := len(c.kpi.Dimensions)
	genParse := func([]sqlRow) numbers { return nil }
	union, onescan, handParse := r.handWritten(c)
	var vs []variant
	for _, v := range []struct {
		name  string
		st    sqlsource.Statement
		dims  int
		parse func([]sqlRow) numbers
	}{
		{"generated", gen, dims, genParse},
		{"hand-written UNION ALL", union, dims + 1, handParse.union},
		{"hand-written one scan", onescan, dims, handParse.onescan},
	} {
		db, err := r.pool()
		if err != nil {
			return nil, err
		}
		vs = append(vs, variant{name: v.name, st: v.st, db: db, run: runParsed(db, v.st, v.dims, v.parse)})
	}
	ds, err := r.datasource(ctx, c)
	if err != nil {
		return nil, err
	}
	vs = append(vs, variant{name: "QueryData", run: func(ctx context.Context) (numbers, error) { return queryData(ctx, ds, c) }})
	if r.opt.proposed {
		ps, err := r.proposedVariants(c)
		if err != nil {
			return nil, err
		}
		vs = append(vs, ps...)
	}
	return vs, nil
}

// runParsed runs a statement on its pool and reads its numbers.
func runParsed(db *sql.DB, st sqlsource.Statement, dims int, parse func([]sqlRow) numbers) func(ctx context.Context) (numbers, error) {
	return func(ctx context.Context) (numbers, error) {
		rows, err := query(ctx, db, st, dims)
		if err != nil {
			return nil, err
		}
		return parse(rows), nil
	}
}

// sqlRow is one result row: dimension-like text columns, then numbers (NaN for NULL).
type sqlRow struct {
	dims []string
	nums []float64
}

func query(ctx context.Context, db *sql.DB, st sqlsource.Statement, dims int) ([]sqlRow, error) {
	rows, err := db.QueryContext(ctx, st.SQL, st.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	ds := make([]sql.NullString, dims)
	ns := make([]sql.NullFloat64, len(cols)-dims)
	dest := make([]any, len(cols))
	for i := range ds {
		dest[i] = &ds[i]
	}
	for i := range ns {
		dest[dims+i] = &ns[i]
	}
	var out []sqlRow
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		r := sqlRow{dims: make([]string, dims), nums: make([]float64, len(ns))}
		for i, d := range ds {
			r.dims[i] = d.String
		}
		for i, n := range ns {
			r.nums[i] = math.NaN()
			if n.Valid {
				r.nums[i] = n.Float64
			}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func nz(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return x
}

func windowLabel(w time.Duration) string { return catalog.Duration(w).String() }

// sourceNumbers are the case's numbers from the SQL source itself
// (OverallMany over the value and previous windows, EventsBetween over the SLO
// card's bounds), which run the generated statement and read its columns:
// "<region> <period> value" for the value cases, "<region> <window> bad" and
// "total" for the SLO card (the intervals summed into each window).
func (r *dialectRun) sourceNumbers(ctx context.Context, c *sqlCase) (numbers, error) {
	client, err := sqlsource.NewClient(r.connection(), sqlsource.Secrets{})
	if err != nil {
		return nil, err
	}
	defer client.Close()
	src := sqlsource.NewSource(client)
	out := numbers{}
	if c.kind != kindSLO {
		all, err := src.OverallMany(ctx, c.kpi, c.filters, []kpimath.Window{c.cur, c.prev})
		if err != nil {
			return nil, err
		}
		for i, name := range []string{"current", "previous"} {
			for _, ser := range all[i] {
				out[ser.Labels["region"]+" "+name+" value"] = ser.Points[0].V
			}
		}
		return out, nil
	}
	evs, err := src.EventsBetween(ctx, c.kpi, c.filters, c.bounds)
	if err != nil {
		return nil, err
	}
	to := c.bounds[len(c.bounds)-1]
	for _, ev := range evs {
		for _, w := range c.windows {
			bad, total := 0.0, 0.0
			for _, sl := range ev.Slices {
				if !sl.Start.Before(to.Add(-w)) {
					bad += sl.Bad
					total += sl.Total
				}
			}
			out[ev.Labels["region"]+" "+windowLabel(w)+" bad"] = bad
			out[ev.Labels["region"]+" "+windowLabel(w)+" total"] = total
		}
	}
	return out, nil
}

// expectedSource turns hand-written counts into what sourceNumbers reads.
func expectedSource(c *sqlCase, n numbers) numbers {
	if c.kind == kindSLO {
		return n
	}
	out := numbers{}
	for _, region := range regionsOf(n) {
		for _, period := range []string{"current", "previous"} {
			if c.kind == kindRatioWindows {
				out[region+" "+period+" value"] = n[region+" "+period+" good"] / n[region+" "+period+" total"]
			} else {
				out[region+" "+period+" value"] = n[region+" "+period+" avg"]
			}
		}
	}
	return out
}

func regionsOf(n numbers) []string {
	seen := map[string]bool{}
	var out []string
	for k := range n {
		if r := strings.SplitN(k, " ", 2)[0]; !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	sort.Strings(out)
	return out
}

type handParsers struct {
	union, onescan func([]sqlRow) numbers
}

// hand builds SQL by hand: literals for constants, parameters for time bounds
// (PostgreSQL reuses a parameter for the same value).
type hand struct {
	dialect string
	args    []any
	pos     map[time.Time]int
}

func (h *hand) t(t time.Time) string {
	if h.dialect == sqlsource.TypePostgres {
		if i, ok := h.pos[t]; ok {
			return fmt.Sprintf("$%d", i)
		}
		h.args = append(h.args, t.UTC())
		h.pos[t] = len(h.args)
		return fmt.Sprintf("$%d", len(h.args))
	}
	if h.dialect == sqlsource.TypeSQLite {
		h.args = append(h.args, t.UTC().Format(sqlsource.SQLiteTimeFormat))
	} else {
		h.args = append(h.args, t.UTC())
	}
	return "?"
}

// count counts rows where cond holds: COUNT(*) FILTER in PostgreSQL, a SUM of
// the condition in MySQL and SQLite.
func (h *hand) count(cond string) string {
	switch {
	case cond == "":
		return "COUNT(*)"
	case h.dialect == sqlsource.TypePostgres:
		return "COUNT(*) FILTER (WHERE " + cond + ")"
	}
	return "SUM(" + cond + ")"
}

func (h *hand) avg(col, cond string) string {
	if h.dialect == sqlsource.TypePostgres {
		return "AVG(" + col + ") FILTER (WHERE " + cond + ")"
	}
	return "AVG(CASE WHEN " + cond + " THEN " + col + " END)"
}

func (h *hand) statement(sql string) sqlsource.Statement {
	return sqlsource.Statement{SQL: sql, Args: h.args}
}

func newHand(dialect string) *hand { return &hand{dialect: dialect, pos: map[time.Time]int{}} }

// filterSQL is the dashboard filter as an analyst writes it.
func filterSQL(f source.Filters) string {
	if vals, ok := f["region"]; ok {
		return " AND region IN ('" + strings.Join(vals, "', '") + "')"
	}
	return ""
}

// handWritten is the case's SQL as an analyst writes it: a UNION ALL of one
// query per window, and one scan with a filtered aggregate per window.
func (r *dialectRun) handWritten(c *sqlCase) (union, onescan sqlsource.Statement, p handParsers) {
	filter := filterSQL(c.filters)
	switch c.kind {
	case kindRatioWindows, kindAvgWindows:
		agg := func(h *hand) string { return "COUNT(*), " + h.count("outcome = 'ok'") }
		where := ""
		if c.kind == kindAvgWindows {
			agg = func(*hand) string { return "AVG(latency_ms)" }
			where = " AND outcome = 'ok'"
		}
		h := newHand(r.dialect)
		var parts []string
		for _, w := range []struct {
			name string
			w    kpimath.Window
		}{{"current", c.cur}, {"previous", c.prev}} {
			parts = append(parts, fmt.Sprintf("SELECT region, '%s' AS period, %s FROM requests WHERE ts >= %s AND ts < %s%s%s GROUP BY region",
				w.name, agg(h), h.t(w.w.From), h.t(w.w.To), where, filter))
		}
		union = h.statement(strings.Join(parts, "\nUNION ALL\n"))

		h = newHand(r.dialect)
		// The periods are adjacent: one range, split at the current period's start.
		var cols []string
		if c.kind == kindRatioWindows {
			cols = []string{
				h.count("ts >= " + h.t(c.cur.From)), h.count("ts >= " + h.t(c.cur.From) + " AND outcome = 'ok'"),
				h.count("ts < " + h.t(c.cur.From)), h.count("ts < " + h.t(c.cur.From) + " AND outcome = 'ok'"),
			}
		} else {
			cols = []string{h.avg("latency_ms", "ts >= "+h.t(c.cur.From)), h.avg("latency_ms", "ts < "+h.t(c.cur.From))}
		}
		from, to := h.t(c.prev.From), h.t(c.cur.To)
		onescan = h.statement(fmt.Sprintf("SELECT region, %s FROM requests WHERE ts >= %s AND ts < %s%s%s GROUP BY region",
			strings.Join(cols, ", "), from, to, where, filter))

		if c.kind == kindRatioWindows {
			p.union = func(rows []sqlRow) numbers {
				out := numbers{}
				for _, row := range rows {
					out[row.dims[0]+" "+row.dims[1]+" total"] = nz(row.nums[0])
					out[row.dims[0]+" "+row.dims[1]+" good"] = nz(row.nums[1])
				}
				return out
			}
			p.onescan = func(rows []sqlRow) numbers {
				out := numbers{}
				for _, row := range rows {
					out[row.dims[0]+" current total"] = nz(row.nums[0])
					out[row.dims[0]+" current good"] = nz(row.nums[1])
					out[row.dims[0]+" previous total"] = nz(row.nums[2])
					out[row.dims[0]+" previous good"] = nz(row.nums[3])
				}
				return out
			}
		} else {
			p.union = func(rows []sqlRow) numbers {
				out := numbers{}
				for _, row := range rows {
					out[row.dims[0]+" "+row.dims[1]+" avg"] = row.nums[0]
				}
				return out
			}
			p.onescan = func(rows []sqlRow) numbers {
				out := numbers{}
				for _, row := range rows {
					out[row.dims[0]+" current avg"] = row.nums[0]
					out[row.dims[0]+" previous avg"] = row.nums[1]
				}
				return out
			}
		}
	case kindSLO:
		to := c.bounds[len(c.bounds)-1]
		bad := "outcome <> 'ok'"
		h := newHand(r.dialect)
		var parts []string
		for _, w := range c.windows {
			parts = append(parts, fmt.Sprintf("SELECT region, '%s' AS w, COUNT(*), %s FROM requests WHERE ts >= %s AND ts < %s%s GROUP BY region",
				windowLabel(w), h.count(bad), h.t(to.Add(-w)), h.t(to), filter))
		}
		union = h.statement(strings.Join(parts, "\nUNION ALL\n"))

		h = newHand(r.dialect)
		cols := []string{"COUNT(*)", h.count(bad)}
		for _, w := range c.windows[1:] {
			cols = append(cols, h.count("ts >= "+h.t(to.Add(-w))), h.count("ts >= "+h.t(to.Add(-w))+" AND "+bad))
		}
		from, end := h.t(to.Add(-c.windows[0])), h.t(to)
		onescan = h.statement(fmt.Sprintf("SELECT region, %s FROM requests WHERE ts >= %s AND ts < %s%s GROUP BY region",
			strings.Join(cols, ", "), from, end, filter))

		p.union = func(rows []sqlRow) numbers {
			out := numbers{}
			for _, row := range rows {
				out[row.dims[0]+" "+row.dims[1]+" total"] = nz(row.nums[0])
				out[row.dims[0]+" "+row.dims[1]+" bad"] = nz(row.nums[1])
			}
			return out
		}
		p.onescan = func(rows []sqlRow) numbers {
			out := numbers{}
			for _, row := range rows {
				for i, w := range c.windows {
					out[row.dims[0]+" "+windowLabel(w)+" total"] = nz(row.nums[2*i])
					out[row.dims[0]+" "+windowLabel(w)+" bad"] = nz(row.nums[2*i+1])
				}
			}
			return out
		}
	}
	return union, onescan, p
}

// queryData runs the case's query through the datasource (engine, frames and
// the Arrow encoding Grafana receives) and reads the measures back out of the
// frames.
func queryData(ctx context.Context, ds *datasource.Datasource, c *sqlCase) (numbers, error) {
	resp, err := ds.QueryData(ctx, &backend.QueryDataRequest{Queries: []backend.DataQuery{c.query}})
	if err != nil {
		return nil, err
	}
	a := resp.Responses["A"]
	if a.Error != nil {
		return nil, a.Error
	}
	if _, err := a.Frames.MarshalArrow(); err != nil {
		return nil, err
	}
	return frameNumbers(a.Frames)
}

// frameNumbers are the numbers the frames hold, keyed "frame <region>
// <measure>"; measure compares them with expectedFrames.
func frameNumbers(fs data.Frames) (numbers, error) {
	out := numbers{}
	for _, f := range fs {
		if f.Meta == nil || f.Meta.Type != data.FrameTypeNumericMulti || len(f.Fields) != 1 {
			continue
		}
		fld := f.Fields[0]
		v := math.NaN()
		if x, ok := fld.ConcreteAt(0); ok {
			v = x.(float64)
		}
		out["frame "+fld.Labels["region"]+" "+fld.Name] = v
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no numeric frames")
	}
	return out, nil
}

// expectedFrames turns SQL counts into the measures the frames carry.
func expectedFrames(c *sqlCase, n numbers) numbers {
	out := numbers{}
	for _, region := range regionsOf(n) {
		switch c.kind {
		case kindRatioWindows:
			out["frame "+region+" value"] = n[region+" current good"] / n[region+" current total"]
			out["frame "+region+" previous"] = n[region+" previous good"] / n[region+" previous total"]
		case kindAvgWindows:
			out["frame "+region+" value"] = n[region+" current avg"]
			out["frame "+region+" previous"] = n[region+" previous avg"]
		case kindSLO:
			for i, w := range c.windows {
				bad, total := n[region+" "+windowLabel(w)+" bad"], n[region+" "+windowLabel(w)+" total"]
				if i == 0 {
					out["frame "+region+" sli"] = 1 - bad/total
					continue
				}
				out["frame "+region+" burn_rate_"+windowLabel(w)] = bad / total / (1 - sqlObjective)
			}
		}
	}
	return out
}

// explain prints the database's plan of a variant's statement (-sql-explain).
func (r *dialectRun) explain(ctx context.Context, c *sqlCase, v variant) error {
	prefix := map[string]string{sqlsource.TypePostgres: "EXPLAIN (ANALYZE, BUFFERS) ", sqlsource.TypeMySQL: "ANALYZE ", sqlsource.TypeSQLite: "EXPLAIN QUERY PLAN "}[r.dialect]
	rows, err := v.db.QueryContext(ctx, prefix+v.st.SQL, v.st.Args...)
	if err != nil {
		return fmt.Errorf("explain %s: %w", v.name, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	fmt.Printf("\n-- %s [%s] %s:\n%s\n-- args %v\n", c.title, c.index, v.name, v.st.SQL, sqlsource.FormatArgs(v.st.Args))
	vals := make([]sql.NullString, len(cols))
	dest := make([]any, len(cols))
	for i := range vals {
		dest[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = v.String
		}
		fmt.Println("   ", strings.Join(parts, " | "))
	}
	return rows.Err()
}
