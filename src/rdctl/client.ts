import type { ConnectionInfo } from './connection';
import { requestOverSocket, RequestTimeoutError, type RequestTimeouts } from './httpOverSocket';
import { CommandError } from './output';

/** A raw API answer. */
export interface ApiResponse {
  status: number;
  statusText: string;
  body: string;
}

/** `401 Unauthorized`, like Go's resp.Status. */
export function statusLine(response: ApiResponse): string {
  return `${ response.status } ${ response.statusText }`.trim();
}

/** Connecting to 127.0.0.1 is instant when something listens: 10 s means nothing will. */
const CONNECT_TIMEOUT_MS = 10_000;

/** Most answers come at once; the API answers a Kubernetes reset only when it is done. */
const ANSWER_TIMEOUT_MS = 2 * 60_000;
const SLOW_REQUESTS: Record<string, number> = { 'PUT /v1/k8s_reset': 30 * 60_000 };

/** The bounds for one request (tests pass shorter ones). */
export function timeoutsFor(method: string, urlPath: string): RequestTimeouts {
  return { connectMs: CONNECT_TIMEOUT_MS, totalMs: SLOW_REQUESTS[`${ method } ${ urlPath.replace(/\?.*$/, '') }`] ?? ANSWER_TIMEOUT_MS };
}

/** rdctl's message for a request that hit a bound: which URL, and what to do about it. */
function timeoutMessage(error: RequestTimeoutError, url: string): string {
  if (error.phase === 'connect') {
    return `could not connect to ${ url } within ${ error.ms / 1000 }s: check that Rancher Desktop is running (rdctl start) and that --host/--port name it`;
  }

  return `no answer from ${ url } within ${ error.ms / 1000 }s: the server took the request but did not reply; if Rancher Desktop is stuck, see its logs and restart it (rdctl shutdown, then rdctl start)`;
}

/** Sends one request to the API (Basic auth, Connection: close); ECONNREFUSED becomes "connection refused". */
export async function apiRequest(conn: ConnectionInfo, method: string, endpoint: string, body?: string, timeouts?: RequestTimeouts): Promise<ApiResponse> {
  const urlPath = endpoint === '/' || /^\/v\d+(\/|$)/.test(endpoint) ? endpoint : `/v1/${ endpoint.replace(/^\//, '') }`;
  const head = [
    `${ method } ${ urlPath } HTTP/1.1`,
    `Host: ${ conn.host }:${ conn.port }`,
    `Authorization: Basic ${ Buffer.from(`${ conn.user }:${ conn.password }`).toString('base64') }`,
    `Content-Type: ${ body === undefined ? 'text/plain' : 'application/json' }`,
  ];

  try {
    const response = await requestOverSocket(conn.host, conn.port, head, body, timeouts ?? timeoutsFor(method, urlPath));

    return { status: response.status, statusText: response.statusText, body: response.body.toString('utf8') };
  } catch (error) {
    if (error instanceof RequestTimeoutError) {
      throw new CommandError(timeoutMessage(error, `http://${ conn.host }:${ conn.port }${ urlPath }`));
    }
    throw (error as NodeJS.ErrnoException).code === 'ECONNREFUSED' ? new CommandError('connection refused') : error;
  }
}

/** The error message rdctl shows for a non-2xx answer (rd-api.md §2.4). */
export function errorFor(response: ApiResponse): string {
  switch (response.status) {
  case 400:
    return response.body;
  case 401:
    return `${ statusLine(response) }: user/password not accepted`;
  case 413:
    return statusLine(response);
  case 500:
    return `${ statusLine(response) }: server-side problem: please consult the server logs for more information`;
  default:
    return `${ statusLine(response) } (unexpected server error)`;
  }
}

/** Sends a request and returns the body of a 2xx answer, or throws rdctl's error for it. */
export async function apiCall(conn: ConnectionInfo, method: string, endpoint: string, body?: string, timeouts?: RequestTimeouts): Promise<string> {
  const response = await apiRequest(conn, method, endpoint, body, timeouts);

  if (response.status < 200 || response.status > 299) {
    throw new CommandError(errorFor(response));
  }

  return response.body;
}
