package datasource

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/sqlsource"
)

// CheckHealth reports the catalog's validity and whether each connection answers,
// with messages a user can act on. Message is a one-line title ("OK: 12 KPIs, 2
// connections" or "2 problems: catalog invalid, connection \"shop\" unreachable");
// JSONDetails carries it again with the full report as verboseMessage, which
// Grafana's Save & test shows under the title.
func (d *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	items := append(d.stateHealth(), d.catalogHealth()...)
	items = append(items, d.connectionsHealth(ctx)...)
	var lines, problems []string
	for _, it := range items {
		lines = append(lines, it.text)
		if it.problem != "" {
			problems = append(problems, it.problem)
		}
	}
	status, title := backend.HealthStatusOk, d.okTitle()
	if len(problems) > 0 {
		status = backend.HealthStatusError
		title = fmt.Sprintf("%s: %s", plural(len(problems), "problem"), strings.Join(problems, ", "))
	}
	details, err := json.Marshal(map[string]string{"message": title, "verboseMessage": strings.Join(lines, "\n")})
	if err != nil {
		return nil, err
	}
	return &backend.CheckHealthResult{Status: status, Message: title, JSONDetails: details}, nil
}

// healthItem is one part of the health report: its full text and, when it is a
// problem, a few words for the title.
type healthItem struct {
	text    string
	problem string
}

func (d *Datasource) okTitle() string {
	return fmt.Sprintf("OK: %s, %s", plural(d.store.Status().KPIs, "KPI"), plural(len(d.connectionNames()), "connection"))
}

func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func (d *Datasource) catalogHealth() []healthItem {
	st := d.store.Status()
	var head healthItem
	switch {
	case st.LastError != nil && st.Loaded:
		head = healthItem{
			text:    fmt.Sprintf("Catalog: the latest version is invalid, still serving the last valid one (%d KPIs). Fix these problems:", st.KPIs),
			problem: "catalog invalid (serving the last valid one)",
		}
	case st.LastError != nil:
		head = healthItem{text: "Catalog: invalid, no KPI can be queried. Fix these problems:", problem: "catalog invalid"}
	default:
		return []healthItem{{text: fmt.Sprintf("Catalog: OK, %d KPIs loaded.", st.KPIs)}}
	}
	lines := []string{head.text}
	for _, p := range st.Problems {
		lines = append(lines, "  - "+p.String())
	}
	head.text = strings.Join(lines, "\n")
	return []healthItem{head}
}

func (d *Datasource) connectionsHealth(ctx context.Context) []healthItem {
	names := d.connectionNames()
	if len(names) == 0 {
		return []healthItem{{
			text:    "Connections: none configured; add a Prometheus or SQL connection in the datasource settings.",
			problem: "no connections",
		}}
	}
	items := make([]healthItem, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			items[i] = d.pingConnection(ctx, name)
		}()
	}
	wg.Wait()
	return items
}

func (d *Datasource) pingConnection(ctx context.Context, name string) healthItem {
	if err, bad := d.connErrs[name]; bad {
		return healthItem{
			text:    fmt.Sprintf("Connection %q: invalid settings: %v", name, err),
			problem: fmt.Sprintf("connection %q has invalid settings", name),
		}
	}
	if c, ok := d.sql[name]; ok {
		return d.pingSQL(ctx, c)
	}
	if err := d.clients[name].Ping(ctx); err != nil {
		return healthItem{text: fmt.Sprintf("Connection %q: %v", name, err), problem: fmt.Sprintf("connection %q unreachable", name)}
	}
	return healthItem{text: fmt.Sprintf("Connection %q: OK, answers PromQL.", name)}
}

// pingSQL connects, then has the database plan every SQL KPI of the catalog on
// this connection, so a missing table or column shows before a panel fails.
func (d *Datasource) pingSQL(ctx context.Context, c *sqlsource.Client) healthItem {
	if err := c.Ping(ctx); err != nil {
		return healthItem{text: err.Error(), problem: fmt.Sprintf("connection %q unreachable", c.Name())}
	}
	cat := d.store.Current()
	if cat == nil {
		return healthItem{text: fmt.Sprintf("Connection %q: OK, connected (read-only session).", c.Name())}
	}
	var kpis []*catalog.KPI
	for i := range cat.KPIs {
		if k := &cat.KPIs[i]; k.Source == c.Name() && k.Query.SQL != nil {
			kpis = append(kpis, k)
		}
	}
	failures := c.Explain(ctx, kpis)
	if len(failures) == 0 {
		return healthItem{text: fmt.Sprintf("Connection %q: OK, connected (read-only session); the SQL of its %d KPIs runs.", c.Name(), len(kpis))}
	}
	lines := []string{fmt.Sprintf("Connection %q: connected, but the SQL of %d of its %d KPIs does not run:", c.Name(), len(failures), len(kpis))}
	for _, f := range failures {
		lines = append(lines, "    - "+f.Error())
	}
	return healthItem{
		text:    strings.Join(lines, "\n"),
		problem: fmt.Sprintf("connection %q: the SQL of %s does not run", c.Name(), plural(len(failures), "KPI")),
	}
}
