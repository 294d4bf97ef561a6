import { AdHocVariableFilter, ScopedVars } from '@grafana/data';
import { makeDataSource } from '../testing/fakes';
import { KpiQuery } from '../types';
import { adhocToFilters } from './interpolate';
import { InterpolatedKpiQuery } from './model';
import { installGrafanaTemplateSrv, TestVariable } from './testing';

const query = (fields: Partial<KpiQuery>): KpiQuery => ({ refId: 'A', ...fields });

// Variables the way a dashboard has them: options, and what is selected ('$__all' for All).
const VARIABLES: TestVariable[] = [
  {
    name: 'kpi',
    options: ['checkout_success_rate', 'signup_rate', 'api_availability'],
    current: ['checkout_success_rate', 'signup_rate'],
  },
  { name: 'one_kpi', options: ['checkout_success_rate', 'signup_rate'], current: ['signup_rate'] },
  { name: 'all_kpis', options: ['checkout_success_rate', 'signup_rate'], current: '$__all' },
  { name: 'any_kpi', options: ['checkout_success_rate', 'signup_rate'], current: '$__all', allValue: '.*' },
  { name: 'team', options: ['team-payments', 'team-growth', 'team-api'], current: ['team-payments', 'team-growth'] },
  { name: 'any_team', options: ['team-payments', 'team-growth'], current: '$__all', allValue: '*' },
  { name: 'category', options: ['commerce', 'platform'], current: '$__all' },
  { name: 'tag', options: ['checkout', 'payments', 'growth'], current: ['checkout', 'payments'] },
  { name: 'region', options: ['eu-west', 'us-east', 'ap-south'], current: ['eu-west', 'us-east'] },
  { name: 'all_regions', options: ['eu-west', 'us-east', 'ap-south'], current: '$__all' },
  { name: 'any_region', options: ['eu-west', 'us-east', 'ap-south'], current: '$__all', allValue: '.*' },
  { name: 'psp', options: ['adyen', 'stripe'], current: 'adyen' },
];

function interpolate(fields: Partial<KpiQuery>, scopedVars: ScopedVars = {}, filters?: AdHocVariableFilter[]) {
  const result: InterpolatedKpiQuery = makeDataSource().applyTemplateVariables(query(fields), scopedVars, filters);
  return result;
}

describe('template variables in a KPI query', () => {
  beforeEach(() => {
    installGrafanaTemplateSrv(VARIABLES);
  });

  describe('the KPI field', () => {
    it('sends several KPI ids for a multi-value variable, never the glob {a,b}', () => {
      const result = interpolate({ kpi: '$kpi' });
      expect(result.kpis).toEqual(['checkout_success_rate', 'signup_rate']);
      expect(result.kpi).toBeUndefined();
    });

    it('keeps one id a plain kpi', () => {
      expect(interpolate({ kpi: '${one_kpi}' })).toEqual({ refId: 'A', kpi: 'signup_rate' });
    });

    it('sends every option for All', () => {
      expect(interpolate({ kpi: '$all_kpis' }).kpis).toEqual(['checkout_success_rate', 'signup_rate']);
    });

    it('sends every option for All with a custom all value, not the value itself', () => {
      const result = interpolate({ kpi: '$any_kpi' });
      expect(result.kpis).toEqual(['checkout_success_rate', 'signup_rate']);
      expect(JSON.stringify(result)).not.toContain('.*');
    });

    it('takes the value of a scoped variable (a repeated panel) over the dashboard selection', () => {
      const scopedVars: ScopedVars = { kpi: { text: 'api_availability', value: 'api_availability' } };
      expect(interpolate({ kpi: '$kpi' }, scopedVars)).toEqual({ refId: 'A', kpi: 'api_availability' });
    });

    it('passes a query that names a multi-value KPI variable to the backend', () => {
      const ds = makeDataSource();
      expect(ds.filterQuery(ds.applyTemplateVariables(query({ kpi: '$kpi' }), {}))).toBe(true);
    });
  });

  describe('the selector', () => {
    it('sends any of several owners for a multi-value owner', () => {
      expect(interpolate({ selector: { owner: '$team' } }).selector).toEqual({
        owners: ['team-payments', 'team-growth'],
      });
    });

    it('sends any of every option for a category at All', () => {
      expect(interpolate({ selector: { category: '$category' } }).selector).toEqual({
        categories: ['commerce', 'platform'],
      });
    });

    it('drops a criterion whose variable is at All with a custom all value: it restricts nothing', () => {
      expect(interpolate({ selector: { owner: '$any_team', category: 'commerce' } }).selector).toEqual({
        category: 'commerce',
      });
    });

    it('makes a multi-value tag a group of tags (any of them), next to the tags that must all be present', () => {
      expect(interpolate({ selector: { tags: ['$tag', 'sql'] } }).selector).toEqual({
        tags: ['sql'],
        anyTags: [['checkout', 'payments']],
      });
    });
  });

  describe('filters', () => {
    it('sends each value of a multi-value variable as its own value', () => {
      expect(
        interpolate({ kpi: 'checkout_success_rate', filters: { region: ['$region'], psp: ['$psp', 'klarna'] } }).filters
      ).toEqual({
        region: ['eu-west', 'us-east'],
        psp: ['adyen', 'klarna'],
      });
    });

    it('sends every option for All', () => {
      expect(interpolate({ kpi: 'checkout_success_rate', filters: { region: ['$all_regions'] } }).filters).toEqual({
        region: ['eu-west', 'us-east', 'ap-south'],
      });
    });

    it('drops the filter for All with a custom all value: the regex .* is never sent as a value', () => {
      const result = interpolate({ kpi: 'checkout_success_rate', filters: { region: ['$any_region'], psp: ['$psp'] } });
      expect(result.filters).toEqual({ psp: ['adyen'] });
    });

    it('drops the filters when nothing is left', () => {
      expect(interpolate({ kpi: 'checkout_success_rate', filters: { region: ['${any_region}'] } })).toEqual({
        refId: 'A',
        kpi: 'checkout_success_rate',
      });
    });
  });

  describe('ad hoc filters', () => {
    it('become adhocFilters: = and =| (one of); other operators are ignored', () => {
      const result = interpolate({ kpi: '$kpi' }, {}, [
        { key: 'region', operator: '=', value: 'eu-west' },
        { key: 'psp', operator: '=|', value: 'adyen', values: ['adyen', 'stripe'] },
        { key: 'instance', operator: '!=', value: 'a' },
        { key: 'code', operator: '=~', value: '5..' },
      ]);
      expect(result.adhocFilters).toEqual({ region: ['eu-west'], psp: ['adyen', 'stripe'] });
      // Query filters stay separate: the backend applies ad hoc ones only to KPIs with the dimension.
      expect(result.filters).toBeUndefined();
    });

    it('keep the values that several filters on one dimension all allow', () => {
      expect(
        adhocToFilters([
          { key: 'region', operator: '=|', value: '', values: ['eu-west', 'us-east'] },
          { key: 'region', operator: '=', value: 'us-east' },
          { key: 'psp', operator: '=', value: 'adyen' },
          { key: 'psp', operator: '=', value: 'stripe' },
        ])
      ).toEqual({ region: ['us-east'], psp: [] });
    });

    it('are absent when the dashboard has none', () => {
      expect(interpolate({ kpi: 'signup_rate' }, {}, []).adhocFilters).toBeUndefined();
    });
  });
});
