import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

/** The per-KPI measures (docs/frames.md, "Per-KPI measures"); a query without measures gets these. */
export type KpiMeasure = 'series' | 'value' | 'previous' | 'delta' | 'delta_pct' | 'target' | 'attainment' | 'status';

/** SLO measures with a fixed name (docs/frames.md, "SLO measures"). */
export type SloFixedMeasure =
  | 'sli'
  | 'budget_total'
  | 'budget_consumed'
  | 'budget_remaining'
  | 'budget_events_total'
  | 'budget_events_consumed'
  | 'budget_events_remaining'
  | 'budget_time_total'
  | 'budget_time_consumed'
  | 'budget_time_remaining'
  | 'time_to_exhaustion'
  | 'budget_burndown';

/** Groups the backend expands per SLO: every burn rate, every alert pair, the whole SLO card. */
export type SloMeasureGroup = 'burn_rates' | 'burn_pairs' | 'slo';

/** The burn rate over one window, e.g. `burn_rate_1h`. The window's syntax is checked at run time (measures.ts). */
export type BurnRateMeasure = `burn_rate_${string}`;

/** Whether one alert pair fires, short window first, e.g. `burn_pair_5m_1h`. */
export type BurnPairMeasure = `burn_pair_${string}_${string}`;

export type SloMeasure = SloFixedMeasure | SloMeasureGroup | BurnRateMeasure | BurnPairMeasure;

/** What a query asks for, per KPI (and per SLO). See docs/frames.md for the frames each measure yields. */
export type Measure = KpiMeasure | SloMeasure;

/** The KPI measures, in display order: the default when a query chooses none. */
export const ALL_MEASURES: KpiMeasure[] = [
  'series',
  'value',
  'previous',
  'delta',
  'delta_pct',
  'target',
  'attainment',
  'status',
];

/** The SLO measures with a fixed name and the groups, in the backend's display order. */
export const SLO_MEASURES: Array<SloFixedMeasure | SloMeasureGroup> = [
  'sli',
  'budget_total',
  'budget_consumed',
  'budget_remaining',
  'budget_events_total',
  'budget_events_consumed',
  'budget_events_remaining',
  'budget_time_total',
  'budget_time_consumed',
  'budget_time_remaining',
  'time_to_exhaustion',
  'budget_burndown',
  'burn_rates',
  'burn_pairs',
  'slo',
];

/** Selects every KPI of the catalog that matches all given criteria; `{}` selects the whole catalog. */
export interface KpiSelector {
  tags?: string[];
  owner?: string;
  category?: string;
}

/** The query model, read by the Go backend. */
export interface KpiQuery extends DataQuery {
  /** One KPI id. */
  kpi?: string;
  selector?: KpiSelector;
  /** Defaults to the KPI measures (ALL_MEASURES) when absent; SLO measures are asked for by name. */
  measures?: Measure[];
  /** Dimension name -> allowed values (any of them). */
  filters?: Record<string, string[]>;
  /** One SLO of the KPI by name, for SLO measures; absent or empty: every SLO of the KPI. */
  slo?: string;
}

export type ConnectionAuth = 'none' | 'basic' | 'bearer';

/** The kinds of connection the backend can compute KPIs from; `type` tells them apart in jsonData. */
export type ConnectionType = 'prometheus' | 'postgres' | 'mysql' | 'sqlite';

export type SqlConnectionType = Exclude<ConnectionType, 'prometheus'>;

/** SQL servers reached over the network (SQLite is a file on the Grafana server). */
export type SqlServerConnectionType = Exclude<SqlConnectionType, 'sqlite'>;

export const CONNECTION_TYPES: ConnectionType[] = ['prometheus', 'postgres', 'mysql', 'sqlite'];

/**
 * What every connection has. `id` keys the connection's secrets in secureJsonData
 * (`<id>.<secret>`): the editor gives it once and keeps it across renames. Connections from
 * before ids have none; their secrets are keyed by the name (docs/connections.md).
 */
export interface ConnectionIdentity {
  id?: string;
  name: string;
}

/** A custom HTTP header of a Prometheus connection; its value is a secret, `<id>.header.<name>`. */
export interface ConnectionHeader {
  name: string;
}

/** A Prometheus server the catalog's KPIs are computed from. Secrets live in secureJsonData. */
export interface PrometheusConnection extends ConnectionIdentity {
  type: 'prometheus';
  url: string;
  auth?: ConnectionAuth;
  basicAuthUser?: string;
  tlsSkipVerify?: boolean;
  /** Verify the server with the CA certificate; absent: when one is saved. */
  tlsAuthWithCACert?: boolean;
  /** TLS client authentication with the client certificate and key; absent: when one is saved. */
  tlsAuth?: boolean;
  /** Sent with every request, e.g. X-Scope-OrgID for a multi-tenant Mimir. */
  headers?: ConnectionHeader[];
  timeoutSeconds?: number;
  /** Prometheus scrape interval, e.g. "15s": the shortest rate window is four of them. */
  scrapeInterval?: string;
  responseLimitBytes?: number;
  /** How long answers are shared with identical calls: absent or 0, 10 s; negative, off; at most 300. */
  cacheSeconds?: number;
}

/** Settings every SQL connection has; absent means the backend default (SQL_DEFAULTS in connections.ts). */
export interface SqlConnectionLimits {
  /** Statement timeout; the request's deadline caps it. Default 30. */
  timeoutSeconds?: number;
  /** Pool limit: open connections to the database at most. Default 5. */
  maxOpenConns?: number;
  /** Rows one statement may return at most. Default 100000. */
  maxRows?: number;
}

/**
 * TLS to a SQL server. PostgreSQL's sslmode words; for MySQL the same words mean no TLS, TLS
 * without verification, verification of the CA, and of the CA and the host name.
 */
export type SqlTlsMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';

export const SQL_TLS_MODES: SqlTlsMode[] = ['disable', 'require', 'verify-ca', 'verify-full'];

/** A PostgreSQL or MySQL/MariaDB server. The password and TLS material live in secureJsonData. */
export interface SqlServerConnection extends SqlConnectionLimits, ConnectionIdentity {
  type: SqlServerConnectionType;
  /** `host[:port]`, e.g. "db.example.com:5432"; the port defaults to 5432 (PostgreSQL) or 3306 (MySQL). */
  host: string;
  database: string;
  user: string;
  /** Absent: "disable". */
  tlsMode?: SqlTlsMode;
  /** The name the server certificate must carry when it differs from the host. */
  tlsServerName?: string;
}

export interface PostgresConnection extends SqlServerConnection {
  type: 'postgres';
}

export interface MysqlConnection extends SqlServerConnection {
  type: 'mysql';
}

/** A SQLite database file on the Grafana server, opened read-only. */
export interface SqliteConnection extends SqlConnectionLimits, ConnectionIdentity {
  type: 'sqlite';
  /** An absolute path on the Grafana server. */
  path: string;
}

export type SqlConnection = PostgresConnection | MysqlConnection | SqliteConnection;

/** A named connection of jsonData.connections; the catalog's KPIs name theirs in `source`. */
export type KpiConnection = PrometheusConnection | SqlConnection;

export interface KpiDataSourceOptions extends DataSourceJsonData {
  /** Inline catalog YAML. */
  catalog?: string;
  /** Path of a catalog YAML file on the Grafana server. */
  catalogPath?: string;
  connections?: KpiConnection[];
  maxConcurrentQueries?: number;
  /** How often the catalog file is checked for changes. */
  catalogRecheckSeconds?: number;
  /** Every connection goes through Grafana's secure socks proxy (when Grafana has one). */
  enableSecureSocksProxy?: boolean;
}

/** Secrets of one connection; the secureJsonData key is `<connection id>.<kind>`. */
export type ConnectionSecretKind =
  'basicAuthPassword' | 'bearerToken' | 'password' | 'tlsCACert' | 'tlsClientCert' | 'tlsClientKey';

/** The secret that holds the value of a custom header. */
export type HeaderSecretKind = `header.${string}`;

/** Any secret of a connection. */
export type SecretKind = ConnectionSecretKind | HeaderSecretKind;

export const CONNECTION_SECRET_KINDS: ConnectionSecretKind[] = [
  'basicAuthPassword',
  'bearerToken',
  'password',
  'tlsCACert',
  'tlsClientCert',
  'tlsClientKey',
];

/** The secrets each type of connection can have. */
export const SECRET_KINDS_BY_TYPE: Record<ConnectionType, ConnectionSecretKind[]> = {
  prometheus: ['basicAuthPassword', 'bearerToken', 'tlsCACert', 'tlsClientCert', 'tlsClientKey'],
  postgres: ['password', 'tlsCACert', 'tlsClientCert', 'tlsClientKey'],
  mysql: ['password', 'tlsCACert', 'tlsClientCert', 'tlsClientKey'],
  sqlite: [],
};

/** secureJsonData: `<connection id>.<SecretKind>` -> secret (the name for connections without an id). */
export type KpiSecureJsonData = Record<string, string>;

export type KpiDirection = 'higher' | 'lower';

/** A target in force from a date (YYYY-MM-DD, in the KPI's time zone) on. */
export interface ScheduledTarget {
  from: string;
  value: number;
}

/** A target derived from the same range in past periods. */
export interface BaselineTarget {
  periods: number;
  /** A duration such as "1w". */
  every: string;
  statistic: string;
  improvement: number;
}

/** Exactly one of a static value, a schedule or a baseline. */
export interface KpiTarget {
  value?: number;
  schedule?: ScheduledTarget[];
  baseline?: BaselineTarget;
}

/** An SLO window: exactly one of a rolling duration ("28d") or a calendar period. */
export interface SloWindow {
  rolling?: string;
  calendar?: 'week' | 'month' | 'quarter';
}

export type SloBudgetingMethod = 'occurrences' | 'timeslices' | 'ratioTimeslices';

export interface SloBudgeting {
  method: SloBudgetingMethod;
  /** Length of one time slice ("5m"), for the timeslice methods. */
  slice?: string;
  /** Share of good events that makes a slice good, for `timeslices`. */
  sliceTarget?: number;
}

/** A multiwindow burn-rate alert pair: fires when the burn rate over both windows is at least `factor`. */
export interface BurnPair {
  severity: string;
  /** Durations as the catalog writes them ("1h", "5m"). */
  long: string;
  short: string;
  factor: number;
}

export interface SloAlerting {
  /** The catalog's pairs, or the defaults scaled to the window; null when no pair fits the window. */
  pairs?: BurnPair[] | null;
  minEvents?: number;
  minFailures?: number;
}

/** A budget exclusion (maintenance window). */
export interface SloExclusion {
  from: string;
  to: string;
  reason?: string;
}

/** A service level objective of a KPI (docs/catalog.md, "SLOs"). */
export interface Slo {
  /** Unique within the KPI; defaults to the objective and window, e.g. "99.9-28d". */
  name: string;
  /** A fraction: 0.999 for 99.9 %. */
  objective: number;
  window: SloWindow;
  budgeting: SloBudgeting;
  alerting: SloAlerting;
  exclusions?: SloExclusion[];
}

/** A catalog KPI as the backend's resources describe it (GET `kpis`, GET `kpis/<id>`). */
export interface KpiSummary {
  id: string;
  name: string;
  description?: string;
  owner?: string;
  unit?: string;
  decimals?: number;
  direction?: KpiDirection;
  version?: string;
  category?: string;
  tags?: string[];
  /** Name of the connection the KPI is computed from. */
  source?: string;
  aggregation?: string;
  target?: KpiTarget;
  thresholds?: { warning?: number; critical?: number };
  /** Dimension (label) names the KPI can be split and filtered by. */
  dimensions?: string[];
  timezone?: string;
  /** Service level objectives; only ratio and latency KPIs have them. */
  slos?: Slo[];
}

/** Query parameters of GET `kpis`. */
export interface KpiListParams {
  tag?: string;
  owner?: string;
  category?: string;
}

/** Answer of GET `kpis`. */
export interface KpiListResponse {
  kpis: KpiSummary[];
}

/** The language of the queries the backend generates for a KPI: its connection's. */
export type QueryLanguage = 'promql' | 'sql';

/** The queries the backend generates for one KPI, one per part of the answer. */
export interface KpiQueries {
  series: string;
  value?: string;
  previous?: string;
}

/** PromQL the backend generates for one KPI (the answer's `promql`, kept for compatibility). */
export type KpiPromql = KpiQueries;

/** Values bound to a SQL statement's placeholders ($1, $2, ... or ?), in order, as strings. */
export type KpiQueryParameters = { [Part in keyof KpiQueries]?: string[] };

/** What a previewed call answers: the series, the value over the range, over the comparison period, over a baseline period. */
export type PreviewPart = 'series' | 'value' | 'previous' | 'baseline';

/**
 * One upstream call a query of the KPI sends (GET `kpis/<id>`, docs/editors.md): a PromQL range query
 * (start, end, step), a PromQL instant query evaluated at `time` (the end of its window), or a SQL
 * statement with its bound values. Times are RFC 3339.
 */
export interface PreviewCall {
  parts: PreviewPart[];
  kind: 'range' | 'instant' | 'statement';
  query: string;
  time?: string;
  start?: string;
  end?: string;
  /** A range query's step, as Prometheus writes durations ("1h"), and in milliseconds. */
  step?: string;
  stepMs?: number;
  parameters?: string[];
  /** The aggregation that reduces the call's points to the value, when the source does not compute it. */
  reduce?: string;
}

export interface PreviewWindow {
  from: string;
  to: string;
  label?: string;
}

/** The windows the previewed calls compute the KPI over. */
export interface PreviewWindows {
  range: PreviewWindow;
  /** The comparison period, with its label ("7d earlier", "previous calendar month"). */
  previous: PreviewWindow;
  baseline?: PreviewWindow[];
}

/**
 * Answer of GET `kpis/<id>?from=&to=&step=&measures=&filter=`. Backends before SQL sources answer
 * with `promql` only; later ones with `language` and `queries` (and `promql` too, for PromQL); current
 * ones add `calls` and `windows`: every call with its times or bound values.
 */
export interface KpiDetailResponse {
  kpi: KpiSummary;
  language?: QueryLanguage;
  queries?: KpiQueries;
  /** For SQL: the bound values of each statement. */
  parameters?: KpiQueryParameters;
  promql?: KpiPromql;
  calls?: PreviewCall[];
  windows?: PreviewWindows;
  /** The step of the previewed calls. */
  step?: string;
  stepMs?: number;
}

export interface CatalogProblem {
  path: string;
  /** Absent when the problem has no place in the YAML (e.g. a missing connection). */
  line?: number;
  message: string;
}

/** Answer of POST `validate` (body: raw catalog YAML) and of GET `validate/file`. */
export interface CatalogValidationResponse {
  valid: boolean;
  problems: CatalogProblem[];
  /** GET `validate/file`: "file", and the path the data source reads (the saved one). */
  source?: 'file';
  path?: string;
}
