/** The requests the HTTP API v1 exposes; handlers for each are written once in main/handlers. */
export type RequestName =
  | 'app.about' | 'backend.getState' | 'backend.setState'
  | 'settings.get' | 'settings.update' | 'settings.locked' | 'settings.propose'
  | 'transientSettings.get' | 'transientSettings.update'
  | 'app.shutdown' | 'app.factoryReset' | 'k8s.reset'
  | 'diagnostics.categories' | 'diagnostics.ids' | 'diagnostics.checks' | 'diagnostics.run'
  | 'extensions.list' | 'extensions.install' | 'extensions.uninstall'
  | 'snapshots.list' | 'snapshots.create' | 'snapshots.delete' | 'snapshots.restore' | 'snapshots.cancel'
  | 'portForwarding.create' | 'portForwarding.delete';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

/** One route of Rancher Desktop's HTTP API (rd-api.md §1.3). */
export interface Route {
  method: HttpMethod;
  /** Path under the version prefix, e.g. `settings` for /v1/settings. */
  path: string;
  /** Oldest version prefix that accepts it: since-0 routes also answer a helpful 400 on /v0. */
  since: 0 | 1;
  request: RequestName;
}

/** RD's v1 table as data. */
export const routes: readonly Route[] = [
  { method: 'GET', path: 'about', since: 1, request: 'app.about' },
  { method: 'GET', path: 'backend_state', since: 1, request: 'backend.getState' },
  { method: 'PUT', path: 'backend_state', since: 1, request: 'backend.setState' },
  { method: 'GET', path: 'settings', since: 0, request: 'settings.get' },
  { method: 'PUT', path: 'settings', since: 0, request: 'settings.update' },
  { method: 'GET', path: 'settings/locked', since: 0, request: 'settings.locked' },
  { method: 'PUT', path: 'propose_settings', since: 0, request: 'settings.propose' },
  { method: 'GET', path: 'transient_settings', since: 0, request: 'transientSettings.get' },
  { method: 'PUT', path: 'transient_settings', since: 0, request: 'transientSettings.update' },
  { method: 'PUT', path: 'shutdown', since: 0, request: 'app.shutdown' },
  { method: 'PUT', path: 'factory_reset', since: 0, request: 'app.factoryReset' },
  { method: 'PUT', path: 'k8s_reset', since: 0, request: 'k8s.reset' },
  { method: 'GET', path: 'diagnostic_categories', since: 0, request: 'diagnostics.categories' },
  { method: 'GET', path: 'diagnostic_ids', since: 0, request: 'diagnostics.ids' },
  { method: 'GET', path: 'diagnostic_checks', since: 0, request: 'diagnostics.checks' },
  { method: 'POST', path: 'diagnostic_checks', since: 0, request: 'diagnostics.run' },
  { method: 'GET', path: 'extensions', since: 1, request: 'extensions.list' },
  { method: 'POST', path: 'extensions/install', since: 1, request: 'extensions.install' },
  { method: 'POST', path: 'extensions/uninstall', since: 1, request: 'extensions.uninstall' },
  { method: 'GET', path: 'snapshots', since: 0, request: 'snapshots.list' },
  { method: 'POST', path: 'snapshots', since: 0, request: 'snapshots.create' },
  { method: 'DELETE', path: 'snapshots', since: 0, request: 'snapshots.delete' },
  { method: 'POST', path: 'snapshot/restore', since: 0, request: 'snapshots.restore' },
  { method: 'POST', path: 'snapshots/cancel', since: 0, request: 'snapshots.cancel' },
  { method: 'POST', path: 'port_forwarding', since: 1, request: 'portForwarding.create' },
  { method: 'DELETE', path: 'port_forwarding', since: 1, request: 'portForwarding.delete' },
];

const methodOrder = (a: string, b: string) => (a === 'GET' ? -1 : b === 'GET' ? 1 : a.localeCompare(b));

function sortEndpoints(entries: [string, string][]): string[] {
  return entries
    .sort(([ma, pa], [mb, pb]) => (pa === pb ? methodOrder(ma, mb) : pa.localeCompare(pb)))
    .map(([m, p]) => `${ m } ${ p }`);
}

/** What GET / lists: every route at its versions plus the listing endpoints themselves. */
export function listAllEndpoints(): string[] {
  const entries: [string, string][] = [['GET', '/'], ['GET', '/v0'], ['GET', '/v1']];

  for (const route of routes) {
    entries.push([route.method, `/v1/${ route.path }`]);
  }

  return sortEndpoints(entries);
}

/** What GET /v1 lists. */
export function listV1Endpoints(): string[] {
  return sortEndpoints([['GET', '/v1'], ...routes.map((r): [string, string] => [r.method, `/v1/${ r.path }`])]);
}
