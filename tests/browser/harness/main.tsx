/**
 * Browser harness: loads the BUILT panel (dist/panel/module.js) like Grafana does and renders its
 * panel component with real PanelProps, real @grafana/ui and @grafana/data, inside a theme.
 * Bundled by esbuild (tests/browser/server.mjs); driven by Playwright.
 */
import * as emotionCss from '@emotion/css';
import * as grafanaData from '@grafana/data';
import {
  applyFieldOverrides,
  createTheme,
  DataFrameJSON,
  dataFrameFromJSON,
  dateTime,
  EventBusSrv,
  FieldConfigSource,
  formattedValueToString,
  getValueFormat,
  GrafanaTheme2,
  InterpolateFunction,
  LoadingState,
  PanelData,
  PanelPlugin,
  PanelProps,
  ScopedVars,
  ThemeContext,
} from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import { PanelDataErrorViewProps } from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import { GlobalStyles } from '@grafana/ui';
import { merge } from 'lodash';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { createRoot, Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import * as jsxRuntime from 'react/jsx-runtime';
import * as rxjs from 'rxjs';

// Grafana sets its no-data view at start-up; the setter is not exported from the package index.
import { setPanelDataErrorView } from '../../../node_modules/@grafana/runtime/dist/esm/components/PanelDataErrorView.mjs';
import { setUpGrafanaRegistries } from '../../../src/panel/testing/grafanaRegistries';
import { loadAmdModule } from './amd';
import { loadFixtures, repeatCards, timeSpan } from './fixtures';
import { readScenario, Scenario } from './scenario';

const MODULE_URL = '/dist/panel/module.js';

const EXTERNALS: Record<string, unknown> = {
  '@emotion/css': emotionCss,
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/ui': grafanaUi,
  react: React,
  'react-dom': ReactDOM,
  'react/jsx-runtime': jsxRuntime,
  rxjs,
  module: { uri: MODULE_URL },
};

/** Grafana's no-data view is part of Grafana itself; this stands in for it. */
function NoDataView({ message }: PanelDataErrorViewProps) {
  return (
    <div data-testid="panel-no-data" style={{ display: 'grid', placeItems: 'center', height: '100%' }}>
      {message ?? 'No data'}
    </div>
  );
}

/** The value a variable path starts from: `__field` lives in the data context, others are plain scoped vars. */
function scopedValue(head: string, scopedVars?: ScopedVars): unknown {
  if (head === '__field') {
    const context: unknown = scopedVars?.__dataContext?.value;
    return typeof context === 'object' && context !== null ? (context as { field?: unknown }).field : undefined;
  }
  return scopedVars?.[head]?.value;
}

/** `${__field.labels.instance}` and friends (what Grafana's template service does for data links). */
const replaceVariables: InterpolateFunction = (text: string, scopedVars?: ScopedVars, format?: unknown) =>
  text.replace(/\$\{([^}]+)\}/g, (whole, path: string) => {
    const [head, ...rest] = path.split('.');
    let value = scopedValue(head, scopedVars);
    for (const key of rest) {
      value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    }
    if (value === undefined) {
      return whole;
    }
    return format === 'uriencode' ? encodeURIComponent(String(value)) : String(value);
  });

interface Timings {
  /** Milliseconds from render call to React commit. */
  commitMs: number;
  /** Milliseconds from render call to the next frame (style, layout, paint). */
  paintMs: number;
}

function nextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

class Harness {
  private root: Root;
  private renderCounter = 0;

  constructor(
    private plugin: PanelPlugin,
    private theme: GrafanaTheme2,
    private scenario: Scenario,
    private frames: DataFrameJSON[],
    container: HTMLElement
  ) {
    this.root = createRoot(container);
  }

  private fieldConfig(): FieldConfigSource {
    const defaults = this.plugin.fieldConfigDefaults;
    return { defaults: merge({}, defaults.defaults, this.scenario.fieldDefaults), overrides: [] };
  }

  private data(): PanelData {
    const span = timeSpan(this.frames) ?? { from: Date.now() - 86400_000, to: Date.now() };
    span.to = this.scenario.to ?? span.to; // a query that ended after the newest sample
    const timeRange = { from: dateTime(span.from), to: dateTime(span.to), raw: { from: 'now-7d', to: 'now' } };
    const { error, errorOnly } = this.scenario;
    const frames = errorOnly ? [] : this.frames.map((frame) => dataFrameFromJSON(frame));
    const series = applyFieldOverrides({
      data: frames,
      fieldConfig: this.fieldConfig(),
      fieldConfigRegistry: this.plugin.fieldConfigRegistry,
      replaceVariables,
      theme: this.theme,
      timeZone: 'utc',
    });
    return {
      state: error ? LoadingState.Error : LoadingState.Done,
      series,
      timeRange,
      errors: error ? [{ refId: 'A', message: error }] : undefined,
    };
  }

  private props(): PanelProps {
    const data = this.data();
    return {
      id: 1,
      data,
      timeRange: data.timeRange,
      timeZone: 'utc',
      options: merge({}, this.plugin.defaults, this.scenario.options),
      fieldConfig: this.fieldConfig(),
      transparent: false,
      width: this.scenario.width,
      height: this.scenario.height,
      renderCounter: this.renderCounter++,
      title: 'KPI Cards',
      eventBus: new EventBusSrv(),
      onOptionsChange: () => {},
      onFieldConfigChange: () => {},
      replaceVariables,
      onChangeTimeRange: () => {},
    };
  }

  private element(props: PanelProps): React.ReactElement {
    const Panel = this.plugin.panel;
    if (!Panel) {
      throw new Error('the plugin has no panel component');
    }
    const { width, height } = this.scenario;
    const colors = this.theme.colors;
    return (
      <ThemeContext.Provider value={this.theme}>
        <GlobalStyles />
        <div
          data-testid="panel-chrome"
          style={{
            width,
            height,
            padding: 8,
            boxSizing: 'content-box',
            background: colors.background.primary,
            border: `1px solid ${colors.border.weak}`,
            borderRadius: 2,
          }}
        >
          <Panel {...props} />
        </div>
      </ThemeContext.Provider>
    );
  }

  /** Renders with fresh frames (as after a dashboard refresh) and times it. */
  async render(): Promise<Timings> {
    const props = this.props();
    const start = performance.now();
    flushSync(() => this.root.render(this.element(props)));
    const commitMs = performance.now() - start;
    await nextPaint();
    return { commitMs, paintMs: performance.now() - start };
  }
}

function format(unit: string, value: number, decimals?: number): string {
  return formattedValueToString(getValueFormat(unit)(value, decimals));
}

async function main(): Promise<void> {
  const scenario = readScenario(window.location.search);
  const theme = createTheme({ colors: { mode: scenario.theme } });
  document.body.style.background = theme.colors.background.canvas;
  document.body.style.margin = '16px';
  setUpGrafanaRegistries();
  setPanelDataErrorView(NoDataView);
  const exports = await loadAmdModule(MODULE_URL, EXTERNALS);
  const plugin = exports.plugin;
  if (!(plugin instanceof PanelPlugin)) {
    throw new Error('dist/panel/module.js does not export a PanelPlugin named plugin');
  }
  const frames = repeatCards(await loadFixtures(scenario.fixtures), scenario.cards);
  const container = document.getElementById('root');
  if (!container) {
    throw new Error('no #root');
  }
  const harness = new Harness(plugin, theme, scenario, frames, container);
  const first = await harness.render();
  const themeColor = (name: string) => theme.visualization.getColorByName(name);
  Object.assign(window, { harness: { first, refresh: () => harness.render(), format, themeColor } });
  document.body.dataset.ready = 'true';
}

main().catch((error: unknown) => {
  document.body.dataset.error = error instanceof Error ? error.message : String(error);
  throw error;
});
