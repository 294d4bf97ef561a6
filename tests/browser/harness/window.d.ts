/** What the harness page exposes to tests and the benchmark. */
interface KpiHarness {
  first: { commitMs: number; paintMs: number };
  refresh(): Promise<{ commitMs: number; paintMs: number }>;
  /** Grafana's own formatting (getValueFormat), for expected texts. */
  format(unit: string, value: number, decimals?: number): string;
  /** A Grafana colour name ("blue", "dark-red") as the page's theme resolves it (hex). */
  themeColor(name: string): string;
}

interface Window {
  harness: KpiHarness;
}

/** What the catalog harness page (/a/northstar-kpi-app/...) exposes to tests. */
interface CatalogHarness {
  /** Grafana's own formatting (getValueFormat), for expected texts. */
  format(unit: string, value: number, decimals?: number): string;
}

interface Window {
  catalogHarness: CatalogHarness;
}
