/**
 * Outside Grafana nobody fills the option editor registries, so PanelPlugin's builders and
 * applyFieldOverrides fail ("number" not found). This registers what Grafana's core registers,
 * with editors that render nothing and the same override processors, for tests and the browser
 * harness. Call it before touching `plugin.fieldConfigRegistry` or `plugin.defaults`.
 */
import {
  booleanOverrideProcessor,
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  FieldConfigProperty,
  FieldConfigPropertyItem,
  FieldType,
  identityOverrideProcessor,
  numberOverrideProcessor,
  standardEditorsRegistry,
  standardFieldConfigEditorRegistry,
  StandardEditorsRegistryItem,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  ThresholdsMode,
  valueMappingsOverrideProcessor,
} from '@grafana/data';

const NoEditor = () => null;

const EDITOR_IDS = [
  'boolean',
  'color',
  'dashboard-uid',
  'field-name',
  'multi-select',
  'number',
  'radio',
  'select',
  'slider',
  'strings',
  'text',
  'timezone',
  'unit',
  'thresholds',
  'mappings',
  'links',
  'actions',
  'fieldColor',
];

const isNumeric = (field: { type: FieldType }) => field.type === FieldType.number;
const always = () => true;

type Processor = FieldConfigPropertyItem['process'];

function fieldItem(
  id: FieldConfigProperty,
  process: Processor,
  shouldApply: FieldConfigPropertyItem['shouldApply'],
  defaultValue?: unknown
): FieldConfigPropertyItem {
  return { id, path: id, name: id, editor: NoEditor, override: NoEditor, process, shouldApply, defaultValue };
}

function standardFieldConfigs(): FieldConfigPropertyItem[] {
  return [
    fieldItem(FieldConfigProperty.Unit, stringOverrideProcessor, (f) => f.type !== FieldType.time),
    fieldItem(FieldConfigProperty.Min, numberOverrideProcessor, isNumeric),
    fieldItem(FieldConfigProperty.Max, numberOverrideProcessor, isNumeric),
    fieldItem(FieldConfigProperty.FieldMinMax, booleanOverrideProcessor, isNumeric),
    fieldItem(FieldConfigProperty.Decimals, numberOverrideProcessor, isNumeric),
    fieldItem(FieldConfigProperty.DisplayName, displayNameOverrideProcessor, always),
    fieldItem(FieldConfigProperty.NoValue, stringOverrideProcessor, always),
    fieldItem(FieldConfigProperty.Thresholds, thresholdsOverrideProcessor, always, {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 80, color: 'red' },
      ],
    }),
    fieldItem(FieldConfigProperty.Mappings, valueMappingsOverrideProcessor, always),
    fieldItem(FieldConfigProperty.Links, dataLinksOverrideProcessor, always),
    fieldItem(FieldConfigProperty.Actions, identityOverrideProcessor, always),
    fieldItem(FieldConfigProperty.Color, identityOverrideProcessor, always),
    fieldItem(FieldConfigProperty.Filterable, booleanOverrideProcessor, always),
  ];
}

let done = false;

export function setUpGrafanaRegistries(): void {
  if (done) {
    return;
  }
  done = true;
  standardEditorsRegistry.setInit(() =>
    EDITOR_IDS.map((id): StandardEditorsRegistryItem => ({ id, name: id, editor: NoEditor }))
  );
  standardFieldConfigEditorRegistry.setInit(standardFieldConfigs);
}
