/** Test ids of the catalog's own parts (the page's container and table ids are in ../testIds). */
export const catalogTestIds = {
  details: 'data-testid catalog-kpi-details',
  definition: 'data-testid catalog-kpi-definition',
  generatedQueries: 'data-testid catalog-kpi-queries',
};
