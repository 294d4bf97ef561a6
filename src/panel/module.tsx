import { PanelPlugin } from '@grafana/data';

import { KpiCardsPanel } from './components/KpiCardsPanel';
import { kpiCardsMigrationHandler } from './migrations';
import { buildPanelOptions, FIELD_CONFIG } from './options';
import { KpiCardsOptions, KpiFieldConfig } from './types';

export const plugin = new PanelPlugin<KpiCardsOptions, KpiFieldConfig>(KpiCardsPanel)
  .setPanelOptions(buildPanelOptions)
  .useFieldConfig(FIELD_CONFIG)
  .setMigrationHandler(kpiCardsMigrationHandler);
