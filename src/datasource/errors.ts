import { isFetchError } from '@grafana/runtime';

/**
 * A message for the user from anything a resource call can throw: Grafana's fetch errors carry
 * the backend's `{"error": "..."}` (or Grafana's `{"message": "..."}`) in `data`.
 */
export function errorMessage(error: unknown): string {
  if (isFetchError<{ error?: unknown; message?: unknown }>(error)) {
    const { data } = error;
    const fromBody =
      typeof data?.error === 'string' ? data.error : typeof data?.message === 'string' ? data.message : '';
    return fromBody || error.message || error.statusText || `Request failed with status ${error.status}`;
  }
  return error instanceof Error ? error.message : String(error);
}
