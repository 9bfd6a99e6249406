import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

import tar from 'tar-stream';

import {
  ensureKubernetesDistribution, findBundledKubernetes, KUBERNETES_COMPONENTS, listOfflineKubernetesVersions, releaseTarballUrl,
} from '../distribution';
import { COMPLETE_MARKER } from '../distributionCache';

const TARBALL = 'kubernetes-server-linux-amd64.tar.gz';
const content = (name: string) => `#!/bin/sh\necho ${ name }\n`;

/** A small server tarball shaped like the official one; `multicall` makes every component a hard link of kube-apiserver. */
async function serverTarball(multicall = false): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const gzip = zlib.createGzip();
  const done = new Promise<void>((resolve, reject) => gzip.on('end', resolve).on('error', reject));

  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  pack.pipe(gzip);
  pack.entry({ name: 'kubernetes/', type: 'directory', mode: 0o755 });
  pack.entry({ name: 'kubernetes/LICENSES', mode: 0o644 }, 'licences');
  pack.entry({ name: 'kubernetes/server/bin/kube-apiserver.tar', mode: 0o644 }, 'an image, not wanted');
  for (const name of KUBERNETES_COMPONENTS) {
    if (multicall && name !== 'kube-apiserver') {
      pack.entry({ name: `kubernetes/server/bin/${ name }`, type: 'link', linkname: 'kubernetes/server/bin/kube-apiserver' });
    } else {
      pack.entry({ name: `kubernetes/server/bin/${ name }`, mode: 0o755 }, multicall ? 'multicall' : content(name));
    }
  }
  pack.finalize();
  await done;

  return Buffer.concat(chunks);
}

const sha512 = (data: Buffer) => crypto.createHash('sha512').update(data).digest('hex');

describe('ensureKubernetesDistribution (against a local release server)', () => {
  const releases: Record<string, Buffer> = {};
  let server: http.Server;
  let base: string;
  let dir: string;
  let cacheDir: string;
  let requests: string[];
  let publishedSha512: Record<string, string>;
  let stallAfter: number | undefined;

  beforeAll(async() => {
    releases['1.34.4'] = await serverTarball();
    releases['1.33.9'] = await serverTarball(true);
    server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      const match = /^\/v([^/]+)\/kubernetes-server-linux-amd64\.tar\.gz(\.sha512)?$/.exec(req.url ?? '');
      const release = match && releases[match[1]];

      if (!match || !release) {
        res.statusCode = 404;
        res.end('not found');
      } else if (match[2]) {
        res.end(publishedSha512[match[1]] ?? `${ sha512(release) }  ${ TARBALL }\n`);
      } else if (stallAfter !== undefined) {
        // A mirror that accepted, sent part of the tarball and went silent.
        res.setHeader('Content-Length', release.length);
        res.write(release.subarray(0, stallAfter));
      } else {
        res.setHeader('Content-Length', release.length);
        res.end(release);
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
    stallAfter = undefined;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-dist-'));
    cacheDir = path.join(dir, 'cache', 'kubernetes');
    requests = [];
    publishedSha512 = {};
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const noFetch = (() => {
    throw new Error('no request expected');
  }) as unknown as typeof fetch;

  /** A resources dir laid out as setup installs it: the real manifest, one multicall binary hard-linked to every install path. */
  function fakeResources(version?: string): string {
    const resources = path.join(dir, 'resources');
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', '..', 'resources', 'dependencies.json'), 'utf8'));
    const tool = manifest.tools.find((t: { name: string }) => t.name === 'kubernetes');
    const multicall = path.join(dir, 'build', 'rd-kubernetes');

    if (version) {
      tool.version = `v${ version }`;
    }
    fs.mkdirSync(path.dirname(multicall), { recursive: true });
    fs.writeFileSync(multicall, 'bundled multicall', { mode: 0o755 });
    for (const dest of Object.values(tool.install as Record<string, string>)) {
      fs.mkdirSync(path.dirname(path.join(resources, 'linux', dest)), { recursive: true });
      fs.linkSync(multicall, path.join(resources, 'linux', dest));
    }
    fs.writeFileSync(path.join(resources, 'dependencies.json'), JSON.stringify(manifest));

    return resources;
  }

  it('downloads the server tarball, checks its sha512 and keeps only the six components, executable', async() => {
    const progress: [string, number?, number?][] = [];
    const result = await ensureKubernetesDistribution({
      version: '1.34.4', cacheDir, env: { RD_K8S_RELEASE_URL: base }, onProgress: (...args) => progress.push(args),
    });

    expect(result).toEqual({ version: '1.34.4', dir: path.join(cacheDir, 'v1.34.4'), source: 'download' });
    expect(fs.readdirSync(cacheDir)).toEqual(['v1.34.4']);
    expect(fs.readdirSync(result.dir).sort()).toEqual([COMPLETE_MARKER, ...KUBERNETES_COMPONENTS].sort());
    for (const name of KUBERNETES_COMPONENTS) {
      expect(fs.readFileSync(path.join(result.dir, name), 'utf8')).toBe(content(name));
      expect(fs.statSync(path.join(result.dir, name)).mode & 0o111).toBe(0o111);
    }
    expect(requests).toEqual([`/v1.34.4/${ TARBALL }.sha512`, `/v1.34.4/${ TARBALL }`]);
    expect(progress).toContainEqual(['Downloading Kubernetes v1.34.4', releases['1.34.4'].length, releases['1.34.4'].length]);
  });

  it('fails when the release server stalls mid-download, naming the URL, and leaves nothing in the cache', async() => {
    stallAfter = 100;
    const url = `${ base }/v1.34.4/${ TARBALL }`;

    await expect(ensureKubernetesDistribution({ version: '1.34.4', cacheDir, releaseBaseUrl: base, stallTimeoutMs: 300 }))
      .rejects.toThrow(`Cannot download Kubernetes v1.34.4: cannot download ${ url }: the server sent nothing for 300 ms (it stalled)`);
    expect(fs.readdirSync(cacheDir)).toEqual([]);
  });

  it('fails on a wrong sha512, naming both digests, and caches nothing', async() => {
    const wrong = 'ab'.repeat(64);

    publishedSha512['1.34.4'] = `${ wrong }\n`;
    await expect(ensureKubernetesDistribution({ version: '1.34.4', cacheDir, releaseBaseUrl: base }))
      .rejects.toThrow(`expected ${ wrong }, got ${ sha512(releases['1.34.4']) }`);
    expect(fs.readdirSync(cacheDir)).toEqual([]);
  });

  it('answers a second call from the cache without a request', async() => {
    await ensureKubernetesDistribution({ version: 'v1.34.4', cacheDir, releaseBaseUrl: base });
    requests = [];
    const again = await ensureKubernetesDistribution({ version: '1.34.4', cacheDir, releaseBaseUrl: base, fetch: noFetch });

    expect(again.source).toBe('cache');
    expect(requests).toEqual([]);
  });

  it('acquires again a cache whose file was altered, or whose marker is missing', async() => {
    const { dir: cached } = await ensureKubernetesDistribution({ version: '1.34.4', cacheDir, releaseBaseUrl: base });
    const kubelet = path.join(cached, 'kubelet');

    fs.writeFileSync(kubelet, content('kubelet').replace('kubelet', 'kubelEt')); // same size, other bytes
    expect((await ensureKubernetesDistribution({ version: '1.34.4', cacheDir, releaseBaseUrl: base })).source).toBe('download');
    expect(fs.readFileSync(kubelet, 'utf8')).toBe(content('kubelet'));

    fs.rmSync(path.join(cached, COMPLETE_MARKER));
    expect((await ensureKubernetesDistribution({ version: '1.34.4', cacheDir, releaseBaseUrl: base })).source).toBe('download');
    expect(fs.readdirSync(cacheDir)).toEqual(['v1.34.4']);
  });

  it('uses bundled files of the same version without any request, copying the multicall binary once', async() => {
    const bundled = findBundledKubernetes(fakeResources(), 'linux')!;
    const result = await ensureKubernetesDistribution({ version: bundled.version, cacheDir, bundled, releaseBaseUrl: base, fetch: noFetch });

    expect(result.source).toBe('bundled');
    expect(requests).toEqual([]);
    const inodes = new Set(KUBERNETES_COMPONENTS.map((name) => fs.statSync(path.join(result.dir, name)).ino));

    expect(inodes.size).toBe(1);
    expect(fs.readFileSync(path.join(result.dir, 'kubectl'), 'utf8')).toBe('bundled multicall');
    expect(fs.statSync(path.join(result.dir, 'kubelet')).ino).not.toBe(fs.statSync(path.join(bundled.dir, 'kubelet')).ino);
    expect((await ensureKubernetesDistribution({ version: bundled.version, cacheDir, bundled, fetch: noFetch })).source).toBe('cache');
  });

  it('does not use bundled files of another version', async() => {
    const bundled = findBundledKubernetes(fakeResources('1.33.0'), 'linux')!;
    const result = await ensureKubernetesDistribution({ version: '1.34.4', cacheDir, bundled, releaseBaseUrl: base });

    expect(result.source).toBe('download');
    expect(fs.readFileSync(path.join(result.dir, 'kubectl'), 'utf8')).toBe(content('kubectl'));
  });

  it('downloads a version whose bundled files are missing, and says so when that fails too', async() => {
    const bundled = { version: '1.99.0', dir: path.join(dir, 'nothing-here') };

    await expect(ensureKubernetesDistribution({ version: '1.99.0', cacheDir, bundled, releaseBaseUrl: base }))
      .rejects.toThrow(/bundled Kubernetes v1\.99\.0 in .*nothing-here is incomplete \(run "bash scripts\/setup\.sh"/);
  });

  it('explains a 404 by the URL it asked', async() => {
    const url = `${ base }/v1.99.0/${ TARBALL }.sha512`;

    await expect(ensureKubernetesDistribution({ version: '1.99.0', cacheDir, releaseBaseUrl: base })).rejects.toThrow(`${ url }: HTTP 404`);
    expect(fs.readdirSync(cacheDir)).toEqual([]);
  });

  it('says which server it could not reach', async() => {
    const closed = http.createServer();

    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const gone = `http://127.0.0.1:${ (closed.address() as AddressInfo).port }`;

    await new Promise((resolve) => closed.close(resolve));
    await expect(ensureKubernetesDistribution({ version: '1.34.4', cacheDir, releaseBaseUrl: gone })).rejects.toThrow(`cannot reach ${ gone }/v1.34.4/`);
  });

  it('extracts hard-link entries as hard links', async() => {
    const result = await ensureKubernetesDistribution({ version: '1.33.9', cacheDir, releaseBaseUrl: base });

    expect(fs.readFileSync(path.join(result.dir, 'kubelet'), 'utf8')).toBe('multicall');
    expect(fs.statSync(path.join(result.dir, 'kubelet')).ino).toBe(fs.statSync(path.join(result.dir, 'kube-apiserver')).ino);
  });

  it('shares one download between concurrent calls, and refuses a version that is no version', async() => {
    const options = { version: '1.34.4', cacheDir, releaseBaseUrl: base };
    const [a, b] = await Promise.all([ensureKubernetesDistribution(options), ensureKubernetesDistribution(options)]);

    expect(a).toEqual(b);
    expect(requests.filter((r) => r.endsWith('.tar.gz'))).toHaveLength(1);
    await expect(ensureKubernetesDistribution({ ...options, version: '../../etc' })).rejects.toThrow(/is not a Kubernetes version/);
  });

  it('lists the catalogue versions that need no network: bundled with its files, and complete caches', async() => {
    const bundled = findBundledKubernetes(fakeResources('1.33.0'), 'linux')!;
    const versions = ['1.34.4', '1.33.9', '1.33.0', '1.32.1'];

    expect(await listOfflineKubernetesVersions({ versions, cacheDir, bundled })).toEqual(['1.33.0']);
    await ensureKubernetesDistribution({ version: '1.34.4', cacheDir, releaseBaseUrl: base });
    expect(await listOfflineKubernetesVersions({ versions, cacheDir, bundled })).toEqual(['1.34.4', '1.33.0']);
    fs.rmSync(path.join(bundled.dir, 'kubelet'));
    expect(await listOfflineKubernetesVersions({ versions, cacheDir, bundled })).toEqual(['1.34.4']);
  });
});

describe('findBundledKubernetes', () => {
  it('reads the version and where setup installs each component from the real manifest', () => {
    const resources = path.join(__dirname, '..', '..', '..', '..', '..', 'resources');
    const bundled = findBundledKubernetes(resources, 'linux')!;
    const catalogue = JSON.parse(fs.readFileSync(path.join(resources, 'k8s-versions.json'), 'utf8'));

    expect(catalogue.versions.map((v: { version: string }) => v.version.replace(/^v/, ''))).toContain(bundled.version);
    expect(bundled.dir).toBe(path.join(resources, 'linux', 'guest-bin', 'kubernetes'));
    expect(bundled.files).toEqual({ kubectl: path.join(resources, 'linux', 'bin', 'kubectl') });
  });

  it('has nothing to say without a manifest or a kubernetes entry', () => {
    expect(findBundledKubernetes('/nowhere', 'linux')).toBeUndefined();
    expect(findBundledKubernetes('/x', 'linux', () => JSON.stringify({ tools: [{ name: 'lima', version: 'v1.2.1' }] }))).toBeUndefined();
  });

  it('names the official release tarball', () => {
    expect(releaseTarballUrl('v1.34.4')).toBe('https://dl.k8s.io/v1.34.4/kubernetes-server-linux-amd64.tar.gz');
    expect(releaseTarballUrl('1.34.4', 'http://mirror/k8s/', 'arm64')).toBe('http://mirror/k8s/v1.34.4/kubernetes-server-linux-arm64.tar.gz');
  });
});
