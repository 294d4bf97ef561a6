import { test, expect } from './fixtures';

test.describe('provisioned dashboards', () => {
  test('the executive dashboard shows KPI cards with values', async ({
    readProvisionedDashboard,
    gotoDashboardPage,
  }) => {
    const dashboard = await readProvisionedDashboard({ fileName: 'kpi-executive.json' });
    const dashboardPage = await gotoDashboardPage(dashboard);
    const panel = dashboardPage.getPanelByTitle('All KPIs by category');
    const checkout = panel.locator.locator('[data-testid="kpi-card"][data-kpi="checkout_success_rate"]').first();
    await expect(checkout).toBeVisible({ timeout: 30_000 });
    // A computed value (e.g. "99.12%"), not an empty card or "No data".
    await expect(checkout.getByTestId('kpi-value')).toHaveText(/\d/);
  });

  test('the executive dashboard shows the SQL KPIs of the demo shop', async ({
    readProvisionedDashboard,
    gotoDashboardPage,
  }) => {
    const dashboard = await readProvisionedDashboard({ fileName: 'kpi-executive.json' });
    const dashboardPage = await gotoDashboardPage(dashboard);
    const panel = dashboardPage.getPanelByTitle('Shop KPIs from PostgreSQL (SQL sources)');
    await panel.locator.scrollIntoViewIfNeeded();
    const orders = panel.locator.locator('[data-testid="kpi-card"][data-kpi="shop_orders"]').first();
    await expect(orders).toBeVisible({ timeout: 30_000 });
    await expect(orders.getByTestId('kpi-value')).toHaveText(/\d/);
  });
});
