export const testIds = {
  appConfig: {
    container: 'data-testid ac-container',
    addDatasource: 'data-testid ac-add-datasource',
  },
  catalog: {
    container: 'data-testid catalog-container',
    noDatasource: 'data-testid catalog-no-datasource',
    table: 'data-testid catalog-table',
  },
};
