import { KpiQuery, KpiSelector } from './types';

function selectorText(selector: KpiSelector): string {
  const parts = [
    selector.tags?.length ? `tags ${selector.tags.join(', ')}` : '',
    selector.owner ? `owner ${selector.owner}` : '',
    selector.category ? `category ${selector.category}` : '',
  ].filter((part) => part !== '');
  return parts.length > 0 ? `KPIs with ${parts.join(', ')}` : 'Every KPI of the catalog';
}

function filtersText(filters: Record<string, string[]>): string {
  return Object.entries(filters)
    .filter(([dimension, values]) => dimension !== '' && values.length > 0)
    .map(([dimension, values]) => `${dimension} = ${values.join(' | ')}`)
    .join(', ');
}

/**
 * The query in one line, as Explore's query history and collapsed query rows show it:
 * `checkout_success_rate · value, previous · region = eu | us · SLO 99.9-28d`. Variables are shown
 * as written.
 */
export function queryDisplayText(query: KpiQuery): string {
  const target = [query.kpi?.trim() ?? '', query.selector !== undefined ? selectorText(query.selector) : ''].filter(
    (part) => part !== ''
  );
  if (target.length === 0) {
    return 'No KPI chosen';
  }
  const measures = query.measures?.length ? query.measures.join(', ') : 'all KPI measures';
  const filters = filtersText(query.filters ?? {});
  return [target.join(' + '), measures, filters, query.slo ? `SLO ${query.slo}` : '']
    .filter((part) => part !== '')
    .join(' · ');
}
