import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { DockerApi } from '../dockerApi';
import { demultiplex, MobyClient, splitReference } from '../mobyClient';

/** A fake dockerd on a Unix socket: records requests and answers from a table. */
describe('MobyClient (against a fake Docker API on a Unix socket)', () => {
  let dir: string;
  let server: http.Server;
  let seen: string[];
  let client: MobyClient;
  const frame = (stream: number, text: string) => {
    const header = Buffer.alloc(8);

    header[0] = stream;
    header.writeUInt32BE(Buffer.byteLength(text), 4);

    return Buffer.concat([header, Buffer.from(text)]);
  };

  beforeAll(async() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moby-'));
    server = http.createServer((req, res) => {
      seen.push(`${ req.method } ${ req.url }`);
      const url = req.url ?? '';

      if (url.startsWith('/containers/json')) {
        res.end(JSON.stringify([{ Id: 'abc', Names: ['/web'], Image: 'bb:1', State: 'running', Status: 'Up 2 seconds', Created: 1700000000, Ports: [{ IP: '127.0.0.1', PublicPort: 8080, PrivatePort: 80, Type: 'tcp' }] }]));
      } else if (url === '/containers/abc/json') {
        res.end(JSON.stringify({ Id: 'abc', Config: { Tty: false } }));
      } else if (url.startsWith('/containers/abc/logs')) {
        res.write(frame(1, 'line one\n'));
        res.end(frame(2, 'line two\n'));
      } else if (url.startsWith('/containers/missing')) {
        res.statusCode = 404;
        res.end('{"message":"No such container: missing"}');
      } else if (url === '/images/json') {
        res.end(JSON.stringify([{ Id: 'sha256:1', RepoTags: ['bb:1'], Size: 2000, Created: 1 }, { Id: 'sha256:2', RepoTags: ['<none>:<none>'], Size: 1, Created: 2 }]));
      } else if (url.startsWith('/images/create')) {
        res.end('{"status":"Pulling from library/x","id":"latest"}\n{"error":"registry unreachable"}\n');
      } else if (url.startsWith('/build')) {
        let size = 0;

        req.on('data', (d: Buffer) => (size += d.length));
        req.on('end', () => res.end(`{"stream":"context ${ size > 0 ? 'received' : 'empty' }\\n"}\n{"stream":"Successfully tagged t:1\\n"}\n`));
      } else if (url === '/volumes') {
        res.end('{"Volumes":[{"Name":"data","Driver":"local","Mountpoint":"/var/lib/docker/volumes/data/_data"}]}');
      } else {
        res.statusCode = 204;
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(path.join(dir, 'docker.sock'), resolve));
    client = new MobyClient(new DockerApi(path.join(dir, 'docker.sock')));
  });
  afterAll(async() => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    seen = [];
  });

  it('lists containers with names and published ports', async() => {
    expect(await client.listContainers({ all: true })).toEqual([{ id: 'abc', names: ['web'], image: 'bb:1', state: 'running', status: 'Up 2 seconds', created: 1700000000, ports: [{ hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' }] }]);
    expect(seen).toEqual(['GET /containers/json?all=1']);
  });

  it('starts, stops, restarts and removes by id; a missing container is a not-found UserError', async() => {
    await client.startContainer('abc');
    await client.stopContainer('abc');
    await client.restartContainer('abc');
    await client.removeContainer('abc', { force: true });
    expect(seen).toEqual(['POST /containers/abc/start', 'POST /containers/abc/stop', 'POST /containers/abc/restart', 'DELETE /containers/abc?force=1']);
    await expect(client.inspectContainer('missing')).rejects.toMatchObject({ name: 'UserError', code: 'not-found', message: 'No such container: missing' });
  });

  it('demultiplexes logs', async() => {
    let text = '';

    await client.logs('abc', (t) => (text += t), { tail: 10 });
    expect(text).toBe('line one\nline two\n');
    expect(seen.pop()).toBe('GET /containers/abc/logs?stdout=1&stderr=1&follow=0&tail=10');
  });

  it('lists images without <none> tags, tags and removes them, lists volumes', async() => {
    expect(await client.listImages()).toEqual([{ id: 'sha256:1', tags: ['bb:1'], size: 2000, created: 1 }, { id: 'sha256:2', tags: [], size: 1, created: 2 }]);
    await client.tagImage('bb:1', 'registry.local:5000/bb:2');
    await client.removeImage('bb:1');
    expect(seen.slice(1)).toEqual(['POST /images/bb%3A1/tag?repo=registry.local%3A5000%2Fbb&tag=2', 'DELETE /images/bb%3A1']);
    expect(await client.listVolumes()).toEqual([{ name: 'data', driver: 'local', mountpoint: '/var/lib/docker/volumes/data/_data' }]);
  });

  it('streams build output with the folder sent as a tar, and reports pull errors', async() => {
    const ctx = fs.mkdtempSync(path.join(dir, 'ctx-'));
    let output = '';

    fs.writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM scratch\n');
    await client.buildImage(ctx, 't:1', (t) => (output += t));
    expect(output).toBe('context received\nSuccessfully tagged t:1\n');
    await expect(client.pullImage('x')).rejects.toThrow('pull x failed: registry unreachable');
  });

  it('splits references and frames', () => {
    expect(splitReference('host:5000/a/b')).toEqual(['host:5000/a/b', 'latest']);
    expect(splitReference('a@sha256:00')).toEqual(['a', 'sha256:00']);
    const partial = Buffer.concat([frame(1, 'ab'), frame(1, 'cd').subarray(0, 9)]);

    expect(demultiplex(partial).text).toBe('ab');
    expect(demultiplex(partial).rest.length).toBe(9);
  });
});
