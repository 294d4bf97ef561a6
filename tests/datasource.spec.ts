import { test, expect } from './fixtures';

test('Save & test of the provisioned datasource succeeds with a one-line title', async ({
  readProvisionedDataSource,
  gotoDataSourceConfigPage,
}) => {
  const datasource = await readProvisionedDataSource({ fileName: 'northstar.yaml', name: 'Northstar KPI' });
  const configPage = await gotoDataSourceConfigPage(datasource.uid);
  const response = configPage.saveAndTest();
  await expect(response).toBeOK();
  const health = await (await response).json();
  expect(health.status).toBe('OK');
  expect(health.message).toMatch(/^OK: \d+ KPIs, 2 connections$/);
  expect(health.details?.verboseMessage).toContain('Catalog: OK');
  await expect(configPage).toHaveAlert('success', { hasText: /OK: \d+ KPIs, 2 connections/ });
});
