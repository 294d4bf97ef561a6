import { createDataFrame, createTheme, Field, FieldColorModeId, FieldType, ThresholdsMode } from '@grafana/data';

import { cardColor, mappingColor, statusColor } from './color';
import { CardStatus } from './status';

const theme = createTheme();

function field(config: Record<string, unknown> = {}): Field {
  return createDataFrame({ fields: [{ name: 'v', type: FieldType.number, values: [1], config }] }).fields[0];
}

const status = (level: CardStatus['level'], source: CardStatus['source'] = 'kpi-thresholds'): CardStatus => ({
  level,
  text: level,
  reason: '',
  source,
});

describe('the value colour', () => {
  it('is the status with the default Color scheme (from thresholds)', () => {
    const thresholdsMode = field({ color: { mode: FieldColorModeId.Thresholds } });
    expect(cardColor(thresholdsMode, 5, status('critical'), theme)).toEqual({ kind: 'status', level: 'critical' });
    expect(cardColor(field(), 5, status('ok'), theme)).toEqual({ kind: 'status', level: 'ok' });
    expect(cardColor(field(), 5, status('none', 'none'), theme)).toBeUndefined();
    expect(cardColor(field(), undefined, status('nodata', 'value'), theme)).toBeUndefined();
  });

  it("is the field's threshold step colour when the status comes from the field thresholds", () => {
    const thresholds = {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 3, color: 'purple' },
      ],
    };
    const f = field({ thresholds });
    expect(cardColor(f, 5, status('warning', 'field-thresholds'), theme)).toEqual({
      kind: 'fixed',
      color: theme.visualization.getColorByName('purple'),
    });
  });

  it('is the standard Color option when it is not "from thresholds"', () => {
    const fixed = field({ color: { mode: FieldColorModeId.Fixed, fixedColor: 'purple' } });
    expect(cardColor(fixed, 5, status('critical'), theme)).toEqual({
      kind: 'fixed',
      color: theme.visualization.getColorByName('purple'),
    });
  });

  it('is a matching value mapping colour first', () => {
    const mappings = [{ type: 'value', options: { 5: { text: 'five', color: 'blue', index: 0 } } }];
    const mapped = field({ mappings });
    expect(mappingColor(mapped, 5, theme)).toBe(theme.visualization.getColorByName('blue'));
    expect(mappingColor(mapped, 6, theme)).toBeUndefined();
    expect(cardColor(mapped, 5, status('critical'), theme)).toEqual({
      kind: 'fixed',
      color: theme.visualization.getColorByName('blue'),
    });
  });

  it('status text colours come from the theme', () => {
    expect(statusColor(theme, 'ok')).toBe(theme.colors.success.text);
    expect(statusColor(theme, 'critical')).toBe(theme.colors.error.text);
  });
});
