import { createDataFrame, Field, FieldType, ThresholdsMode } from '@grafana/data';

import { directionFromFieldThresholds, directionFromKpiThresholds, resolveDirection } from './direction';

function field(steps?: Array<{ value: number; color: string }>): Field {
  return createDataFrame({
    fields: [
      {
        name: 'v',
        type: FieldType.number,
        values: [1],
        config: steps ? { thresholds: { mode: ThresholdsMode.Absolute, steps } } : {},
      },
    ],
  }).fields[0];
}

describe('direction inferred from thresholds', () => {
  it('KPI thresholds going critical upwards mean lower is better, downwards higher', () => {
    expect(directionFromKpiThresholds({ warning: 300, critical: 500 })).toBe('lower');
    expect(directionFromKpiThresholds({ warning: 0.99, critical: 0.98 })).toBe('higher');
    expect(directionFromKpiThresholds({ warning: 1, critical: 1 })).toBeUndefined();
    expect(directionFromKpiThresholds(undefined)).toBeUndefined();
  });

  it('field thresholds: green at the bottom and red at the top mean lower is better', () => {
    const latency = field([
      { value: -Infinity, color: 'green' },
      { value: 300, color: 'orange' },
      { value: 500, color: 'red' },
    ]);
    expect(directionFromFieldThresholds(latency)).toBe('lower');
    const availability = field([
      { value: -Infinity, color: 'red' },
      { value: 0.98, color: 'yellow' },
      { value: 0.99, color: 'green' },
    ]);
    expect(directionFromFieldThresholds(availability)).toBe('higher');
  });

  it('says nothing without a step above the base, or when colours mean nothing', () => {
    expect(directionFromFieldThresholds(field([{ value: -Infinity, color: 'green' }]))).toBeUndefined();
    expect(
      directionFromFieldThresholds(
        field([
          { value: -Infinity, color: 'blue' },
          { value: 10, color: 'purple' },
        ])
      )
    ).toBeUndefined();
    expect(directionFromFieldThresholds(field())).toBeUndefined();
  });
});

describe('resolveDirection', () => {
  const latency = field([
    { value: -Infinity, color: 'green' },
    { value: 500, color: 'red' },
  ]);

  it('takes the KPI, then the field config, then the thresholds, then higher', () => {
    expect(resolveDirection({ kpi: 'higher', field: 'lower', valueField: latency })).toEqual({
      direction: 'higher',
      source: 'kpi',
    });
    expect(resolveDirection({ field: 'higher', valueField: latency })).toEqual({
      direction: 'higher',
      source: 'field',
    });
    expect(resolveDirection({ kpiThresholds: { warning: 1, critical: 2 }, valueField: field() })).toEqual({
      direction: 'lower',
      source: 'kpi-thresholds',
    });
    expect(resolveDirection({ valueField: latency })).toEqual({ direction: 'lower', source: 'field-thresholds' });
    expect(resolveDirection({ valueField: field() })).toEqual({ direction: 'higher', source: 'default' });
  });
});
