import { expect, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { SCREENSHOT_DIR } from './paths.cjs';

/** A frame as fixture files hold it (the `dataFrameToJSON` wire format). */
export interface FrameJSON {
  schema: {
    name?: string;
    meta?: { type?: string; custom?: { kpi?: Record<string, unknown>; comparison?: { label: string } } };
    fields: Array<{ name: string; type: string; labels?: Record<string, string>; config?: Record<string, unknown> }>;
  };
  data: { values: unknown[][] };
}

export function readFixture(name: string): FrameJSON[] {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as FrameJSON[];
}

/** The value of a Northstar measure of a KPI (and dimension set) in a fixture. */
export function measure(
  frames: FrameJSON[],
  kpi: string,
  name: string,
  labels: Record<string, string> = {}
): number | null {
  const frame = frames.find((f) => {
    const field = f.schema.fields[0];
    const wanted = { kpi, ...labels };
    return (
      f.schema.meta?.type === 'numeric-multi' &&
      field?.name === name &&
      Object.entries(wanted).every(([k, v]) => field.labels?.[k] === v)
    );
  });
  if (!frame) {
    throw new Error(`no ${name} for ${kpi} ${JSON.stringify(labels)}`);
  }
  return frame.data.values[0][0] as number | null;
}

/** `meta.custom.kpi` of a KPI in a fixture. */
export function kpiMeta(frames: FrameJSON[], kpi: string): Record<string, unknown> {
  const meta = frames.find((f) => f.schema.meta?.custom?.kpi?.id === kpi)?.schema.meta?.custom?.kpi;
  if (!meta) {
    throw new Error(`no KPI ${kpi}`);
  }
  return meta;
}

export type Params = Record<string, string | number | object | undefined>;

/** Opens the harness with a scenario and waits until the panel has rendered. */
export async function openPanel(page: Page, params: Params): Promise<void> {
  const query = new URLSearchParams(
    Object.entries(params)
      .filter((entry): entry is [string, string | number | object] => entry[1] !== undefined)
      .map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)])
  );
  await page.goto(`/?${query}`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true' || document.body.dataset.error !== undefined);
  const error = await page.evaluate(() => document.body.dataset.error);
  expect(error, 'harness error').toBeUndefined();
  await page.waitForLoadState('networkidle'); // icons are fetched after the first render
  await page.evaluate(() => document.fonts.ready);
}

/** Grafana's formatting of a number, computed in the page by @grafana/data. */
export function format(page: Page, unit: string, value: number, decimals?: number): Promise<string> {
  return page.evaluate(([u, v, d]) => window.harness.format(u, v, d), [unit, value, decimals] as const);
}

export const MINUS = '\u2212';

/** Where a test run saves the screenshot `name`: tests/browser/output/screenshots/<name>.png (ignored by git). */
export function screenshotPath(name: string): string {
  return join(SCREENSHOT_DIR, `${name}.png`);
}

/** Saves a picture of the panel (with its chrome) as the screenshot `name` (see screenshotPath). */
export async function shoot(page: Page, name: string): Promise<void> {
  await page.getByTestId('panel-chrome').screenshot({ path: screenshotPath(name) });
}

export function card(page: Page, kpiId: string) {
  return page.locator(`[data-testid="kpi-card"][data-kpi="${kpiId}"]`);
}
