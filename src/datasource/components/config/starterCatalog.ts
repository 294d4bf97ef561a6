import { ConnectionType, KpiConnection } from '../../types';

const SQL_TYPES: ConnectionType[] = ['postgres', 'mysql', 'sqlite'];

/** Where the catalog's reference lives (docs/catalog.md). */
export const CATALOG_DOCS_URL = 'https://github.com/northstar/kpi/blob/main/docs/catalog.md';

// The starter catalogs: one KPI with a ratio query and an SLO, for a Prometheus or a SQL connection.
// __SOURCE__ becomes the connection's name. pkg/datasource/starter_catalog_test.go validates both
// with the backend, so they stay valid catalogs.

const PROMETHEUS_STARTER = `# The KPI catalog: https://github.com/northstar/kpi/blob/main/docs/catalog.md
apiVersion: northstar.kpi/v1
kpis:
  - id: checkout_success_rate
    name: Checkout success rate
    description: Share of checkout requests answered without a server error.
    owner: team-payments
    unit: percentunit
    decimals: 2
    direction: higher
    version: "1"
    category: commerce
    tags: [checkout]
    # The name of one of the connections below.
    source: __SOURCE__
    dimensions: [region]
    # Bad events over all events, as PromQL selectors: the ratio is computed over the whole range.
    query:
      ratio:
        bad: http_requests_total{job="checkout", code=~"5.."}
        total: http_requests_total{job="checkout"}
    target: {value: 0.995}
    thresholds: {warning: 0.99, critical: 0.98}
    comparison: {type: offset, offset: 7d}
    # An objective over a rolling window: error budget, burn rates and alert pairs follow.
    slo:
      objective: 0.995
      window: {rolling: 28d}
`;

const SQL_STARTER = `# The KPI catalog: https://github.com/northstar/kpi/blob/main/docs/catalog.md
apiVersion: northstar.kpi/v1
kpis:
  - id: payment_success
    name: Payment success
    description: Share of orders whose payment went through.
    owner: team-shop
    unit: percentunit
    decimals: 2
    direction: higher
    version: "1"
    category: commerce
    tags: [checkout]
    # The name of one of the connections below.
    source: __SOURCE__
    dimensions: [region]
    # Bad rows over all rows of a table: the ratio is computed over the whole range.
    query:
      sql:
        table: orders
        timeColumn: created_at
        timeType: timestamptz
        ratio:
          bad: {agg: count, where: [{column: status, op: "=", value: failed}]}
          total: {agg: count}
    target: {value: 0.98}
    thresholds: {warning: 0.95, critical: 0.9}
    comparison: {type: offset, offset: 7d}
    # An objective over a rolling window: error budget, burn rates and alert pairs follow.
    slo:
      objective: 0.98
      window: {rolling: 28d}
`;

/**
 * A catalog to start from: one KPI with a ratio query and an SLO, written for the first connection
 * (a PromQL ratio for Prometheus, a structured SQL ratio otherwise), `prometheus` when there is none.
 */
export function starterCatalog(connections: KpiConnection[] = []): string {
  const first = connections.find((connection) => (connection.name ?? '').trim() !== '');
  // Connections saved before types have none: they are Prometheus connections.
  const isSql = first !== undefined && SQL_TYPES.includes(first.type);
  const name = first?.name.trim() || 'prometheus';
  // A name YAML would read as something else is quoted.
  const source = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name) ? name : JSON.stringify(name);
  return (isSql ? SQL_STARTER : PROMETHEUS_STARTER).replace('__SOURCE__', source);
}
