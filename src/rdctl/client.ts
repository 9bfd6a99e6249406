import type { ConnectionInfo } from './connection';
import { requestOverSocket } from './httpOverSocket';
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

/** Sends one request to the API (Basic auth, Connection: close); ECONNREFUSED becomes "connection refused". */
export async function apiRequest(conn: ConnectionInfo, method: string, endpoint: string, body?: string): Promise<ApiResponse> {
  const urlPath = endpoint === '/' || /^\/v\d+(\/|$)/.test(endpoint) ? endpoint : `/v1/${ endpoint.replace(/^\//, '') }`;
  const head = [
    `${ method } ${ urlPath } HTTP/1.1`,
    `Host: ${ conn.host }:${ conn.port }`,
    `Authorization: Basic ${ Buffer.from(`${ conn.user }:${ conn.password }`).toString('base64') }`,
    `Content-Type: ${ body === undefined ? 'text/plain' : 'application/json' }`,
  ];

  try {
    const response = await requestOverSocket(conn.host, conn.port, head, body);

    return { status: response.status, statusText: response.statusText, body: response.body.toString('utf8') };
  } catch (error) {
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
export async function apiCall(conn: ConnectionInfo, method: string, endpoint: string, body?: string): Promise<string> {
  const response = await apiRequest(conn, method, endpoint, body);

  if (response.status < 200 || response.status > 299) {
    throw new CommandError(errorFor(response));
  }

  return response.body;
}
