package sqlsource

import (
	"context"
	"fmt"
	"time"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/kpimath"
	"github.com/northstar/kpi/pkg/source"
)

// Explain has the database plan each KPI's statements over the last hour
// (EXPLAIN runs nothing) and returns one error per KPI whose SQL does not run,
// with the database's message.
func (c *Client) Explain(ctx context.Context, kpis []*catalog.KPI) []error {
	var out []error
	now := time.Now().Truncate(time.Minute)
	w := kpimath.Window{From: now.Add(-time.Hour), To: now}
	src := NewSource(c)
	for _, k := range kpis {
		sts, err := src.Statements(k, source.Filters{}, w, time.Minute)
		if err != nil {
			out = append(out, fmt.Errorf("KPI %q: %v", k.ID, err))
			continue
		}
		for _, name := range []string{"series", "overall"} {
			st, ok := sts[name]
			if !ok {
				continue
			}
			if err := c.explainOne(ctx, st); err != nil {
				out = append(out, fmt.Errorf("KPI %q: %v", k.ID, err))
				break
			}
		}
	}
	return out
}

func (c *Client) explainOne(ctx context.Context, st Statement) error {
	ctx, cancel := context.WithTimeout(ctx, c.conn.Timeout())
	defer cancel()
	prefix := "EXPLAIN "
	if c.conn.Type == TypeSQLite {
		prefix = "EXPLAIN QUERY PLAN "
	}
	rows, err := c.db.QueryContext(ctx, prefix+st.SQL, st.Args...)
	if err != nil {
		return c.explain(ctx, err)
	}
	defer rows.Close()
	for rows.Next() {
	}
	if err := rows.Err(); err != nil {
		return c.explain(ctx, err)
	}
	return nil
}
