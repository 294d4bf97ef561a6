import { createDataFrame, Field, FieldType, ThresholdsMode } from '@grafana/data';

import { burnState } from './burn';
import {
  combineWithBurn,
  hueOf,
  isWorse,
  levelFromCode,
  levelFromFieldThresholds,
  levelFromKpiThresholds,
  levelFromTarget,
  levelOfColor,
  resolveStatus,
} from './status';

function fieldWithThresholds(steps: Array<{ value: number; color: string }>, mode = ThresholdsMode.Absolute): Field {
  return createDataFrame({
    fields: [
      { name: 'v', type: FieldType.number, values: [1], config: { thresholds: { mode, steps }, min: 0, max: 200 } },
    ],
  }).fields[0];
}

const plainField = createDataFrame({ fields: [{ name: 'v', type: FieldType.number, values: [1] }] }).fields[0];

describe('status from the datasource code', () => {
  it('maps 0, 1, 2 and nothing else', () => {
    expect(levelFromCode(0)).toBe('ok');
    expect(levelFromCode(1)).toBe('warning');
    expect(levelFromCode(2)).toBe('critical');
    expect(levelFromCode(null)).toBeUndefined();
    expect(levelFromCode(3)).toBeUndefined();
  });
});

describe('status from KPI thresholds', () => {
  const higher = { warning: 0.99, critical: 0.98 };
  const lower = { warning: 300, critical: 500 };

  it.each([
    [0.995, 'ok'],
    [0.99, 'ok'], // at the warning level: not worse
    [0.985, 'warning'],
    [0.98, 'warning'],
    [0.97, 'critical'],
  ])('higher is better: %p → %s', (value, level) => {
    expect(levelFromKpiThresholds(value, higher, 'higher')).toBe(level);
  });

  it.each([
    [200, 'ok'],
    [300, 'ok'],
    [400, 'warning'],
    [500, 'warning'],
    [501, 'critical'],
  ])('lower is better: %p → %s', (value, level) => {
    expect(levelFromKpiThresholds(value, lower, 'lower')).toBe(level);
  });

  it('works for negative values', () => {
    expect(levelFromKpiThresholds(-5, { warning: -1, critical: -3 }, 'higher')).toBe('critical');
    expect(isWorse(-2, -1, 'higher')).toBe(true);
  });
});

describe('status from the target alone', () => {
  it('is ok on the good side and warning on the bad side', () => {
    expect(levelFromTarget(10, 8, 'higher')).toBe('ok');
    expect(levelFromTarget(7, 8, 'higher')).toBe('warning');
    expect(levelFromTarget(7, 8, 'lower')).toBe('ok');
  });
});

describe('threshold colours', () => {
  it('reads Grafana colour names', () => {
    expect(levelOfColor('green')).toBe('ok');
    expect(levelOfColor('semi-dark-orange')).toBe('warning');
    expect(levelOfColor('yellow')).toBe('warning');
    expect(levelOfColor('dark-red')).toBe('critical');
  });

  it('reads hex colours by hue', () => {
    expect(hueOf('#ff0000')).toBe(0);
    expect(hueOf('#00ff00')).toBe(120);
    expect(levelOfColor('#F2495C')).toBe('critical');
    expect(levelOfColor('#FF9830')).toBe('warning');
    expect(levelOfColor('#73BF69')).toBe('ok');
    expect(levelOfColor('#5794F2')).toBeUndefined(); // blue says nothing
    expect(levelOfColor('#808080')).toBeUndefined();
  });

  it('ignores thresholds with only the base step', () => {
    expect(levelFromFieldThresholds(5, fieldWithThresholds([{ value: -Infinity, color: 'green' }]))).toBeUndefined();
  });

  it('uses the step the value falls in', () => {
    const field = fieldWithThresholds([
      { value: -Infinity, color: 'green' },
      { value: 80, color: 'orange' },
      { value: 90, color: 'red' },
    ]);
    expect(levelFromFieldThresholds(50, field)).toBe('ok');
    expect(levelFromFieldThresholds(85, field)).toBe('warning');
    expect(levelFromFieldThresholds(95, field)).toBe('critical');
  });

  it('reads percentage thresholds against min and max', () => {
    const field = fieldWithThresholds(
      [
        { value: -Infinity, color: 'green' },
        { value: 50, color: 'red' },
      ],
      ThresholdsMode.Percentage
    );
    // min 0, max 200: 120 is 60 %
    expect(levelFromFieldThresholds(120, field)).toBe('critical');
    expect(levelFromFieldThresholds(80, field)).toBe('ok');
  });
});

describe('resolveStatus precedence', () => {
  const base = { direction: 'higher' as const, field: plainField };

  it('says no data without a usable value', () => {
    expect(resolveStatus({ ...base, value: undefined, problem: 'Upstream value is NaN' })).toMatchObject({
      level: 'nodata',
      text: 'No data',
      reason: 'Upstream value is NaN',
    });
  });

  it('takes the datasource status over thresholds', () => {
    const status = resolveStatus({
      ...base,
      value: 0.5,
      statusCode: 0,
      kpiThresholds: { warning: 0.9, critical: 0.8 },
    });
    expect(status.level).toBe('ok');
  });

  it('uses KPI thresholds when there is no status code', () => {
    expect(
      resolveStatus({ ...base, value: 0.85, statusCode: null, kpiThresholds: { warning: 0.9, critical: 0.8 } }).level
    ).toBe('warning');
  });

  it('falls back to the target, then to none', () => {
    expect(resolveStatus({ ...base, value: 5, target: 10 }).level).toBe('warning');
    expect(resolveStatus({ ...base, value: 5 })).toMatchObject({ level: 'none', text: 'No target' });
  });
});

describe('status: the worst of the value and the SLO burn state', () => {
  const base = { direction: 'higher' as const, field: plainField };
  const page = burnState([{ short: '5m', long: '1h', firing: 1, severity: 'critical', slo: '99.9-28d' }]);
  const ticket = burnState([
    { short: '5m', long: '1h', firing: 0, severity: 'critical' },
    { short: '6h', long: '3d', firing: 1, severity: 'warning' },
  ]);
  const quiet = burnState([{ short: '5m', long: '1h', firing: 0, severity: 'critical' }]);

  it('a firing page-severity pair makes a Warning value Critical, and says why', () => {
    const status = resolveStatus({ ...base, value: 0.998, statusCode: 1, burn: page });
    expect(status).toMatchObject({ level: 'critical', text: 'Critical', source: 'slo' });
    expect(status.reason).toBe(
      'Critical from the SLO: fast burn 5m/1h firing (critical, SLO 99.9-28d). The value alone: Warning (status from the datasource)'
    );
  });

  it('a firing page-severity pair makes an OK value Critical', () => {
    expect(resolveStatus({ ...base, value: 1, statusCode: 0, burn: page }).level).toBe('critical');
  });

  it('a firing ticket-severity pair makes an OK value Warning, but not a Critical one better', () => {
    expect(resolveStatus({ ...base, value: 1, statusCode: 0, burn: ticket }).level).toBe('warning');
    const critical = resolveStatus({ ...base, value: 1, statusCode: 2, burn: ticket });
    expect(critical).toMatchObject({ level: 'critical', source: 'datasource' });
    expect(critical.reason).toBe('Status from the datasource; Slow burn 6h/3d firing (warning)');
  });

  it('quiet pairs turn No target into OK and leave other statuses alone', () => {
    expect(resolveStatus({ ...base, value: 5, burn: quiet })).toMatchObject({ level: 'ok', source: 'slo' });
    expect(resolveStatus({ ...base, value: 1, statusCode: 1, burn: quiet }).level).toBe('warning');
    expect(resolveStatus({ ...base, value: undefined, burn: quiet }).level).toBe('nodata');
  });

  it('a firing page without a value is still Critical', () => {
    expect(resolveStatus({ ...base, value: undefined, problem: 'No data in range', burn: page }).level).toBe(
      'critical'
    );
  });

  it('combineWithBurn without burn state is the value status', () => {
    const value = resolveStatus({ ...base, value: 5, target: 10 });
    expect(combineWithBurn(value, undefined)).toBe(value);
  });
});
