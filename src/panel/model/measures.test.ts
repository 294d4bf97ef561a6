import { burnPairWindows, burnRateWindow, windowSeconds } from './measures';

describe('SLO measure names', () => {
  it('reads the window of burn_rate_<window>', () => {
    expect(burnRateWindow('burn_rate_5m')).toBe('5m');
    expect(burnRateWindow('burn_rate_1h')).toBe('1h');
    expect(burnRateWindow('burn_rate')).toBeUndefined();
    expect(burnRateWindow('value')).toBeUndefined();
  });

  it('reads both windows of burn_pair_<short>_<long>', () => {
    expect(burnPairWindows('burn_pair_5m_1h')).toEqual({ short: '5m', long: '1h' });
    expect(burnPairWindows('burn_pair_6h_3d')).toEqual({ short: '6h', long: '3d' });
    expect(burnPairWindows('burn_pair_5m')).toBeUndefined();
  });

  it('converts windows to seconds', () => {
    expect(windowSeconds('30s')).toBe(30);
    expect(windowSeconds('5m')).toBe(5 * 60);
    expect(windowSeconds('6h')).toBe(6 * 3600);
    expect(windowSeconds('3d')).toBe(3 * 86400);
    expect(windowSeconds('1w')).toBe(7 * 86400);
    expect(windowSeconds('soon')).toBe(Number.POSITIVE_INFINITY);
  });
});
