import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';

import tar from 'tar-stream';
import type { Header } from 'tar-stream';

import { imageConfig, imagePath, layerEntries, writeImageTar } from '../imageTar';
import type { ImageSpec } from '../imageTar';

interface Member { header: Header; body: Buffer }

/** Every member of a tar held in memory, in order. */
async function members(archive: Buffer): Promise<Member[]> {
  const extract = tar.extract();
  const found: Member[] = [];

  Readable.from([archive]).pipe(extract as unknown as NodeJS.WritableStream);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];

    for await (const chunk of entry) {
      chunks.push(chunk as Buffer);
    }
    found.push({ header: entry.header, body: Buffer.concat(chunks) });
  }

  return found;
}

const sha256 = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('hex');

describe('imageTar', () => {
  let dir: string;
  let binary: string;
  let spec: ImageSpec;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagetar-'));
    binary = path.join(dir, 'tool');
    fs.writeFileSync(binary, Buffer.alloc(70_000, 'x'), { mode: 0o755 });
    spec = {
      repoTags: ['example.test/tool:1.0'],
      entries:  [
        { type: 'file', path: '/usr/bin/tool', from: binary },
        { type: 'symlink', path: '/bin/t', target: '/usr/bin/tool' },
        { type: 'file', path: '/etc/tool.conf', content: 'a = 1\n' },
        { type: 'directory', path: '/tmp', mode: 0o1777 },
      ],
      config: { Entrypoint: ['/usr/bin/tool'], Cmd: ['serve'], Env: ['PATH=/usr/bin:/bin'], User: '65534', ExposedPorts: ['53/udp', '53/tcp'], WorkingDir: '/' },
    };
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes manifest.json naming the config by its digest, the tags and the one layer', async() => {
    const dest = path.join(dir, 'out', 'tool.tar');
    const written = await writeImageTar(spec, dest);
    const outer = await members(fs.readFileSync(dest));
    const byName = new Map(outer.map((m) => [m.header.name, m]));
    const manifest = JSON.parse(byName.get('manifest.json')!.body.toString());

    expect(manifest).toHaveLength(1);
    expect(manifest[0].RepoTags).toEqual(['example.test/tool:1.0']);
    const configBody = byName.get(manifest[0].Config)!.body;
    const layerBody = byName.get(manifest[0].Layers[0])!.body;

    expect(manifest[0].Config).toBe(`${ sha256(configBody) }.json`);
    expect(written.id).toBe(`sha256:${ sha256(configBody) }`);
    expect(manifest[0].Layers).toEqual([`${ sha256(layerBody) }/layer.tar`]);
    expect(outer.map((m) => m.header.name)).toEqual([...outer.map((m) => m.header.name)].sort());
    expect(fs.readdirSync(path.dirname(dest))).toEqual(['tool.tar']);
  });

  it("lists the layer's sha256 as the config's diff_id, with the run config", async() => {
    const dest = path.join(dir, 'tool.tar');
    const written = await writeImageTar(spec, dest);
    const outer = await members(fs.readFileSync(dest));
    const manifest = JSON.parse(outer.find((m) => m.header.name === 'manifest.json')!.body.toString());
    const config = JSON.parse(outer.find((m) => m.header.name === manifest[0].Config)!.body.toString());
    const layer = outer.find((m) => m.header.name === manifest[0].Layers[0])!.body;

    expect(config.rootfs).toEqual({ type: 'layers', diff_ids: [`sha256:${ sha256(layer) }`] });
    expect(written.diffId).toBe(`sha256:${ sha256(layer) }`);
    expect(config).toMatchObject({ architecture: 'amd64', os: 'linux', created: '1970-01-01T00:00:00.000Z' });
    expect(config.config).toEqual({
      Entrypoint: ['/usr/bin/tool'], Cmd: ['serve'], Env: ['PATH=/usr/bin:/bin'], User: '65534', ExposedPorts: { '53/tcp': {}, '53/udp': {} }, WorkingDir: '/',
    });
    expect(config.history).toHaveLength(1);
  });

  it('puts the files, links and directories in the layer, parents first, owned by root at mtime 0', async() => {
    const dest = path.join(dir, 'tool.tar');

    await writeImageTar(spec, dest);
    const outer = await members(fs.readFileSync(dest));
    const layerName = JSON.parse(outer.find((m) => m.header.name === 'manifest.json')!.body.toString())[0].Layers[0];
    const layer = await members(outer.find((m) => m.header.name === layerName)!.body);

    expect(layer.map((m) => [m.header.name, m.header.type, m.header.mode])).toEqual([
      ['bin/', 'directory', 0o755],
      ['bin/t', 'symlink', 0o777],
      ['etc/', 'directory', 0o755],
      ['etc/tool.conf', 'file', 0o644],
      ['tmp/', 'directory', 0o1777],
      ['usr/', 'directory', 0o755],
      ['usr/bin/', 'directory', 0o755],
      ['usr/bin/tool', 'file', 0o755],
    ]);
    expect(layer.find((m) => m.header.name === 'bin/t')!.header.linkname).toBe('/usr/bin/tool');
    expect(layer.find((m) => m.header.name === 'usr/bin/tool')!.body.equals(fs.readFileSync(binary))).toBe(true);
    expect(layer.find((m) => m.header.name === 'etc/tool.conf')!.body.toString()).toBe('a = 1\n');
    for (const { header } of [...layer, ...outer]) {
      expect([header.mtime.getTime(), header.uid, header.gid, header.uname, header.gname]).toEqual([0, 0, 0, '', '']);
    }
  });

  it('gives the same bytes for the same inputs, whatever the host files’ times', async() => {
    const first = path.join(dir, 'a.tar');
    const second = path.join(dir, 'b.tar');

    await writeImageTar(spec, first);
    fs.utimesSync(binary, new Date(2_000_000_000_000), new Date(2_000_000_000_000));
    await writeImageTar({ ...spec, entries: [...spec.entries].reverse() }, second);

    expect(sha256(fs.readFileSync(first))).toBe(sha256(fs.readFileSync(second)));
  });

  it('gives another image ID when a file changes', async() => {
    const before = await writeImageTar(spec, path.join(dir, 'a.tar'));

    fs.appendFileSync(binary, 'y');
    const after = await writeImageTar(spec, path.join(dir, 'b.tar'));

    expect(after.id).not.toBe(before.id);
    expect(after.diffId).not.toBe(before.diffId);
  });

  it('refuses a path listed twice, a file used as a directory, paths outside the root, and no tag', async() => {
    expect(() => layerEntries([{ type: 'directory', path: '/a' }, { type: 'directory', path: 'a/' }])).toThrow('/a twice');
    expect(() => layerEntries([{ type: 'file', path: '/a', content: '' }, { type: 'file', path: '/a/b', content: '' }])).toThrow('/a is a file');
    expect(() => imagePath('/../etc')).toThrow('not a path inside an image');
    expect(() => imagePath('/')).toThrow('not a path inside an image');
    await expect(writeImageTar({ ...spec, repoTags: [] }, path.join(dir, 'x.tar'))).rejects.toThrow('at least one tag');
  });

  it('fails, leaving nothing behind, when a host file is missing', async() => {
    const dest = path.join(dir, 'x.tar');

    await expect(writeImageTar({ ...spec, entries: [{ type: 'file', path: '/x', from: path.join(dir, 'absent') }] }, dest)).rejects.toThrow('absent (for /x) is not a file');
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('x.tar'))).toEqual([]);
  });

  it('writes the config JSON with only the fields given', () => {
    expect(JSON.parse(imageConfig({ repoTags: ['a:b'], entries: [], config: { Entrypoint: ['/pause'] } }, 'ab')).config).toEqual({ Entrypoint: ['/pause'] });
  });
});
