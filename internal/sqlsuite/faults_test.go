package sqlsuite_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/grafana/dataplane/sdata/numeric"
	"github.com/grafana/dataplane/sdata/reader"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/northstar/kpi/internal/sqltest"
)

const twoConnectionCatalog = `apiVersion: northstar.kpi/v1
kpis:
  - {id: orders, name: Orders, owner: shop, version: "1", direction: higher, source: db, dimensions: [region],
     query: {sql: {table: orders, timeColumn: created_at, measure: {agg: count}}}}
  - {id: orders_down, name: Orders, owner: shop, version: "1", direction: higher, source: down,
     query: {sql: {table: orders, timeColumn: created_at, measure: {agg: count}}}}
  - {id: no_table, name: Orders, owner: shop, version: "1", direction: higher, source: db,
     query: {sql: {table: no_such_table, timeColumn: created_at, measure: {agg: count}}}}
  - {id: no_column, name: Orders, owner: shop, version: "1", direction: higher, source: db,
     query: {sql: {table: orders, timeColumn: no_such_column, measure: {agg: count}}}}
`

// slowSQL runs for seconds in each dialect.
var slowSQL = map[string]string{
	"postgres": "WITH s AS (SELECT pg_sleep(5)) SELECT created_at AS time, 1 AS value FROM orders, s WHERE $__timeFilter(created_at)",
	"mysql":    "SELECT created_at AS time, SLEEP(5) AS value FROM orders WHERE $__timeFilter(created_at)",
	"sqlite":   "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 1000000000) SELECT created_at AS time, (SELECT COUNT(*) FROM r) AS value FROM orders WHERE $__timeFilter(created_at)",
}

func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestOneBadSourceNeverFailsTheOthers: a database that is down, a missing table
// and a missing column each fail their own query only, with a clear message.
func TestOneBadSourceNeverFailsTheOthers(t *testing.T) {
	down := map[string]any{"name": "down", "type": "postgres", "host": closedPort(t), "database": "shop", "user": "postgres", "timeoutSeconds": 2}
	from, to := offFrom, offTo
	for _, dialect := range sqltest.Dialects {
		// The same database through a connection with a 1 s statement timeout.
		slow := connection(dbs[dialect])
		slow["name"], slow["timeoutSeconds"] = "slow", 1
		cat := twoConnectionCatalog + fmt.Sprintf(`  - {id: slow, name: Slow, owner: shop, version: "1", direction: higher, source: slow, aggregation: sum,
     query: {sql: {raw: %q}}}
`, slowSQL[dialect])
		ds := newDS(t, cat, connection(dbs[dialect]), down, slow)
		resp := run(t, ds,
			query("ok", from, to, time.Hour, map[string]any{"kpi": "orders", "measures": []string{"value"}}),
			query("down", from, to, time.Hour, map[string]any{"kpi": "orders_down", "measures": []string{"value"}}),
			query("table", from, to, time.Hour, map[string]any{"kpi": "no_table", "measures": []string{"value"}}),
			query("column", from, to, time.Hour, map[string]any{"kpi": "no_column", "measures": []string{"value"}}),
			query("filter", from, to, time.Hour, map[string]any{"kpi": "orders", "measures": []string{"value"}, "filters": map[string][]string{"country": {"x"}}}),
			query("slow", from, to, time.Hour, map[string]any{"kpi": "slow", "measures": []string{"value"}}))
		ok := resp.Responses["ok"]
		if ok.Error != nil {
			t.Fatalf("%s: the healthy query failed: %v", dialect, ok.Error)
		}
		check(t, dialect+" eu orders", measure(t, ok.Frames, "value", regionLabels("orders", "eu")), ordersIn(from, to, "eu"))
		for ref, want := range map[string]string{
			"down":   "nothing accepts connections",
			"table":  "table missing",
			"column": "column missing",
			"filter": `has no dimension "country"`,
			"slow":   "timeout (1s",
		} {
			r := resp.Responses[ref]
			if r.Error == nil || !strings.Contains(r.Error.Error(), want) {
				t.Errorf("%s %s: got %v, want an error with %q", dialect, ref, r.Error, want)
			}
		}
		if resp.Responses["filter"].Status != backend.StatusBadRequest || resp.Responses["down"].Status != backend.StatusBadGateway {
			t.Errorf("%s: statuses %v (filter) and %v (down), want 400 and 502", dialect, resp.Responses["filter"].Status, resp.Responses["down"].Status)
		}
	}
}

// TestHealthSaysWhatIsWrong: the health check connects to every SQL connection
// and plans every SQL KPI, in words a user can act on.
func TestHealthSaysWhatIsWrong(t *testing.T) {
	pg := dbs[sqltest.Dialects[0]].Conn
	maria := dbs[sqltest.Dialects[1]].Conn
	cases := []struct {
		name string
		conn map[string]any
		want string
	}{
		{"unknown host", map[string]any{"name": "down", "type": "postgres", "host": "no-such-host.invalid:5432", "database": "x", "user": "postgres"}, "unknown host"},
		{"refused", map[string]any{"name": "down", "type": "mysql", "host": closedPort(t), "database": "x", "user": "root"}, "nothing accepts connections"},
		{"postgres auth", map[string]any{"name": "down", "type": "postgres", "host": pg.Host, "database": pg.Database, "user": "no_such_user"}, `authentication failed for user "no_such_user"`},
		{"mysql auth", map[string]any{"name": "down", "type": "mysql", "host": maria.Host, "database": maria.Database, "user": "no_such_user"}, `authentication failed for user "no_such_user"`},
		{"postgres database", map[string]any{"name": "down", "type": "postgres", "host": pg.Host, "database": "no_such_db", "user": "postgres"}, `database "no_such_db" does not exist`},
		{"mysql database", map[string]any{"name": "down", "type": "mysql", "host": maria.Host, "database": "no_such_db", "user": "root"}, `database "no_such_db" does not exist`},
		{"sqlite file", map[string]any{"name": "down", "type": "sqlite", "path": "/nonexistent/shop.db"}, "cannot open the SQLite file"},
	}
	for _, c := range cases {
		ds := newDS(t, twoConnectionCatalog, connection(dbs[sqltest.Dialects[0]]), c.conn)
		res, err := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if text := healthText(res); res.Status != backend.HealthStatusError || !strings.Contains(text, c.want) {
			t.Errorf("%s: got %v %q, want an error with %q", c.name, res.Status, text, c.want)
		}
	}
	for _, dialect := range sqltest.Dialects {
		ds := newDS(t, twoConnectionCatalog, connection(dbs[dialect]), cases[0].conn)
		res, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
		if !strings.Contains(res.Message, `connection "db": the SQL of 2 KPIs does not run`) {
			t.Errorf("%s: the health title %q does not say that SQL fails", dialect, res.Message)
		}
		for _, want := range []string{`the SQL of 2 of its 3 KPIs does not run`, `KPI "no_table"`, `KPI "no_column"`, "no_such_table", "no_such_column"} {
			if !strings.Contains(healthText(res), want) {
				t.Errorf("%s: health %q lacks %q", dialect, healthText(res), want)
			}
		}
	}
}

// healthText is the title and the full report that Save & test shows.
func healthText(res *backend.CheckHealthResult) string {
	var details struct{ Message, VerboseMessage string }
	_ = json.Unmarshal(res.JSONDetails, &details)
	return res.Message + "\n" + details.VerboseMessage
}

// TestAlertRulesReadSQLFrames: Grafana's dataplane reader gets one instance per
// KPI and region from a SQL KPI, and a region without rows is no data.
func TestAlertRulesReadSQLFrames(t *testing.T) {
	from, to := sqltest.QuietFrom.Add(time.Hour), sqltest.QuietFrom.Add(2*time.Hour)
	for _, dialect := range sqltest.Dialects {
		ds := newDS(t, suiteCatalog, connection(dbs[dialect]))
		r := run(t, ds, query("A", from, to, 0, map[string]any{"kpi": "availability", "measures": []string{"value"}})).Responses["A"]
		if r.Error != nil {
			t.Fatal(r.Error)
		}
		kind, err := reader.CanReadBasedOnMeta(r.Frames)
		if err != nil || kind != data.FrameTypeNumericMulti {
			t.Fatalf("%s: sdata reads %q, %v", dialect, kind, err)
		}
		cr, err := numeric.CollectionReaderFromFrames(r.Frames)
		if err != nil {
			t.Fatal(err)
		}
		c, err := cr.GetCollection(false)
		if err != nil || c.Warning != nil {
			t.Fatalf("%s: %v %v", dialect, err, c.Warning)
		}
		got := map[string]float64{}
		for _, ref := range c.Refs {
			l := ref.GetLabels()
			if l["kpi"] != "availability" || len(l) != 2 {
				t.Errorf("%s: labels %v", dialect, l)
			}
			v, empty, err := ref.NullableFloat64Value()
			if err != nil || empty {
				t.Fatalf("%s: %v %v", dialect, err, empty)
			}
			if v != nil {
				got[l["region"]] = *v
			}
		}
		// apac is quiet: its region has no rows, so it is no instance at all.
		if len(got) != 2 {
			t.Errorf("%s: instances %v, want eu and us", dialect, got)
		}
		for _, region := range []string{"eu", "us"} {
			check(t, dialect+" "+region, got[region], availability(from, to, region))
		}
	}
}
