/** What the app pages' harness (/a/northstar-kpi-app/... served by tests/browser/harness/appPages.ts) exposes to tests. */
interface AppPagesHarness {
  /** Grafana's own formatting (getValueFormat), for expected texts. */
  format(unit: string, value: number, decimals?: number): string;
  /** Grafana's dateTimeFormat, for expected period labels. */
  dateFormat(ms: number, pattern: string, timeZone?: string): string;
}

interface Window {
  appHarness: AppPagesHarness;
}
