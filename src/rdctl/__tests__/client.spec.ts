import http from 'node:http';

import { apiCall, apiRequest, errorFor } from '../client';

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
