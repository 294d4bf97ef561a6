/** PanelProps for rendering the panel in tests, with field config applied the way Grafana does. */
import {
  applyFieldOverrides,
  createTheme,
  DataFrame,
  DataQueryError,
  dateTime,
  EventBusSrv,
  FieldConfigSource,
  LoadingState,
  PanelProps,
} from '@grafana/data';

import { DEFAULT_OPTIONS } from '../defaults';
import { plugin } from '../module';
import { KpiCardsOptions } from '../types';
import { setUpGrafanaRegistries } from './grafanaRegistries';

export interface PanelPropsInput {
  frames: DataFrame[];
  options?: Partial<KpiCardsOptions>;
  errors?: DataQueryError[];
  state?: LoadingState;
  width?: number;
  height?: number;
  from: number;
  to: number;
  fieldConfig?: FieldConfigSource;
}

export function panelProps(input: PanelPropsInput): PanelProps<KpiCardsOptions> {
  setUpGrafanaRegistries();
  const theme = createTheme();
  const fieldConfig = input.fieldConfig ?? plugin.fieldConfigDefaults;
  const series = applyFieldOverrides({
    data: input.frames,
    fieldConfig,
    fieldConfigRegistry: plugin.fieldConfigRegistry,
    replaceVariables: (value) => value,
    theme,
    timeZone: 'utc',
  });
  const timeRange = { from: dateTime(input.from), to: dateTime(input.to), raw: { from: 'now-24h', to: 'now' } };
  return {
    id: 1,
    data: { state: input.state ?? LoadingState.Done, series, timeRange, errors: input.errors },
    timeRange,
    timeZone: 'utc',
    options: { ...DEFAULT_OPTIONS, ...input.options },
    fieldConfig,
    transparent: false,
    width: input.width ?? 1200,
    height: input.height ?? 800,
    renderCounter: 0,
    title: 'KPIs',
    eventBus: new EventBusSrv(),
    onOptionsChange: () => {},
    onFieldConfigChange: () => {},
    replaceVariables: (value) => value,
    onChangeTimeRange: () => {},
  };
}
