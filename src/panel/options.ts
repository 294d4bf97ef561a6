import {
  FieldColorModeId,
  FieldConfigEditorBuilder,
  FieldConfigProperty,
  PanelOptionsEditorBuilder,
  SetFieldConfigOptionsArgs,
  ThresholdsMode,
} from '@grafana/data';

import { DEFAULT_OPTIONS, MIN_CARD_WIDTH_FLOOR } from './defaults';
import { reducerOptions } from './model/reduce';
import { ElementOptions, KpiCardsOptions, KpiFieldConfig, OPTIONS_VERSION } from './types';

const LAYOUT = ['Layout'];
const VALUE = ['Value'];
const ELEMENTS = ['Card elements'];
const SPARKLINE = ['Sparkline'];
const SERIES = ['Plain time series'];

const ELEMENT_NAMES: Record<keyof ElementOptions, string> = {
  owner: 'Owner',
  status: 'Status',
  delta: 'Change vs previous period',
  target: 'Target and attainment',
  sparkline: 'Sparkline',
  slo: 'Error budget and burn rates',
  freshness: 'Freshness',
  description: 'Description tooltip',
  links: 'Data links',
};

function addLayout(builder: PanelOptionsEditorBuilder<KpiCardsOptions>): void {
  builder
    .addSelect({
      path: 'layout.sortBy',
      name: 'Sort by',
      category: LAYOUT,
      defaultValue: DEFAULT_OPTIONS.layout.sortBy,
      settings: {
        options: [
          { value: 'none', label: 'Data order' },
          { value: 'status', label: 'Status (worst first)' },
          { value: 'name', label: 'Name' },
          { value: 'budget', label: 'Error budget left (least first)' },
          { value: 'delta', label: 'Change (worst first)' },
        ],
      },
    })
    .addRadio({
      path: 'layout.groupBy',
      name: 'Group by',
      category: LAYOUT,
      defaultValue: DEFAULT_OPTIONS.layout.groupBy,
      settings: {
        options: [
          { value: 'none', label: 'None' },
          { value: 'category', label: 'Category' },
          { value: 'owner', label: 'Owner' },
        ],
      },
    })
    .addRadio({
      path: 'layout.compact',
      name: 'Compact cards',
      description: 'Auto: compact when the panel is small or the cards would not fit in two panel heights.',
      category: LAYOUT,
      defaultValue: DEFAULT_OPTIONS.layout.compact,
      settings: {
        options: [
          { value: 'auto', label: 'Auto' },
          { value: 'always', label: 'Always' },
          { value: 'never', label: 'Never' },
        ],
      },
    })
    .addNumberInput({
      path: 'layout.minCardWidth',
      name: 'Minimum card width',
      description: 'In pixels; the grid fits as many columns as this allows.',
      category: LAYOUT,
      defaultValue: DEFAULT_OPTIONS.layout.minCardWidth,
      settings: { min: MIN_CARD_WIDTH_FLOOR, max: 1200, integer: true },
    });
}

function addValue(builder: PanelOptionsEditorBuilder<KpiCardsOptions>): void {
  builder.addRadio({
    path: 'display.colorMode',
    name: 'Color mode',
    description:
      'Value: the value in its colour. Background: the card tinted with it. The colour is the status (OK, Warning, Critical), a value mapping colour, or the Color scheme of the standard options.',
    category: VALUE,
    defaultValue: DEFAULT_OPTIONS.display.colorMode,
    settings: {
      options: [
        { value: 'value', label: 'Value' },
        { value: 'background', label: 'Background' },
        { value: 'none', label: 'None' },
      ],
    },
  });
}

function addElements(builder: PanelOptionsEditorBuilder<KpiCardsOptions>): void {
  for (const [key, name] of Object.entries(ELEMENT_NAMES)) {
    builder.addBooleanSwitch({
      path: `elements.${key}`,
      name,
      category: ELEMENTS,
      defaultValue: DEFAULT_OPTIONS.elements[key as keyof ElementOptions],
    });
  }
}

function addSparkline(builder: PanelOptionsEditorBuilder<KpiCardsOptions>): void {
  builder
    .addBooleanSwitch({
      path: 'sparkline.includeZero',
      name: 'Include zero',
      description: 'Start the vertical scale at zero.',
      category: SPARKLINE,
      defaultValue: DEFAULT_OPTIONS.sparkline.includeZero,
    })
    .addBooleanSwitch({
      path: 'sparkline.targetBand',
      name: 'Target band',
      description: 'Target line and shaded warning and critical zones.',
      category: SPARKLINE,
      defaultValue: DEFAULT_OPTIONS.sparkline.targetBand,
    });
}

function addSeries(builder: PanelOptionsEditorBuilder<KpiCardsOptions>): void {
  builder
    .addSelect({
      path: 'series.reducer',
      name: 'Value',
      description: 'How a series becomes the card value (also for KPIs queried with only the series measure).',
      category: SERIES,
      defaultValue: DEFAULT_OPTIONS.series.reducer,
      settings: { options: reducerOptions() },
    })
    .addRadio({
      path: 'series.comparison',
      name: 'Compare with',
      description:
        'Halves: the second half of the range (the card value) against the first half. Points: the value against the value N points earlier.',
      category: SERIES,
      defaultValue: DEFAULT_OPTIONS.series.comparison,
      settings: {
        options: [
          { value: 'halves', label: 'First half of range' },
          { value: 'points', label: 'N points earlier' },
          { value: 'none', label: 'Nothing' },
        ],
      },
    })
    .addNumberInput({
      path: 'series.comparisonPoints',
      name: 'N points',
      category: SERIES,
      defaultValue: DEFAULT_OPTIONS.series.comparisonPoints,
      settings: { min: 1, integer: true },
      showIf: (options) => options.series?.comparison === 'points',
    });
}

export function buildPanelOptions(builder: PanelOptionsEditorBuilder<KpiCardsOptions>): void {
  builder.addCustomEditor({
    id: 'optionsVersion',
    path: 'optionsVersion',
    name: 'Options version',
    editor: () => null,
    defaultValue: OPTIONS_VERSION,
    showIf: () => false,
  });
  addLayout(builder);
  addValue(builder);
  addElements(builder);
  addSparkline(builder);
  addSeries(builder);
  builder.addTextInput({
    path: 'freshness.staleAfter',
    name: 'Stale after',
    description: 'Flag a card whose newest sample is older than this (e.g. 15m, 1h, 1d). Empty: never.',
    category: ['Freshness'],
    defaultValue: DEFAULT_OPTIONS.freshness.staleAfter,
  });
}

function addCustomFieldConfig(builder: FieldConfigEditorBuilder<KpiFieldConfig>): void {
  builder
    .addNumberInput({
      path: 'target',
      name: 'Target',
      description: 'Target for series that bring none (Northstar KPIs bring their own).',
    })
    .addRadio({
      path: 'direction',
      name: 'Better when',
      description:
        'Colours the change and places the warning zones (Northstar KPIs bring their own). Auto: from the thresholds (red at the top means lower is better), else higher.',
      defaultValue: 'auto',
      settings: {
        options: [
          { value: 'auto', label: 'Auto' },
          { value: 'higher', label: 'Higher' },
          { value: 'lower', label: 'Lower' },
        ],
      },
    });
}

export const FIELD_CONFIG: SetFieldConfigOptionsArgs<KpiFieldConfig> = {
  standardOptions: {
    [FieldConfigProperty.Thresholds]: {
      // Only a base step: no status from field thresholds until the user adds a step.
      defaultValue: { mode: ThresholdsMode.Absolute, steps: [{ value: -Infinity, color: 'green' }] },
    },
    // "From thresholds" by default: the card's status colour stands in for the default thresholds.
    [FieldConfigProperty.Color]: {
      settings: { byValueSupport: true, bySeriesSupport: false, preferThresholdsMode: true },
      defaultValue: { mode: FieldColorModeId.Thresholds },
    },
  },
  useCustomConfig: addCustomFieldConfig,
};
