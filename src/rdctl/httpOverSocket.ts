import net from 'node:net';

/** A parsed HTTP/1.1 response. */
export interface RawResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** Decodes a chunked transfer-encoded body. */
function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;

  while (at < data.length) {
    const lineEnd = data.indexOf('\r\n', at);

    if (lineEnd < 0) {
      break;
    }
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);

    if (!size) {
      break;
    }
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }

  return Buffer.concat(parts);
}

/** Parses a whole response read from a connection the server closed. */
export function parseResponse(data: Buffer): RawResponse {
  const headerEnd = data.indexOf('\r\n\r\n');

  if (headerEnd < 0) {
    throw new Error('malformed HTTP response from the server');
  }
  const [statusLine, ...lines] = data.subarray(0, headerEnd).toString('latin1').split('\r\n');
  const match = /^HTTP\/\d\.\d (\d{3}) ?(.*)$/.exec(statusLine);

  if (!match) {
    throw new Error(`malformed HTTP status line from the server: ${ statusLine }`);
  }
  const headers: Record<string, string> = {};

  for (const line of lines) {
    const colon = line.indexOf(':');

    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = data.subarray(headerEnd + 4);

  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    body = dechunk(body);
  } else if (headers['content-length'] !== undefined) {
    body = body.subarray(0, Number(headers['content-length']));
  }

  return { status: Number(match[1]), statusText: match[2], headers, body };
}

/** How long a request may take: to connect, and in all (connect, send, the whole answer). */
export interface RequestTimeouts {
  connectMs: number;
  totalMs: number;
}

/** A request that hit one of its bounds; `phase` says which. */
export class RequestTimeoutError extends Error {
  override name = 'RequestTimeoutError';
  constructor(readonly phase: 'connect' | 'answer', readonly ms: number) {
    super(phase === 'connect' ? `could not connect within ${ ms / 1000 }s` : `no complete answer within ${ ms / 1000 }s`);
  }
}

/**
 * Sends one HTTP/1.1 request with `Connection: close` and reads the reply to the end.
 * rdctl speaks HTTP over a plain socket rather than through node:http: it makes one
 * request per run, and the http client's start-up was a third of rdctl's run time.
 * Both bounds are hard: a server that accepts and never answers must not hang rdctl.
 */
export function requestOverSocket(host: string, port: number, head: string[], body: string | undefined, timeouts: RequestTimeouts): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host);
    const chunks: Buffer[] = [];
    const payload = body === undefined ? '' : body;
    const fail = (error: Error) => {
      clearTimeout(connectTimer);
      clearTimeout(totalTimer);
      socket.destroy();
      reject(error);
    };
    const connectTimer = setTimeout(() => fail(new RequestTimeoutError('connect', timeouts.connectMs)), timeouts.connectMs);
    const totalTimer = setTimeout(() => fail(new RequestTimeoutError('answer', timeouts.totalMs)), timeouts.totalMs);

    // write, not end: a half-closed connection makes node's http server drop a request
    // whose answer takes a while (PUT /v1/k8s_reset answers when the reset is done).
    // The server closes the connection after its answer (Connection: close).
    socket.on('connect', () => {
      clearTimeout(connectTimer);
      socket.write(`${ [...head, `Content-Length: ${ Buffer.byteLength(payload) }`, 'Connection: close'].join('\r\n') }\r\n\r\n${ payload }`);
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', fail);
    socket.on('close', (hadError) => {
      clearTimeout(connectTimer);
      clearTimeout(totalTimer);
      if (!hadError) {
        try {
          resolve(parseResponse(Buffer.concat(chunks)));
        } catch (error) {
          reject(error);
        }
      }
    });
  });
}
