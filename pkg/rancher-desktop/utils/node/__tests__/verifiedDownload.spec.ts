import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { digestFromChecksums, downloadVerified } from '../verifiedDownload';

describe('downloadVerified (against a local release server)', () => {
  const payload = Buffer.from('pretend this is lima-1.2.1-Linux-x86_64.tar.gz');
  const digest = crypto.createHash('sha256').update(payload).digest('hex');
  let server: http.Server;
  let base: string;
  let dir: string;
  let requests: string[];
  let sums: string;

  beforeAll(async() => {
    server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/v1/tool.tar.gz') {
        res.end(payload);
      } else if (req.url === '/v1/SHA256SUMS') {
        res.end(sums);
      } else if (req.url === '/v1/tool.tar.gz.sha512') {
        res.end(`${ crypto.createHash('sha512').update(payload).digest('hex') }\n`);
      } else if (req.url === '/v1/stalls.tar.gz') {
        // Accepts, sends the start of the body, then goes silent without closing.
        res.setHeader('Content-Length', payload.length * 2);
        res.write(payload);
      } else if (req.url === '/v1/silent.tar.gz') {
        // Accepts the connection and never answers.
      } else if (req.url === '/v1/sized.tar.gz') {
        res.setHeader('Content-Length', payload.length);
        res.end(payload);
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${ (server.address() as AddressInfo).port }`;
  });
  afterAll(() => new Promise((resolve) => {
    server.close(resolve);
    server.closeAllConnections();
  }));
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-'));
    requests = [];
    sums = `0000000000000000000000000000000000000000000000000000000000000000  other.tar.gz\n${ digest }  tool.tar.gz\n`;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps a file whose sha256 matches the published SHA256SUMS, and does not fetch it twice', async() => {
    const dest = path.join(dir, 'tool.tar.gz');

    await downloadVerified({ url: `${ base }/v1/tool.tar.gz`, checksumsUrl: `${ base }/v1/SHA256SUMS`, dest });
    expect(fs.readFileSync(dest)).toEqual(payload);
    await downloadVerified({ url: `${ base }/v1/tool.tar.gz`, checksumsUrl: `${ base }/v1/SHA256SUMS`, dest });
    expect(requests.filter((r) => r === '/v1/tool.tar.gz')).toHaveLength(1);
  });

  it('discards a file whose digest differs, and says both digests', async() => {
    sums = `${ 'ab'.repeat(32) }  tool.tar.gz\n`;
    const dest = path.join(dir, 'tool.tar.gz');

    await expect(downloadVerified({ url: `${ base }/v1/tool.tar.gz`, checksumsUrl: `${ base }/v1/SHA256SUMS`, dest })).rejects.toThrow(`expected ${ 'ab'.repeat(32) }, got ${ digest }`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('accepts a pinned sha512, and refuses when no checksum is known at all', async() => {
    const sha512 = crypto.createHash('sha512').update(payload).digest('hex');

    await downloadVerified({ url: `${ base }/v1/tool.tar.gz`, digest: sha512, dest: path.join(dir, 'a') });
    await expect(downloadVerified({ url: `${ base }/v1/tool.tar.gz`, dest: path.join(dir, 'b') })).rejects.toThrow(/no checksum is pinned or published/);
    await expect(downloadVerified({ url: `${ base }/v1/missing.tar.gz`, digest, dest: path.join(dir, 'c') })).rejects.toThrow(/HTTP 404/);
  });

  it('takes sha512 from the length of a published digest, and reports bytes against Content-Length', async() => {
    const progress: [number, number?][] = [];

    await downloadVerified({ url: `${ base }/v1/tool.tar.gz`, checksumsUrl: `${ base }/v1/tool.tar.gz.sha512`, dest: path.join(dir, 'a') });
    await downloadVerified({ url: `${ base }/v1/sized.tar.gz`, digest, dest: path.join(dir, 'b'), onProgress: (...args) => progress.push(args) });
    expect(progress[0]).toEqual([0, payload.length]);
    expect(progress[progress.length - 1]).toEqual([payload.length, payload.length]);
  });

  it('names the URL it could not reach', async() => {
    const closed = http.createServer();

    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const gone = `http://127.0.0.1:${ (closed.address() as AddressInfo).port }/v1/tool.tar.gz`;

    await new Promise((resolve) => closed.close(resolve));
    await expect(downloadVerified({ url: gone, digest, dest: path.join(dir, 'a') })).rejects.toThrow(`cannot reach ${ gone }: `);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('gives up on a server that stalls mid-body, naming the URL and removing the partial file', async() => {
    const url = `${ base }/v1/stalls.tar.gz`;
    const progress: number[] = [];

    await expect(downloadVerified({ url, digest, dest: path.join(dir, 'a'), stallTimeoutMs: 300, onProgress: (current) => progress.push(current) }))
      .rejects.toThrow(`cannot download ${ url }: the server sent nothing for 300 ms (it stalled)`);
    expect(progress).toContain(payload.length);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('gives up on a server that accepts and never answers, for the file and for its checksums', async() => {
    const url = `${ base }/v1/silent.tar.gz`;

    await expect(downloadVerified({ url, digest, dest: path.join(dir, 'a'), stallTimeoutMs: 300 })).rejects.toThrow(`cannot reach ${ url }: the server sent nothing`);
    await expect(downloadVerified({ url: `${ base }/v1/tool.tar.gz`, checksumsUrl: url, dest: path.join(dir, 'b'), stallTimeoutMs: 300 })).rejects.toThrow(`cannot reach ${ url }: the server sent nothing`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('reads sha256sum lines, binary-mode stars and lone digests', () => {
    expect(digestFromChecksums(`${ digest } *bin/tool.tar.gz`, 'tool.tar.gz')).toBe(digest);
    expect(digestFromChecksums(digest.toUpperCase(), 'anything')).toBe(digest);
    expect(digestFromChecksums('garbage', 'tool.tar.gz')).toBeUndefined();
  });
});
