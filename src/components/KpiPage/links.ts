import { urlUtil } from '@grafana/data';
import { DATASOURCE_PLUGIN_ID, PLUGIN_BASE_URL } from '../../constants';
import type { KpiQuery } from '../../datasource/types';

/** The app's overview page. */
export const OVERVIEW_PATH = `${PLUGIN_BASE_URL}/overview`;

/** The datasource to keep in the app's links (the pages read `?datasource=`). */
function datasourceSearch(uid: string | undefined): string {
  return uid ? `?${urlUtil.toUrlParams({ datasource: uid })}` : '';
}

/** `/a/northstar-kpi-app/kpi/<id>`: one KPI's page. */
export function kpiPagePath(id: string, datasourceUid?: string): string {
  return `${PLUGIN_BASE_URL}/kpi/${encodeURIComponent(id)}${datasourceSearch(datasourceUid)}`;
}

export function overviewPath(datasourceUid?: string): string {
  return `${OVERVIEW_PATH}${datasourceSearch(datasourceUid)}`;
}

/** The catalog page with the KPI's details open. */
export function catalogPath(id: string, datasourceUid?: string): string {
  const params: Record<string, string> = { kpi: id };
  if (datasourceUid) {
    params.datasource = datasourceUid;
  }
  return `${PLUGIN_BASE_URL}/catalog?${urlUtil.toUrlParams(params)}`;
}

/**
 * Grafana's Explore (schema version 1, one pane) with a query of the Northstar KPI data source
 * `uid`: what a viewer may run, since only catalog KPIs can be queried through it.
 */
export function exploreUrl(uid: string, query: Omit<KpiQuery, 'refId'>, range = { from: 'now-7d', to: 'now' }): string {
  const datasource = { type: DATASOURCE_PLUGIN_ID, uid };
  const panes = { kpi: { datasource: uid, queries: [{ refId: 'A', datasource, ...query }], range } };
  return urlUtil.renderUrl('/explore', { schemaVersion: 1, panes: JSON.stringify(panes), orgId: 1 });
}

/**
 * Grafana's alert rule list filtered by a label: the generated rules' alert instances carry the
 * frames' labels, `kpi` among them (docs/rules.md).
 */
export function alertListUrl(kpiId: string): string {
  return urlUtil.renderUrl('/alerting/list', { search: `label:kpi=${kpiId}` });
}

/** One Grafana-managed alert rule by its uid. */
export function alertRuleUrl(uid: string): string {
  return `/alerting/grafana/${encodeURIComponent(uid)}/view`;
}
