/**
 * Harness of the app's overview and KPI pages: like catalog.tsx (the BUILT app and data source as
 * two AMD bundles, the data source instance built from the data source bundle's plugin, the app's
 * root page at /a/northstar-kpi-app/... with real @grafana/ui, @grafana/runtime and react-router),
 * but its BackendSrv sends request bodies (POST /api/ds/query) and reads non-JSON answers
 * (`responseType: 'text'`, GET rules/grafana is YAML), as Grafana's does. The browser tests answer
 * /api/ds/query and the resource calls with what the real Go backend answered
 * (tests/browser/fixtures/overview*.json, written by pkg/datasource/overview_fixture_test.go).
 * Bundled by tests/browser/harness/appPages.ts, in memory, when a test starts.
 */
import * as emotionCss from '@emotion/css';
import * as grafanaData from '@grafana/data';
import {
  AppPlugin,
  AppPluginMeta,
  createTheme,
  DataSourceApi,
  DataSourceInstanceSettings,
  DataSourcePlugin,
  DataSourcePluginMeta,
  formattedValueToString,
  getValueFormat,
  PluginMeta,
  ThemeContext,
} from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import {
  BackendSrv,
  BackendSrvRequest,
  DataSourceSrv,
  FetchError,
  FetchResponse,
  setBackendSrv,
  setDataSourceSrv,
} from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import { GlobalStyles } from '@grafana/ui';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { createRoot } from 'react-dom/client';
import * as jsxRuntime from 'react/jsx-runtime';
import * as reactRouter from 'react-router';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import * as rxjs from 'rxjs';

import { loadAmdModule } from './amd';

const APP_MODULE = '/dist/module.js';
const DATASOURCE_MODULE = '/dist/datasource/module.js';
const DATASOURCE_UID = 'northstar-kpi';

/** What Grafana shares with plugins (the webpack externals of .config/bundler/externals.ts). */
function externals(moduleUrl: string): Record<string, unknown> {
  return {
    '@emotion/css': emotionCss,
    '@grafana/data': grafanaData,
    '@grafana/runtime': grafanaRuntime,
    '@grafana/ui': grafanaUi,
    react: React,
    'react-dom': ReactDOM,
    'react/jsx-runtime': jsxRuntime,
    'react-router': reactRouter,
    rxjs,
    module: { uri: moduleUrl },
  };
}

async function readJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`${url}: HTTP ${response.status}`);
  }
  return (await response.json()) as T;
}

function withParams(url: string, params: BackendSrvRequest['params']): string {
  if (!params || typeof params !== 'object') {
    return url;
  }
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params as Record<string, unknown>)) {
    if (value !== undefined && value !== null) {
      search.append(key, String(value));
    }
  }
  const query = search.toString();
  return query ? `${url}?${query}` : url;
}

/** Grafana's fetch over real HTTP: bodies as JSON, answers as JSON (or text), FetchErrors with the body as `data`. */
function httpFetch<T>(request: BackendSrvRequest): rxjs.Observable<FetchResponse<T>> {
  return rxjs.from(
    (async () => {
      const url = withParams(request.url, request.params);
      const hasBody = request.data !== undefined;
      const body = hasBody && typeof request.data !== 'string' ? JSON.stringify(request.data) : request.data;
      const headers = hasBody ? { 'content-type': 'application/json', ...request.headers } : request.headers;
      const response = await fetch(url, { method: request.method ?? 'GET', headers, body });
      const text = await response.text();
      let data: T;
      if (request.responseType === 'text') {
        data = text as T;
      } else {
        try {
          data = (text ? JSON.parse(text) : undefined) as T;
        } catch {
          data = text as T;
        }
      }
      const answer = {
        data,
        status: response.status,
        statusText: response.statusText,
        ok: response.ok,
        headers: response.headers,
        redirected: response.redirected,
        type: response.type,
        url: response.url,
        config: request,
      };
      if (!response.ok) {
        const error: FetchError = { ...answer, message: `HTTP ${response.status}` };
        throw error;
      }
      return answer;
    })()
  );
}

class HarnessBackendSrv {
  fetch<T>(request: BackendSrvRequest): rxjs.Observable<FetchResponse<T>> {
    return httpFetch<T>(request);
  }
  async get<T>(url: string, params?: BackendSrvRequest['params']): Promise<T> {
    return (await rxjs.lastValueFrom(httpFetch<T>({ url, params }))).data;
  }
}

/** Instance settings as Grafana keeps them for a provisioned Northstar KPI data source. */
async function datasourceSettings(): Promise<DataSourceInstanceSettings> {
  const meta = await readJson<DataSourcePluginMeta>('/dist/datasource/plugin.json');
  meta.baseUrl = '/dist/datasource';
  meta.module = DATASOURCE_MODULE;
  meta.info.logos = { small: '/dist/datasource/img/logo.svg', large: '/dist/datasource/img/logo.svg' };
  return {
    // Deprecated, yet still a required field of DataSourceInstanceSettings.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    id: 1,
    uid: DATASOURCE_UID,
    type: meta.id,
    name: 'Northstar KPI',
    access: 'proxy',
    readOnly: true,
    jsonData: {},
    meta,
  };
}

/** What Grafana's DatasourceSrv does: one instance per uid, built from the data source bundle's plugin class. */
function dataSourceSrv(settings: DataSourceInstanceSettings, instance: DataSourceApi): DataSourceSrv {
  const matches = (ref: unknown) => {
    const uid = typeof ref === 'string' ? ref : (ref as { uid?: string } | null | undefined)?.uid;
    return uid === undefined || uid === settings.uid || uid === settings.name;
  };
  const srv = {
    getList: (filters: { pluginId?: string } = {}) =>
      !filters.pluginId || filters.pluginId === settings.type ? [settings] : [],
    getInstanceSettings: (ref: unknown) => (matches(ref) ? settings : undefined),
    get: async (ref: unknown) => {
      if (!matches(ref)) {
        throw new Error(`Data source ${JSON.stringify(ref)} was not found`);
      }
      return instance;
    },
    reload: async () => {},
    registerRuntimeDataSource: () => {},
  };
  // The pages and the picker call these; the rest of DataSourceSrv is irrelevant here.
  return srv as unknown as DataSourceSrv;
}

function format(unit: string, value: number, decimals?: number): string {
  return formattedValueToString(getValueFormat(unit)(value, decimals));
}

function dateFormat(ms: number, pattern: string, timeZone?: string): string {
  return grafanaData.dateTimeFormat(ms, { format: pattern, timeZone });
}

async function main(): Promise<void> {
  // Grafana sets its public path at start-up; <Icon> loads /public/build/img/icons/... from it.
  Object.assign(window, { __grafana_public_path__: '/public/' });
  const theme = createTheme({
    colors: { mode: new URLSearchParams(location.search).get('theme') === 'dark' ? 'dark' : 'light' },
  });
  document.body.style.background = theme.colors.background.canvas;
  // Padding inside the page rather than a margin around it: GlobalStyles makes the body 100% wide.
  document.body.style.margin = '0';
  document.body.style.padding = '16px';
  document.body.style.boxSizing = 'border-box';
  setBackendSrv(new HarnessBackendSrv() as unknown as BackendSrv);

  const datasourceExports = await loadAmdModule(DATASOURCE_MODULE, externals(DATASOURCE_MODULE));
  const datasourcePlugin = datasourceExports.plugin;
  if (!(datasourcePlugin instanceof DataSourcePlugin) || !datasourcePlugin.DataSourceClass) {
    throw new Error('dist/datasource/module.js does not export a DataSourcePlugin named plugin');
  }
  const settings = await datasourceSettings();
  const instance: DataSourceApi = new datasourcePlugin.DataSourceClass(settings);
  instance.meta = settings.meta;
  instance.components = datasourcePlugin.components;
  setDataSourceSrv(dataSourceSrv(settings, instance));

  const appExports = await loadAmdModule(APP_MODULE, externals(APP_MODULE));
  const appPlugin = appExports.plugin;
  if (!(appPlugin instanceof AppPlugin) || !appPlugin.root) {
    throw new Error('dist/module.js does not export an AppPlugin with a root page named plugin');
  }
  const appMeta = await readJson<PluginMeta>('/dist/plugin.json');
  appPlugin.meta = { ...appMeta, enabled: true, baseUrl: '/dist', module: APP_MODULE } as AppPluginMeta;
  const Root = appPlugin.root;
  const basename = `/a/${appMeta.id}`;

  const container = document.getElementById('root');
  if (!container) {
    throw new Error('no #root');
  }
  createRoot(container).render(
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <BrowserRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <Routes>
          <Route
            path={`${basename}/*`}
            element={
              <Root meta={appPlugin.meta} basename={basename} path={basename} query={{}} onNavChanged={() => {}} />
            }
          />
        </Routes>
      </BrowserRouter>
    </ThemeContext.Provider>
  );
  Object.assign(window, { appHarness: { format, dateFormat } });
  document.body.dataset.ready = 'true';
}

main().catch((error: unknown) => {
  document.body.dataset.error = error instanceof Error ? error.message : String(error);
  throw error;
});
