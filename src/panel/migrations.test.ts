import { DEFAULT_OPTIONS, MIN_CARD_WIDTH_FLOOR } from './defaults';
import { kpiCardsMigrationHandler, migrateOptions, MigrationStep } from './migrations';
import { plugin } from './module';
import { OPTIONS_VERSION } from './types';

describe('options migration', () => {
  it('gives the defaults for empty or broken options', () => {
    expect(migrateOptions(undefined)).toEqual(DEFAULT_OPTIONS);
    expect(migrateOptions({})).toEqual(DEFAULT_OPTIONS);
    expect(migrateOptions('garbage')).toEqual(DEFAULT_OPTIONS);
  });

  it('keeps valid saved values and fills the rest', () => {
    const saved = {
      optionsVersion: 1,
      layout: { sortBy: 'status', groupBy: 'owner' },
      elements: { sparkline: false },
      display: { colorMode: 'background' },
    };
    const migrated = migrateOptions(saved);
    expect(migrated.display).toEqual({ colorMode: 'background' });
    expect(migrated.layout).toEqual({ ...DEFAULT_OPTIONS.layout, sortBy: 'status', groupBy: 'owner' });
    expect(migrated.elements).toEqual({ ...DEFAULT_OPTIONS.elements, sparkline: false });
    expect(migrated.optionsVersion).toBe(OPTIONS_VERSION);
  });

  it('replaces invalid values with defaults', () => {
    const migrated = migrateOptions({
      layout: { sortBy: 'random', compact: 7, minCardWidth: 20 },
      series: { comparisonPoints: -3, reducer: '' },
      elements: { owner: 'yes' },
      display: { colorMode: 'rainbow' },
    });
    expect(migrated.display.colorMode).toBe(DEFAULT_OPTIONS.display.colorMode);
    expect(migrated.layout.sortBy).toBe(DEFAULT_OPTIONS.layout.sortBy);
    expect(migrated.layout.compact).toBe(DEFAULT_OPTIONS.layout.compact);
    expect(migrated.layout.minCardWidth).toBe(MIN_CARD_WIDTH_FLOOR);
    expect(migrated.series.comparisonPoints).toBe(DEFAULT_OPTIONS.series.comparisonPoints);
    expect(migrated.series.reducer).toBe(DEFAULT_OPTIONS.series.reducer);
    expect(migrated.elements.owner).toBe(DEFAULT_OPTIONS.elements.owner);
  });

  it('runs the steps in order from the saved version', () => {
    const calls: number[] = [];
    const step =
      (from: number): MigrationStep =>
      (options) => {
        calls.push(from);
        return { ...options, optionsVersion: from + 1 };
      };
    // A future shape: version 2 renamed layout.order to layout.sortBy.
    const steps: Record<number, MigrationStep> = {
      0: step(0),
      1: (options) => {
        calls.push(1);
        const layout = (options.layout ?? {}) as Record<string, unknown>;
        return { ...options, layout: { ...layout, sortBy: layout.order }, optionsVersion: 2 };
      },
      2: step(2),
    };
    const migrated = migrateOptions({ optionsVersion: 1, layout: { order: 'name' } }, steps, 3);
    expect(calls).toEqual([1, 2]);
    expect(migrated.layout.sortBy).toBe('name');
  });

  it('keeps known keys of options saved by a newer build', () => {
    const migrated = migrateOptions({
      optionsVersion: OPTIONS_VERSION + 5,
      layout: { groupBy: 'category' },
      newThing: 1,
    });
    expect(migrated.layout.groupBy).toBe('category');
    expect(migrated).not.toHaveProperty('newThing');
  });

  it('is the handler registered on the plugin', () => {
    const panel = {
      id: 1,
      type: 'northstar-kpicards-panel',
      options: { layout: { compact: 'always' } },
      fieldConfig: { defaults: {}, overrides: [] },
    };
    expect(kpiCardsMigrationHandler(panel).layout.compact).toBe('always');
    expect(plugin.onPanelMigration).toBe(kpiCardsMigrationHandler);
  });
});
