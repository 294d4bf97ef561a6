import { DataFrame } from '@grafana/data';

import { Direction } from '../types';
import { KpiThresholds } from './input';

/** `meta.custom.kpi` of a Northstar frame (docs/frames.md). */
export interface KpiMeta {
  id: string;
  name: string;
  description?: string;
  owner?: string;
  unit?: string;
  decimals?: number;
  direction?: Direction;
  version?: string;
  category?: string;
  tags: string[];
  target?: number;
  thresholds?: KpiThresholds;
  /** How the range reduces to the value (`sum`, `increase`, `avg`, …), when the frames say it. */
  aggregation?: string;
}

export interface NorthstarMeta {
  kpi: KpiMeta;
  comparisonLabel?: string;
  /** Epoch milliseconds. */
  lastSample?: number;
}

type UnknownRecord = Record<string, unknown>;

function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') {
    return value;
  }
  return typeof value === 'number' ? String(value) : undefined;
}

function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function parseDirection(value: unknown): Direction | undefined {
  return value === 'higher' || value === 'lower' ? value : undefined;
}

function parseThresholds(value: unknown): KpiThresholds | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const warning = optionalNumber(value.warning);
  const critical = optionalNumber(value.critical);
  return warning !== undefined && critical !== undefined ? { warning, critical } : undefined;
}

function parseTime(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value !== 'string') {
    return undefined;
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

export function parseKpiMeta(value: unknown): KpiMeta | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const id = optionalString(value.id);
  if (!id) {
    return undefined;
  }
  return {
    id,
    name: optionalString(value.name) ?? id,
    description: optionalString(value.description),
    owner: optionalString(value.owner),
    unit: optionalString(value.unit),
    decimals: optionalNumber(value.decimals),
    direction: parseDirection(value.direction),
    version: optionalString(value.version),
    category: optionalString(value.category),
    tags: Array.isArray(value.tags) ? value.tags.filter((t): t is string => typeof t === 'string') : [],
    target: optionalNumber(value.target),
    thresholds: parseThresholds(value.thresholds),
    aggregation: optionalString(value.aggregation),
  };
}

/** The Northstar metadata of a frame, or undefined for frames from other datasources. */
export function northstarMeta(frame: DataFrame): NorthstarMeta | undefined {
  const custom: unknown = frame.meta?.custom;
  if (!isRecord(custom)) {
    return undefined;
  }
  const kpi = parseKpiMeta(custom.kpi);
  if (!kpi) {
    return undefined;
  }
  const comparison = isRecord(custom.comparison) ? optionalString(custom.comparison.label) : undefined;
  return { kpi, comparisonLabel: comparison, lastSample: parseTime(custom.lastSample) };
}
