package datasource

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/sqlsource"
)

// CheckHealth reports the catalog's validity and whether each connection answers,
// with messages a user can act on.
func (d *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	lines, ok := d.catalogHealth()
	connLines, connOK := d.connectionsHealth(ctx)
	lines = append(lines, connLines...)
	status := backend.HealthStatusOk
	if !ok || !connOK {
		status = backend.HealthStatusError
	}
	return &backend.CheckHealthResult{Status: status, Message: strings.Join(lines, "\n")}, nil
}

func (d *Datasource) catalogHealth() ([]string, bool) {
	st := d.store.Status()
	var lines []string
	switch {
	case st.LastError != nil && st.Loaded:
		lines = append(lines, fmt.Sprintf("Catalog: the latest version is invalid, still serving the last valid one (%d KPIs). Fix these problems:", st.KPIs))
	case st.LastError != nil:
		lines = append(lines, "Catalog: invalid, no KPI can be queried. Fix these problems:")
	default:
		return []string{fmt.Sprintf("Catalog: OK, %d KPIs loaded.", st.KPIs)}, true
	}
	for _, p := range st.Problems {
		lines = append(lines, "  - "+p.String())
	}
	return lines, false
}

func (d *Datasource) connectionsHealth(ctx context.Context) ([]string, bool) {
	names := d.connectionNames()
	if len(names) == 0 {
		return []string{"Connections: none configured; add a Prometheus or SQL connection in the datasource settings."}, false
	}
	lines := make([]string, len(names))
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := true
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			line, good := d.pingConnection(ctx, name)
			mu.Lock()
			lines[i], ok = line, ok && good
			mu.Unlock()
		}()
	}
	wg.Wait()
	return lines, ok
}

func (d *Datasource) pingConnection(ctx context.Context, name string) (string, bool) {
	if err, bad := d.connErrs[name]; bad {
		return fmt.Sprintf("Connection %q: invalid settings: %v", name, err), false
	}
	if c, ok := d.sql[name]; ok {
		return d.pingSQL(ctx, c)
	}
	if err := d.clients[name].Ping(ctx); err != nil {
		return fmt.Sprintf("Connection %q: %v", name, err), false
	}
	return fmt.Sprintf("Connection %q: OK, answers PromQL.", name), true
}

// pingSQL connects, then has the database plan every SQL KPI of the catalog on
// this connection, so a missing table or column shows before a panel fails.
func (d *Datasource) pingSQL(ctx context.Context, c *sqlsource.Client) (string, bool) {
	if err := c.Ping(ctx); err != nil {
		return err.Error(), false
	}
	cat := d.store.Current()
	if cat == nil {
		return fmt.Sprintf("Connection %q: OK, connected (read-only session).", c.Name()), true
	}
	var kpis []*catalog.KPI
	for i := range cat.KPIs {
		if k := &cat.KPIs[i]; k.Source == c.Name() && k.Query.SQL != nil {
			kpis = append(kpis, k)
		}
	}
	failures := c.Explain(ctx, kpis)
	if len(failures) == 0 {
		return fmt.Sprintf("Connection %q: OK, connected (read-only session); the SQL of its %d KPIs runs.", c.Name(), len(kpis)), true
	}
	lines := []string{fmt.Sprintf("Connection %q: connected, but the SQL of %d of its %d KPIs does not run:", c.Name(), len(failures), len(kpis))}
	for _, f := range failures {
		lines = append(lines, "    - "+f.Error())
	}
	return strings.Join(lines, "\n"), false
}
