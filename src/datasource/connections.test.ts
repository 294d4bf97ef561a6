import { addConnection, connectionNameProblem, KpiSettings, removeConnection, updateConnection } from './connections';
import { KpiConnection } from './types';

const prom: KpiConnection = { name: 'prom', type: 'prometheus', url: 'http://prom:9090', auth: 'basic' };

function settingsWith(connections: KpiConnection[], secure: Partial<KpiSettings> = {}): KpiSettings {
  // Only the fields these helpers read and write.
  return { jsonData: { connections }, secureJsonFields: {}, ...secure } as KpiSettings;
}

describe('connections', () => {
  it('names new connections uniquely', () => {
    const once = addConnection(settingsWith([]));
    const twice = addConnection(once);
    expect(twice.jsonData.connections?.map((connection) => connection.name)).toEqual(['prometheus', 'prometheus-2']);
  });

  it('explains unusable names', () => {
    expect(connectionNameProblem([{ ...prom, name: '' }], 0)).toMatch('A name is required');
    expect(connectionNameProblem([{ ...prom, name: 'a.b' }], 0)).toMatch('letters, digits');
    expect(connectionNameProblem([prom, prom], 1)).toMatch('already named "prom"');
    expect(connectionNameProblem([prom], 0)).toBeUndefined();
  });

  it('on rename, moves typed secrets and clears saved ones', () => {
    const settings = settingsWith([prom], {
      secureJsonFields: { 'prom.tlsCACert': true },
      secureJsonData: { 'prom.basicAuthPassword': 'typed' },
    });
    const renamed = updateConnection(settings, 0, { ...prom, name: 'main' });

    expect(renamed.jsonData.connections).toEqual([{ ...prom, name: 'main' }]);
    expect(renamed.secureJsonData).toEqual({
      'prom.basicAuthPassword': '',
      'prom.tlsCACert': '',
      'main.basicAuthPassword': 'typed',
    });
    expect(renamed.secureJsonFields).toEqual({ 'prom.basicAuthPassword': false, 'prom.tlsCACert': false });
  });

  it('leaves secrets alone when the name does not change', () => {
    const settings = settingsWith([prom], { secureJsonFields: { 'prom.basicAuthPassword': true } });
    const updated = updateConnection(settings, 0, { ...prom, url: 'http://other:9090' });
    expect(updated.secureJsonFields).toEqual({ 'prom.basicAuthPassword': true });
    expect(updated.secureJsonData).toBeUndefined();
  });

  it('removes a connection and clears only its secrets', () => {
    const other: KpiConnection = { ...prom, name: 'other' };
    const settings = settingsWith([prom, other], {
      secureJsonFields: { 'prom.basicAuthPassword': true, 'other.basicAuthPassword': true },
    });
    const removed = removeConnection(settings, 0);
    expect(removed.jsonData.connections).toEqual([other]);
    expect(removed.secureJsonFields).toEqual({ 'prom.basicAuthPassword': false, 'other.basicAuthPassword': true });
  });
});
