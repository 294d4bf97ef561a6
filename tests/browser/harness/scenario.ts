/** What a page shows, read from its URL: `?fixture=northstar-catalog&theme=dark&width=800&cards=200`. */
export interface Scenario {
  fixtures: string[];
  theme: 'light' | 'dark';
  width: number;
  height: number;
  /** Repeat the fixture's KPIs up to this many cards (0: as they are). */
  cards: number;
  /** Deep-merged into the panel's default options. */
  options: Record<string, unknown>;
  /** Panel field config defaults (unit, links, custom.target …). */
  fieldDefaults: Record<string, unknown>;
  /** A query error to report; with `errorOnly` no frames arrive. */
  error?: string;
  errorOnly: boolean;
  /** End of the dashboard range (ISO time or epoch ms); default: the fixture's newest time. */
  to?: number;
}

function json(params: URLSearchParams, name: string): Record<string, unknown> {
  const raw = params.get(name);
  return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
}

export function readScenario(search: string): Scenario {
  const params = new URLSearchParams(search);
  return {
    fixtures: (params.get('fixture') ?? 'northstar-catalog').split(',').filter(Boolean),
    theme: params.get('theme') === 'dark' ? 'dark' : 'light',
    width: Number(params.get('width') ?? 1200),
    height: Number(params.get('height') ?? 800),
    cards: Number(params.get('cards') ?? 0),
    options: json(params, 'options'),
    fieldDefaults: json(params, 'fieldDefaults'),
    error: params.get('error') ?? undefined,
    errorOnly: params.get('errorOnly') === '1',
    to: params.get('to') ? Number(params.get('to')) || Date.parse(params.get('to') ?? '') : undefined,
  };
}
