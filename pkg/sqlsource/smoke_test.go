package sqlsource_test

import (
	"context"
	"testing"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
	"github.com/northstar/kpi/pkg/sqlsource"
)

func TestSmoke(t *testing.T) {
	cat, problems := catalog.Parse([]byte(`
apiVersion: northstar.kpi/v1
kpis:
  - id: orders
    name: Orders
    owner: shop
    version: "1"
    direction: higher
    source: db
    dimensions: [region]
    timezone: Europe/Berlin
    query:
      sql:
        table: orders
        timeColumn: created_at
        measure: {agg: count}
  - id: availability
    name: Availability
    owner: sre
    version: "1"
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
`))
	if problems != nil {
		t.Fatal(problems)
	}
	for name, db := range dbs {
		c, err := sqlsource.NewClient(db.Conn, sqlsource.Secrets{})
		if err != nil {
			t.Fatal(err)
		}
		src := sqlsource.NewSource(c)
		w := kpimath.Window{From: time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 10, 27, 0, 0, 0, 0, time.UTC)}
		ser, err := src.Series(context.Background(), &cat.KPIs[0], source.Filters{}, w, 24*time.Hour)
		t.Logf("%s series err=%v n=%d", name, err, len(ser))
		if len(ser) > 0 {
			t.Logf("%v", ser[0].Points)
		}
		all, err := src.OverallMany(context.Background(), &cat.KPIs[0], source.Filters{"region": {"eu"}}, []kpimath.Window{w, w.Shift(7 * 24 * time.Hour)})
		t.Logf("%s overall err=%v %v", name, err, all)
		ev, err := src.EventsBetween(context.Background(), &cat.KPIs[1], source.Filters{}, []time.Time{w.From, w.From.Add(time.Hour), w.To})
		t.Logf("%s events err=%v %v", name, err, ev)
		ev, err = src.Events(context.Background(), &cat.KPIs[1], source.Filters{}, w.From, w.From.Add(time.Hour), 30*time.Minute)
		t.Logf("%s events err=%v %v", name, err, ev)
	}
}
