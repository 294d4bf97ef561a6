import { freshness, staleAfterSeconds } from './freshness';

const minute = 60_000;

describe('freshness', () => {
  it('measures age from now when the range ends now or later', () => {
    const now = Date.UTC(2026, 10, 23, 12, 0);
    const result = freshness(now - 5 * minute, now, now + 60 * minute, 3600);
    expect(result).toMatchObject({ ageSeconds: 300, stale: false, text: 'Last sample 5 min ago' });
    expect(result.spoken).toBe('last sample 5 minutes ago');
  });

  it('measures age from the end of a past range', () => {
    const end = Date.UTC(2026, 10, 16);
    const result = freshness(end - 2 * minute, end + 7 * 24 * 60 * minute, end, 3600);
    expect(result.ageSeconds).toBe(120);
  });

  it('flags samples older than the limit', () => {
    const now = Date.UTC(2026, 10, 23, 12, 0);
    const result = freshness(now - 3 * 60 * minute, now, undefined, 3600);
    expect(result).toMatchObject({ stale: true, text: 'Stale: last sample 3 h ago' });
    expect(result.spoken).toBe('data stale, last sample 3 hours ago');
  });

  it('reads the option as a Grafana interval', () => {
    expect(staleAfterSeconds('15m')).toBe(900);
    expect(staleAfterSeconds('1h')).toBe(3600);
    expect(staleAfterSeconds('')).toBeUndefined();
    expect(staleAfterSeconds('soon')).toBeUndefined();
  });
});

describe('freshness of samples on a step grid', () => {
  const now = Date.UTC(2026, 10, 19, 21, 20);
  const lastSample = Date.UTC(2026, 10, 19, 20, 0);

  it('says how old the newest sample is, with its time', () => {
    expect(freshness(lastSample, now, now, 3600, 2 * 3600_000)).toMatchObject({
      lastSample,
      ageSeconds: 80 * 60,
      stale: false,
      text: 'Last sample 1 h 20 min ago',
    });
  });

  it('is stale only beyond the limit plus one step', () => {
    expect(freshness(lastSample, now, now, 3600).stale).toBe(true); // no step known
    expect(freshness(lastSample, now, now, 3600, 2 * 3600_000).stale).toBe(false);
    expect(freshness(lastSample - 2 * 3600_000, now, now, 3600, 2 * 3600_000).stale).toBe(true);
  });

  it('never says "just now"', () => {
    expect(freshness(now - 20_000, now, now, 3600).text).toBe('Last sample < 1 min ago');
  });
});
