import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

/** What a query asks for, per KPI. See docs/frames.md for the frames each measure yields. */
export type Measure = 'series' | 'value' | 'previous' | 'delta' | 'delta_pct' | 'target' | 'attainment' | 'status';

export const ALL_MEASURES: Measure[] = [
  'series',
  'value',
  'previous',
  'delta',
  'delta_pct',
  'target',
  'attainment',
  'status',
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
  /** Defaults to every measure when absent. */
  measures?: Measure[];
  /** Dimension name -> allowed values (any of them). */
  filters?: Record<string, string[]>;
}

export type ConnectionAuth = 'none' | 'basic' | 'bearer';

/** A Prometheus server the catalog's KPIs are computed from. Secrets live in secureJsonData. */
export interface KpiConnection {
  name: string;
  type: 'prometheus';
  url: string;
  auth?: ConnectionAuth;
  basicAuthUser?: string;
  tlsSkipVerify?: boolean;
  timeoutSeconds?: number;
  /** Prometheus scrape interval, e.g. "15s": the shortest rate window is four of them. */
  scrapeInterval?: string;
}

export interface KpiDataSourceOptions extends DataSourceJsonData {
  /** Inline catalog YAML. */
  catalog?: string;
  /** Path of a catalog YAML file on the Grafana server. */
  catalogPath?: string;
  connections?: KpiConnection[];
  maxConcurrentQueries?: number;
  /** How often the catalog file is checked for changes. */
  catalogRecheckSeconds?: number;
}

/** Secrets of one connection; the secureJsonData key is `<connection name>.<kind>`. */
export type ConnectionSecretKind = 'basicAuthPassword' | 'bearerToken' | 'tlsCACert' | 'tlsClientCert' | 'tlsClientKey';

export const CONNECTION_SECRET_KINDS: ConnectionSecretKind[] = [
  'basicAuthPassword',
  'bearerToken',
  'tlsCACert',
  'tlsClientCert',
  'tlsClientKey',
];

/** secureJsonData: `<connection name>.<ConnectionSecretKind>` -> secret. */
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

/** PromQL the backend generates for one KPI. */
export interface KpiPromql {
  series: string;
  value?: string;
  previous?: string;
}

/** Answer of GET `kpis/<id>?from=&to=&step=`. */
export interface KpiDetailResponse {
  kpi: KpiSummary;
  promql: KpiPromql;
}

export interface CatalogProblem {
  path: string;
  /** Absent when the problem has no place in the YAML (e.g. a missing connection). */
  line?: number;
  message: string;
}

/** Answer of POST `validate` (body: raw catalog YAML). */
export interface CatalogValidationResponse {
  valid: boolean;
  problems: CatalogProblem[];
}
