import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import { CatalogValidationResponse } from '../../types';

// The config editor runs in Grafana's settings page, whose data source instance Grafana builds from
// dist/datasource/module.js: another bundle, with its own DataSource class, than the one this editor
// was bundled with. So the editor never checks `instanceof DataSource`: it calls the backend's
// resources by the data source's uid, as any instance's getResource would.

const resourceUrl = (uid: string, path: string) => `/api/datasources/uid/${encodeURIComponent(uid)}/resources/${path}`;

/** POST `validate`: the YAML as body (not JSON), checked against the saved connections, not saved. */
export async function validateCatalogYaml(uid: string, yaml: string): Promise<CatalogValidationResponse> {
  const response = await lastValueFrom(
    getBackendSrv().fetch<CatalogValidationResponse>({
      method: 'POST',
      url: resourceUrl(uid, 'validate'),
      data: yaml,
      headers: { 'Content-Type': 'application/yaml' },
      showErrorAlert: false,
    })
  );
  return response.data;
}

/** GET `validate/file`: the catalog file the data source reads (its saved catalogPath), checked by the backend. */
export async function validateCatalogFile(uid: string): Promise<CatalogValidationResponse> {
  const response = await lastValueFrom(
    getBackendSrv().fetch<CatalogValidationResponse>({
      method: 'GET',
      url: resourceUrl(uid, 'validate/file'),
      showErrorAlert: false,
    })
  );
  return response.data;
}
