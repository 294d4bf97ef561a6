import { test, expect } from './fixtures';

test('app configuration page links to adding a data source', async ({ appConfigPage, page }) => {
  await expect(page.getByRole('link', { name: /Add a Northstar KPI data source/i })).toBeVisible();
});
