import { errorMessage } from './errors';

describe('errorMessage', () => {
  const fetchError = (data: unknown, statusText = 'Service Unavailable') => ({
    status: 503,
    statusText,
    data,
    config: { url: '/api/datasources/uid/x/resources/kpis' },
  });

  it('reads the backend error from a fetch error', () => {
    expect(errorMessage(fetchError({ error: 'the catalog is invalid' }))).toBe('the catalog is invalid');
  });

  it("falls back to Grafana's message, then to the status", () => {
    expect(errorMessage(fetchError({ message: 'Plugin unavailable' }))).toBe('Plugin unavailable');
    expect(errorMessage(fetchError(undefined))).toBe('Service Unavailable');
    expect(errorMessage(fetchError(undefined, ''))).toBe('Request failed with status 503');
  });

  it('reads plain errors and other values', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('text')).toBe('text');
  });
});
