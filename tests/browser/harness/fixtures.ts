import { DataFrameJSON } from '@grafana/data';

/** Fetches fixture files (each a JSON list of frames as `dataFrameToJSON` writes them). */
export async function loadFixtures(names: string[]): Promise<DataFrameJSON[]> {
  const lists = await Promise.all(
    names.map(async (name) => {
      const response = await fetch(`/fixtures/${name}.json`);
      if (!response.ok) {
        throw new Error(`fixture ${name}: HTTP ${response.status}`);
      }
      return (await response.json()) as DataFrameJSON[];
    })
  );
  return lists.flat();
}

interface KpiMetaJSON {
  id: string;
  name: string;
}

function kpiMeta(frame: DataFrameJSON): KpiMetaJSON | undefined {
  const custom = frame.schema?.meta?.custom as { kpi?: KpiMetaJSON } | undefined;
  return custom?.kpi;
}

/** Frames that make one card: a Northstar KPI with its dimension labels, or any other single frame. */
function cardKey(frame: DataFrameJSON, index: number): string {
  const meta = kpiMeta(frame);
  const labels = frame.schema?.fields.find((f) => f.labels)?.labels;
  return meta ? `${meta.id}|${JSON.stringify(labels ?? {})}` : `frame-${index}`;
}

function groupByCard(frames: DataFrameJSON[]): DataFrameJSON[][] {
  const groups = new Map<string, DataFrameJSON[]>();
  frames.forEach((frame, i) => {
    const key = cardKey(frame, i);
    groups.set(key, [...(groups.get(key) ?? []), frame]);
  });
  return [...groups.values()];
}

function relabel(frame: DataFrameJSON, copy: number): DataFrameJSON {
  const clone = structuredClone(frame);
  const meta = kpiMeta(clone);
  if (meta) {
    meta.id = `${meta.id}_${copy}`;
    meta.name = `${meta.name} #${copy}`;
  }
  for (const field of clone.schema?.fields ?? []) {
    if (field.type === 'time') {
      continue;
    }
    field.labels = meta ? { ...field.labels, kpi: meta.id } : { ...field.labels, copy: String(copy) };
  }
  return clone;
}

/** Repeats the fixture's cards (KPIs renamed "… #n") until there are `count` of them. */
export function repeatCards(frames: DataFrameJSON[], count: number): DataFrameJSON[] {
  const groups = groupByCard(frames);
  if (count <= 0 || groups.length === 0) {
    return frames;
  }
  return Array.from({ length: count }, (_, i) =>
    groups[i % groups.length].map((frame) => (i < groups.length ? frame : relabel(frame, i + 1)))
  ).flat();
}

/** The time span of all time fields: the dashboard range the fixture was made for. */
export function timeSpan(frames: DataFrameJSON[]): { from: number; to: number } | undefined {
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const frame of frames) {
    frame.schema?.fields.forEach((field, i) => {
      if (field.type !== 'time') {
        return;
      }
      for (const t of (frame.data?.values[i] ?? []) as number[]) {
        from = Math.min(from, t);
        to = Math.max(to, t);
      }
    });
  }
  return from <= to ? { from, to } : undefined;
}
