import http from 'node:http';

import { parseResponse, requestOverSocket } from '../httpOverSocket';

describe('parseResponse', () => {
  it('reads status, headers and a Content-Length body', () => {
    const response = parseResponse(Buffer.from('HTTP/1.1 202 Accepted\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello'));

    expect(response).toMatchObject({ status: 202, statusText: 'Accepted', headers: { 'content-type': 'text/plain' } });
    expect(response.body.toString()).toBe('hello');
  });

  it('decodes a chunked body (express and other servers send one)', () => {
    const response = parseResponse(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n'));

    expect(response.body.toString()).toBe('hello, world');
  });

  it('refuses what is not HTTP', () => {
    expect(() => parseResponse(Buffer.from('SSH-2.0-OpenSSH\r\n'))).toThrow('malformed HTTP response');
  });
});

describe('requestOverSocket', () => {
  it('waits for an answer that takes a while (node\'s http server drops a half-closed request)', async() => {
    const server = http.createServer((req, res) => {
      req.resume();
      setTimeout(() => res.end('done'), 200);
    });

    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };

    try {
      const response = await requestOverSocket('127.0.0.1', port, ['PUT /v1/k8s_reset HTTP/1.1', `Host: 127.0.0.1:${ port }`], '{"mode":"fast"}', { connectMs: 5000, totalMs: 10_000 });

      expect(response.status).toBe(200);
      expect(response.body.toString()).toBe('done');
    } finally {
      server.close();
    }
  });
});
