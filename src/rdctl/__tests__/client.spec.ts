import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';

import { apiCall, apiRequest, errorFor, timeoutsFor } from '../client';

describe('rdctl client', () => {
  let server: http.Server;
  let port: number;
  const seen: { method?: string; url?: string; auth?: string; type?: string; connection?: string; body: string }[] = [];

  beforeAll(async() => {
    server = http.createServer((req, res) => {
      let body = '';

      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, type: req.headers['content-type'], connection: req.headers.connection, body });
        const status = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('status') ?? 200);

        res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status === 400 ? 'bad things' : 'ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => server.close());

  const conn = () => ({ host: '127.0.0.1', port, user: 'user', password: 'p:w' });

  it('prefixes /v1/, sends Basic auth, Connection: close and the right content type', async() => {
    await apiCall(conn(), 'GET', 'settings');
    await apiCall(conn(), 'PUT', '/v1/settings', '{}');
    await apiCall(conn(), 'GET', '/');
    expect(seen.map((s) => [s.method, s.url, s.type, s.connection])).toEqual([
      ['GET', '/v1/settings', 'text/plain', 'close'],
      ['PUT', '/v1/settings', 'application/json', 'close'],
      ['GET', '/', 'text/plain', 'close'],
    ]);
    expect(seen[0].auth).toBe(`Basic ${ Buffer.from('user:p:w').toString('base64') }`);
  });

  it.each([
    [400, 'bad things'],
    [401, '401 Unauthorized: user/password not accepted'],
    [413, '413 Payload Too Large'],
    [500, '500 Internal Server Error: server-side problem: please consult the server logs for more information'],
    [503, '503 Service Unavailable (unexpected server error)'],
  ])('maps status %i to rdctl\'s message', async(status, message) => {
    const response = await apiRequest(conn(), 'GET', `x?status=${ status }`);

    expect(errorFor(response)).toBe(message);
    await expect(apiCall(conn(), 'GET', `x?status=${ status }`)).rejects.toThrow(message);
  });

  it('reports a refused connection plainly', async() => {
    await expect(apiCall({ ...conn(), port: 1 }, 'GET', 'settings')).rejects.toThrow('connection refused');
  });
});

describe('rdctl client bounds', () => {
  it('gives up on a server that accepts and never answers, naming the URL and what to do', async() => {
    const held: net.Socket[] = [];
    const silent = net.createServer((socket) => {
      held.push(socket);
      socket.resume();
    });

    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };

    try {
      await expect(apiCall({ host: '127.0.0.1', port, user: 'u', password: 'p' }, 'GET', 'settings', undefined, { connectMs: 5000, totalMs: 300 }))
        .rejects.toThrow(`no answer from http://127.0.0.1:${ port }/v1/settings within 0.3s: the server took the request but did not reply; `
          + 'if Rancher Desktop is stuck, see its logs and restart it (rdctl shutdown, then rdctl start)');
      expect(held).toHaveLength(1);
    } finally {
      held.forEach((s) => s.destroy());
      silent.close();
    }
  });

  // A listener that never accepts, with its backlog full, drops further SYNs: the connect hangs.
  const python = spawnSync('python3', ['--version']).status === 0;

  (python ? it : it.skip)('gives up on a connect that never completes', async() => {
    const listener = spawn('python3', ['-c', [
      'import socket, sys, time',
      's = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)',
      'print(s.getsockname()[1], flush=True)',
      'sys.stdin.read()',
    ].join('\n')], { stdio: ['pipe', 'pipe', 'inherit'] });
    const port = Number(await new Promise<string>((resolve) => listener.stdout.once('data', (d: Buffer) => resolve(d.toString()))));
    const fillers = [0, 1, 2, 3].map(() => net.connect(port, '127.0.0.1').on('error', () => {}));

    try {
      await expect(apiRequest({ host: '127.0.0.1', port, user: 'u', password: 'p' }, 'GET', 'settings', undefined, { connectMs: 300, totalMs: 60_000 }))
        .rejects.toThrow(`could not connect to http://127.0.0.1:${ port }/v1/settings within 0.3s: check that Rancher Desktop is running (rdctl start)`);
    } finally {
      fillers.forEach((s) => s.destroy());
      listener.kill();
    }
  });

  it('bounds every request, and waits longer only for a Kubernetes reset', () => {
    expect(timeoutsFor('GET', '/v1/settings')).toEqual({ connectMs: 10_000, totalMs: 120_000 });
    expect(timeoutsFor('PUT', '/v1/k8s_reset')).toEqual({ connectMs: 10_000, totalMs: 1_800_000 });
    expect(timeoutsFor('PUT', '/v1/shutdown').totalMs).toBe(120_000);
  });
});
