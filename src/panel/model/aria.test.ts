import { ariaSentence } from './aria';

describe('ariaSentence', () => {
  it('reads a card as one sentence', () => {
    expect(
      ariaSentence({
        name: 'Checkout success rate',
        value: '99.2 percent',
        target: '99.5 percent',
        status: 'warning',
        statusText: 'Warning',
        delta: 'down 0.3 points versus previous 7 days',
        firing: [],
      })
    ).toBe('Checkout success rate 99.2 percent, target 99.5 percent, warning, down 0.3 points versus previous 7 days');
  });

  it('adds budget, firing burns and staleness, and says no target', () => {
    expect(
      ariaSentence({
        name: 'API availability',
        value: '99.9 percent',
        status: 'none',
        statusText: 'No target',
        budget: '60.0 percent of error budget left',
        firing: ['fast burn 5m/1h firing, burn rates 16.2 times / 14.4 times'],
        stale: 'data stale, last sample 3 hours ago',
      })
    ).toBe(
      'API availability 99.9 percent, no target, 60.0 percent of error budget left, fast burn 5m/1h firing, burn rates 16.2 times / 14.4 times, data stale, last sample 3 hours ago'
    );
  });

  it('does not repeat no data', () => {
    expect(
      ariaSentence({ name: 'Orders', value: 'no data in range', status: 'nodata', statusText: 'No data', firing: [] })
    ).toBe('Orders no data in range');
  });
});
