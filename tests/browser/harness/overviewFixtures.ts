import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { DsRequestJSON, ResourceAnswer } from './appPages';

/**
 * The overview and KPI page fixtures (pkg/datasource/overview_fixture_test.go: the real backend's
 * answers for the example catalog), read as plain JSON, and what the pages must show computed
 * here from the frames, independently of the app's code.
 */

export interface FrameFieldJSON {
  name: string;
  type: string;
  labels?: Record<string, string>;
  config?: Record<string, unknown>;
}

export interface FrameJSON {
  schema: {
    name?: string;
    refId?: string;
    meta?: { type?: string; typeVersion?: number[]; custom?: Record<string, unknown> };
    fields: FrameFieldJSON[];
  };
  data: { values: unknown[][]; entities?: Array<Record<string, number[]> | null> };
}

export interface ResultJSON {
  status?: number;
  error?: string;
  frames?: FrameJSON[];
}

export interface ResponseJSON {
  results: Record<string, ResultJSON>;
}

export interface RecordedQuery {
  request: DsRequestJSON;
  response: ResponseJSON;
}

export interface PairJSON {
  severity: string;
  long: string;
  short: string;
  factor: number;
}

export interface SloJSON {
  name: string;
  objective: number;
  window: { rolling?: string; calendar?: string };
  budgeting?: { method: string };
  alerting?: { pairs?: PairJSON[] | null; minEvents?: number };
}

export interface KpiJSON {
  id: string;
  name: string;
  description?: string;
  owner?: string;
  unit?: string;
  decimals?: number;
  direction?: string;
  version?: string;
  category?: string;
  tags?: string[];
  source?: string;
  timezone?: string;
  dimensions?: string[];
  target?: { value?: number };
  thresholds?: { warning?: number; critical?: number };
  query?: Record<string, unknown>;
  slos?: SloJSON[];
}

const fixtures = join(__dirname, '..', 'fixtures');

export const overviewFixture = JSON.parse(readFileSync(join(fixtures, 'overview.json'), 'utf8')) as {
  now: number;
  kpis: { kpis: KpiJSON[] };
  query: RecordedQuery;
};

export const kpiPagesFixture = JSON.parse(readFileSync(join(fixtures, 'overview-kpi-pages.json'), 'utf8')) as {
  now: number;
  resources: Record<string, { request: string; status: number; body: unknown }>;
  rulesGrafana: { request: string; status: number; contentType: string; text: string };
  pages: Record<string, { main: RecordedQuery; history: RecordedQuery[]; comparison: RecordedQuery }>;
};

/** The resource answers the KPI pages need (GET kpis, kpis/<id>, rules/grafana). */
export function kpiPageResources(): Record<string, ResourceAnswer> {
  const out: Record<string, ResourceAnswer> = {};
  for (const [path, answer] of Object.entries(kpiPagesFixture.resources)) {
    out[path] = { status: answer.status, body: answer.body };
  }
  const rules = kpiPagesFixture.rulesGrafana;
  out['rules/grafana'] = { status: rules.status, text: rules.text, contentType: rules.contentType };
  return out;
}

/** One number of a numeric-multi frame: null for null, Infinity for +Inf (the frame's entities). */
export function frameNumber(frame: FrameJSON): number | null {
  const values = frame.data.values[frame.data.values.length - 1] ?? [];
  const last = values.length - 1;
  const entities = frame.data.entities?.[frame.data.values.length - 1];
  if (entities?.Inf?.includes(last)) {
    return Number.POSITIVE_INFINITY;
  }
  if (entities?.NegInf?.includes(last)) {
    return Number.NEGATIVE_INFINITY;
  }
  if (entities?.NaN?.includes(last)) {
    return Number.NaN;
  }
  const v = values[last];
  return typeof v === 'number' ? v : null;
}

export interface Sample {
  kpi: string;
  slo: string;
  dims: string;
  severity?: string;
  measure: string;
  value: number | null;
}

/** `region=eu`: the frame's labels other than kpi, slo and severity, by name. */
export function dimsOf(labels: Record<string, string> = {}): string {
  return Object.keys(labels)
    .filter((name) => !['kpi', 'slo', 'severity'].includes(name))
    .sort()
    .map((name) => `${name}=${labels[name]}`)
    .join(',');
}

/** The numeric-multi samples of frames (one number field, no time field). */
export function samplesOf(frames: FrameJSON[]): Sample[] {
  const out: Sample[] = [];
  for (const frame of frames) {
    const fields = frame.schema.fields;
    if (fields.length !== 1 || fields[0].type !== 'number') {
      continue;
    }
    const labels = fields[0].labels ?? {};
    out.push({
      kpi: labels.kpi,
      slo: labels.slo ?? '',
      dims: dimsOf(labels),
      severity: labels.severity,
      measure: fields[0].name,
      value: frameNumber(frame),
    });
  }
  return out;
}

export interface ExpectedRow {
  /** As the page keys its rows: `<kpi>|<slo>|<dimensions>`. */
  key: string;
  name: string;
  kpi: string;
  slo: string;
  firing: number;
  budget?: number | null;
  tte?: number | null;
  status: 'critical' | 'error' | 'warning' | 'nodata' | 'ok';
}

const RANK = { critical: 4, error: 3, warning: 2, nodata: 1, ok: 0 };

/** The rows the overview must have, from the catalog and the frames, as docs/app.md defines them. */
export function expectedRows(kpis: KpiJSON[], frames: FrameJSON[]): ExpectedRow[] {
  const samples = samplesOf(frames);
  const rows: ExpectedRow[] = [];
  const owners = (kpi: string, slo: string) => {
    const dims = Array.from(new Set(samples.filter((s) => s.kpi === kpi && s.slo === slo).map((s) => s.dims))).sort();
    return dims.length ? dims : [''];
  };
  const get = (kpi: string, slo: string, dims: string, measure: string) =>
    samples.find((s) => s.kpi === kpi && s.slo === slo && s.dims === dims && s.measure === measure);
  for (const kpi of kpis) {
    for (const dims of owners(kpi.id, '')) {
      const status = get(kpi.id, '', dims, 'status')?.value;
      rows.push({
        key: `${kpi.id}||${dims}`,
        name: kpi.name,
        kpi: kpi.id,
        slo: '',
        firing: 0,
        status: status === 0 ? 'ok' : status === 1 ? 'warning' : status === 2 ? 'critical' : 'nodata',
      });
    }
    for (const slo of kpi.slos ?? []) {
      for (const dims of owners(kpi.id, slo.name)) {
        const pairs = samples.filter(
          (s) => s.kpi === kpi.id && s.slo === slo.name && s.dims === dims && s.measure.startsWith('burn_pair_')
        );
        const firing = pairs.filter((p) => p.value === 1);
        const budget = get(kpi.id, slo.name, dims, 'budget_remaining')?.value;
        let status: ExpectedRow['status'];
        if (firing.some((p) => p.severity !== 'warning') || (typeof budget === 'number' && budget <= 0)) {
          status = 'critical';
        } else if (firing.length > 0 || (typeof budget === 'number' && budget < 0.25)) {
          status = 'warning';
        } else {
          status = typeof budget === 'number' ? 'ok' : 'nodata';
        }
        rows.push({
          key: `${kpi.id}|${slo.name}|${dims}`,
          name: kpi.name,
          kpi: kpi.id,
          slo: slo.name,
          firing: firing.length,
          budget,
          tte: get(kpi.id, slo.name, dims, 'time_to_exhaustion')?.value,
          status,
        });
      }
    }
  }
  return rows;
}

/** Missing (null, undefined, NaN) after every number; Infinity after the finite ones. */
function missingLast(a: number | null | undefined, b: number | null | undefined): number {
  const ma = typeof a !== 'number' || Number.isNaN(a);
  const mb = typeof b !== 'number' || Number.isNaN(b);
  if (ma || mb) {
    return Number(ma) - Number(mb);
  }
  return (a as number) === (b as number) ? 0 : (a as number) < (b as number) ? -1 : 1;
}

/** Riskiest first: firing pairs, least budget, soonest exhaustion, worse status, then name/id/SLO/dimensions. */
export function byRisk(a: ExpectedRow, b: ExpectedRow): number {
  return (
    b.firing - a.firing ||
    missingLast(a.budget, b.budget) ||
    missingLast(a.tte, b.tte) ||
    RANK[b.status] - RANK[a.status] ||
    a.name.localeCompare(b.name) ||
    a.kpi.localeCompare(b.kpi) ||
    a.slo.localeCompare(b.slo) ||
    a.key.split('|')[2].localeCompare(b.key.split('|')[2])
  );
}

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A numeric-multi frame like `template`, for another KPI (and SLO), holding `value`. */
function frameFrom(template: FrameJSON, kpi: KpiJSON, slo: SloJSON | undefined, value: number | null): FrameJSON {
  const frame = clone(template);
  const field = frame.schema.fields[0];
  const labels: Record<string, string> = { kpi: kpi.id };
  if (slo) {
    labels.slo = slo.name;
  }
  if (template.schema.fields[0].labels?.severity) {
    labels.severity = template.schema.fields[0].labels.severity;
  }
  field.labels = labels;
  frame.schema.name = kpi.id;
  const custom = (frame.schema.meta ??= {}).custom ?? {};
  frame.schema.meta.custom = {
    ...custom,
    kpi: {
      id: kpi.id,
      name: kpi.name,
      owner: kpi.owner,
      unit: kpi.unit,
      decimals: kpi.decimals,
      direction: 'higher',
      category: kpi.category,
      tags: kpi.tags,
    },
    ...(slo ? { slo: { ...(custom.slo as object), name: slo.name, objective: slo.objective } } : {}),
  };
  if (value === Number.POSITIVE_INFINITY) {
    frame.data = { values: [[null]], entities: [{ Inf: [0] }] };
  } else {
    frame.data = { values: [[value]] };
  }
  return frame;
}

export interface GeneratedCatalog {
  kpis: KpiJSON[];
  frames: FrameJSON[];
}

/**
 * `count` KPIs made from the example's real frames: value and status frames shaped like
 * checkout_error_rate's, and for every third KPI an SLO whose frames are shaped like payments'
 * (its four pairs), with deterministic pseudo-random numbers: some pairs fire, some budgets are
 * overspent, some have no traffic.
 */
export function generateCatalog(count: number): GeneratedCatalog {
  const frames = overviewFixture.query.response.results.overview.frames ?? [];
  const template = (kpi: string, measure: string, slo?: string) => {
    const found = frames.find((f) => {
      const field = f.schema.fields[0];
      return (
        f.schema.fields.length === 1 &&
        field.name === measure &&
        field.labels?.kpi === kpi &&
        (slo === undefined || field.labels?.slo === slo) &&
        (field.labels?.region ?? 'eu') === 'eu'
      );
    });
    if (!found) {
      throw new Error(`no ${measure} frame of ${kpi} ${slo ?? ''} in overview.json`);
    }
    return found;
  };
  const payments = overviewFixture.kpis.kpis.find((kpi) => kpi.id === 'payments_availability');
  const pairs = payments?.slos?.[0].alerting?.pairs ?? [];
  const next = random(500);
  const owners = ['team-payments', 'team-api', 'team-orders', 'team-shop', 'team-search', 'team-growth', 'team-infra'];
  const categories = ['commerce', 'platform', 'growth', 'support'];
  const tagPool = ['revenue', 'latency', 'customer-facing', 'checkout', 'internal'];
  const kpis: KpiJSON[] = [];
  const out: FrameJSON[] = [];
  for (let i = 0; i < count; i++) {
    const n = String(i + 1).padStart(3, '0');
    const kpi: KpiJSON = {
      id: `generated_kpi_${n}`,
      name: `Generated KPI ${n}`,
      owner: owners[i % owners.length],
      unit: 'percentunit',
      decimals: 2,
      direction: 'higher',
      version: '1',
      category: categories[i % categories.length],
      tags: [tagPool[i % tagPool.length], tagPool[(i * 3 + 1) % tagPool.length]].filter(
        (t, k, all) => all.indexOf(t) === k
      ),
      source: i % 5 === 0 ? 'shop' : 'prom',
    };
    const status = Math.floor(next() * 3);
    out.push(frameFrom(template('checkout_error_rate', 'value'), kpi, undefined, 0.9 + next() * 0.1));
    out.push(frameFrom(template('checkout_error_rate', 'status'), kpi, undefined, status));
    if (i % 3 === 0) {
      const slo: SloJSON = {
        name: '99.9-28d',
        objective: 0.999,
        window: { rolling: '28d' },
        budgeting: { method: 'occurrences' },
        alerting: { pairs },
      };
      kpi.slos = [slo];
      const quiet = next() < 0.05;
      const budget = quiet ? null : Math.round((next() * 1.5 - 0.5) * 1e4) / 1e4;
      const burning = budget !== null && next() < 0.6;
      const tte =
        budget === null ? null : budget <= 0 ? 0 : burning ? Math.round(next() * 30 * 86400) : Number.POSITIVE_INFINITY;
      const sli = budget === null ? null : 1 - (1 - budget) * 0.001;
      const t = (measure: string) => template('payments_availability', measure, '99.9-28d');
      out.push(frameFrom(t('sli'), kpi, slo, sli));
      out.push(frameFrom(t('budget_remaining'), kpi, slo, budget));
      out.push(frameFrom(t('time_to_exhaustion'), kpi, slo, tte));
      for (const pair of pairs) {
        const firing = budget === null ? null : next() < 0.08 ? 1 : 0;
        out.push(frameFrom(t(`burn_pair_${pair.short}_${pair.long}`), kpi, slo, firing));
      }
    }
    kpis.push(kpi);
  }
  return { kpis, frames: out };
}
