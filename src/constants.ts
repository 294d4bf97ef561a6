import pluginJson from './plugin.json';
import datasourcePluginJson from './datasource/plugin.json';

export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

/** Plugin id of the nested Northstar KPI data source. */
export const DATASOURCE_PLUGIN_ID = datasourcePluginJson.id;

export enum ROUTES {
  Catalog = 'catalog',
}
