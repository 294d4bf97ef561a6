import { test, expect, exampleKpiIds } from './fixtures';
import { ROUTES } from '../src/constants';
import { testIds } from '../src/components/testIds';

test.describe('navigating app', () => {
  test('catalog page should render successfully', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Catalog}`);
    await expect(page.getByTestId(testIds.catalog.container)).toBeVisible();
  });

  test('catalog page lists the KPIs of the example catalog', async ({ gotoPage, page }) => {
    expect(exampleKpiIds).toEqual(expect.arrayContaining(['checkout_success_rate', 'shop_orders']));
    await gotoPage(`/${ROUTES.Catalog}`);
    const table = page.getByTestId(testIds.catalog.table);
    await expect(table).toBeVisible();
    await expect(page.getByText(`${exampleKpiIds.length} of ${exampleKpiIds.length} KPIs`)).toBeVisible();
    for (const id of exampleKpiIds) {
      await expect(table.getByRole('cell', { name: id, exact: true })).toBeVisible();
    }
  });
});
