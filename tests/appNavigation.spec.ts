import { test, expect } from './fixtures';
import { ROUTES } from '../src/constants';

test.describe('navigating app', () => {
  test('catalog page should render successfully', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Catalog}`);
    await expect(page.getByTestId('data-testid catalog-container')).toBeVisible();
  });
});
