import { BurnAlert, burnState, pairLevel, severityLevel, speedsOf } from './burn';

const alert = (short: string, long: string, firing: number | null, severity?: string, slo = '99.9-28d'): BurnAlert => ({
  short,
  long,
  firing,
  severity,
  slo,
});

describe('severity of a burn-rate pair', () => {
  it.each([
    ['critical', 'critical'],
    ['page', 'critical'],
    ['Critical', 'critical'],
    ['warning', 'warning'],
    ['ticket', 'warning'],
    ['something else', undefined],
    [undefined, undefined],
  ])('%p → %p', (severity, level) => {
    expect(severityLevel(severity)).toBe(level);
  });

  it('falls back on the speed: fast burns page, slow burns open tickets', () => {
    expect(pairLevel(undefined, 'fast')).toBe('critical');
    expect(pairLevel(undefined, 'slow')).toBe('warning');
    expect(pairLevel('warning', 'fast')).toBe('warning');
  });

  it('sorts pairs by long window; the first half are fast', () => {
    const speeds = speedsOf([alert('6h', '3d', 0), alert('5m', '1h', 0), alert('2h', '1d', 0), alert('30m', '6h', 0)]);
    expect(speeds.map((p) => `${p.short}/${p.long}:${p.speed}`)).toEqual([
      '5m/1h:fast',
      '30m/6h:fast',
      '2h/1d:slow',
      '6h/3d:slow',
    ]);
  });
});

describe('burn state of a card', () => {
  it('is critical when a page-severity pair fires, and names it', () => {
    const state = burnState([
      alert('5m', '1h', 1, 'critical'),
      alert('30m', '6h', 0, 'critical'),
      alert('6h', '3d', 1, 'warning'),
    ]);
    expect(state?.level).toBe('critical');
    expect(state?.firing.map((a) => a.level)).toEqual(['critical', 'warning']);
    expect(state?.reason).toBe(
      'fast burn 5m/1h firing (critical, SLO 99.9-28d); slow burn 6h/3d firing (warning, SLO 99.9-28d)'
    );
  });

  it('is warning when only ticket-severity pairs fire', () => {
    expect(burnState([alert('5m', '1h', 0, 'critical'), alert('6h', '3d', 1, 'warning')])?.level).toBe('warning');
  });

  it('is ok when every pair with traffic is quiet, unknown without traffic', () => {
    expect(burnState([alert('5m', '1h', 0, 'critical'), alert('6h', '3d', null, 'warning')])).toMatchObject({
      level: 'ok',
      reason: 'no burn-rate alert firing',
    });
    expect(burnState([alert('5m', '1h', null, 'critical')])).toBeUndefined();
    expect(burnState(undefined)).toBeUndefined();
  });

  it('takes every SLO of the KPI, not only the one the card shows', () => {
    const state = burnState([alert('5m', '1h', 0, 'critical', 'a'), alert('5m', '1h', 1, 'critical', 'b')]);
    expect(state?.level).toBe('critical');
    expect(state?.reason).toContain('SLO b');
  });

  it('uses the speed when pairs carry no severity', () => {
    expect(burnState([alert('5m', '1h', 1), alert('6h', '3d', 0)])?.level).toBe('critical');
    expect(burnState([alert('5m', '1h', 0), alert('6h', '3d', 1)])?.level).toBe('warning');
  });
});
