import http from 'node:http';

/** A reply from the Docker Engine API. */
export interface DockerReply {
  status: number;
  body: string;
}

export interface DockerRequest {
  method?: string;
  path: string;
  body?: unknown;
  /** Raw request body (a build context tar); sent as application/x-tar. */
  stream?: NodeJS.ReadableStream;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Called for each chunk of a streamed reply (logs --follow, pull/build progress). */
  onData?: (chunk: Buffer) => void;
  signal?: AbortSignal;
}

/**
 * The Docker Engine HTTP API over a Unix socket (on the host, `~/.rd/docker.sock`). Plain
 * node:http: the API is a few JSON endpoints, and streaming replies need the raw chunks.
 */
export class DockerApi {
  constructor(readonly socketPath: string) {}

  request(req: DockerRequest): Promise<DockerReply> {
    return new Promise((resolve, reject) => {
      const json = req.body === undefined ? undefined : JSON.stringify(req.body);
      const headers: Record<string, string> = { ...req.headers };

      if (json !== undefined) {
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = String(Buffer.byteLength(json));
      } else if (req.stream) {
        headers['Content-Type'] = 'application/x-tar';
      }
      const outgoing = http.request({ socketPath: this.socketPath, path: req.path, method: req.method ?? 'GET', headers, signal: req.signal }, (res) => {
        const chunks: Buffer[] = [];

        res.on('data', (chunk: Buffer) => {
          if (req.onData) {
            req.onData(chunk);
          } else {
            chunks.push(chunk);
          }
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });

      outgoing.on('error', reject);
      if (req.timeoutMs) {
        outgoing.setTimeout(req.timeoutMs, () => outgoing.destroy(new Error(`no answer from ${ this.socketPath } in ${ req.timeoutMs } ms`)));
      }
      if (req.stream) {
        req.stream.pipe(outgoing);
      } else {
        outgoing.end(json);
      }
    });
  }

  /** True once the daemon answers GET /_ping with OK. */
  async ping(timeoutMs = 2000): Promise<boolean> {
    try {
      const reply = await this.request({ path: '/_ping', timeoutMs });

      return reply.status === 200;
    } catch {
      return false;
    }
  }
}

/** Polls the socket until dockerd answers, or throws after `timeoutMs`. */
export async function waitForDocker(api: DockerApi, timeoutMs: number, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): Promise<void> {
  const deadline = Date.now() + timeoutMs;

  while (!(await api.ping())) {
    if (Date.now() > deadline) {
      throw new Error(`dockerd did not answer on ${ api.socketPath } within ${ Math.round(timeoutMs / 1000) }s`);
    }
    await sleep(500);
  }
}
