import { KpiSummary } from '../../datasource/types';
import { filterChoices, filterKpis, NO_FILTERS } from './catalogFilters';

const KPIS: KpiSummary[] = [
  { id: 'a', name: 'Orders', owner: 'sales', category: 'commerce', tags: ['orders', 'daily'] },
  { id: 'b', name: 'Refunds', owner: 'sales', category: 'finance', tags: ['daily'], description: 'Money back' },
  { id: 'c', name: 'Uptime', owner: 'sre' },
];

const ids = (kpis: KpiSummary[]) => kpis.map((kpi) => kpi.id);

describe('filterKpis', () => {
  it('keeps everything without filters', () => {
    expect(ids(filterKpis(KPIS, NO_FILTERS))).toEqual(['a', 'b', 'c']);
  });

  it('combines tag, owner and category', () => {
    expect(ids(filterKpis(KPIS, { search: '', tag: 'daily', owner: 'sales' }))).toEqual(['a', 'b']);
    expect(ids(filterKpis(KPIS, { search: '', tag: 'daily', category: 'finance' }))).toEqual(['b']);
  });

  it('searches names, ids and descriptions case-insensitively', () => {
    expect(ids(filterKpis(KPIS, { search: 'money' }))).toEqual(['b']);
    expect(ids(filterKpis(KPIS, { search: ' UPTIME ' }))).toEqual(['c']);
  });
});

describe('filterChoices', () => {
  it('lists distinct sorted values', () => {
    expect(filterChoices(KPIS)).toEqual({
      tags: ['daily', 'orders'],
      owners: ['sales', 'sre'],
      categories: ['commerce', 'finance'],
    });
  });
});
