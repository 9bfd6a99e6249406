import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { addonImages, buildImages, busyboxVersion, imageKey } from '../images';
import type { ImageInputs } from '../images';

describe('Kubernetes add-on images', () => {
  let dir: string;
  let inputs: ImageInputs;
  const versions: Record<string, string> = { pause: '3.10', coredns: 'v1.12.1', 'local-path-provisioner': 'v0.0.30', traefik: 'v3.6.12' };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'images-'));
    for (const name of ['pause', 'coredns', 'local-path-provisioner', 'traefik', 'busybox']) {
      fs.writeFileSync(path.join(dir, name), `#!${ name }\n`, { mode: 0o755 });
    }
    inputs = {
      version: (tool) => versions[tool],
      output:  (_tool, file) => path.join(dir, file),
      busybox: () => ({ path: path.join(dir, 'busybox'), version: '1.35.0', applets: ['[', 'busybox', 'sh', 'mkdir', 'rm', 'ls'] }),
    };
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names each image by the version of the tool it is made of', () => {
    expect(addonImages(inputs).map((image) => [image.name, image.spec.repoTags[0]])).toEqual([
      ['pause', 'registry.k8s.io/pause:3.10'],
      ['coredns', 'rancher/mirrored-coredns-coredns:1.12.1'],
      ['local-path-provisioner', 'rancher/local-path-provisioner:v0.0.30'],
      ['busybox', 'rancher/mirrored-library-busybox:1.35.0'],
      ['traefik', 'rancher/mirrored-library-traefik:3.6.12'],
    ]);
  });

  it('leaves out the image of a tool the manifest does not have', () => {
    delete versions.traefik;
    try {
      expect(addonImages(inputs).map((image) => image.name)).not.toContain('traefik');
    } finally {
      versions.traefik = 'v3.6.12';
    }
  });

  it('runs each binary as its entrypoint, the provisioner through PATH', () => {
    const byName = new Map(addonImages(inputs).map((image) => [image.name, image.spec]));

    expect(byName.get('coredns')!.config).toEqual({ Entrypoint: ['/coredns'], ExposedPorts: ['53/udp', '53/tcp', '9153/tcp'] });
    expect(byName.get('local-path-provisioner')!.entries).toEqual([{ type: 'file', path: '/usr/bin/local-path-provisioner', from: path.join(dir, 'local-path-provisioner'), mode: 0o755 }]);
    expect(byName.get('local-path-provisioner')!.config.Entrypoint).toEqual(['local-path-provisioner']);
    expect(byName.get('local-path-provisioner')!.config.Env).toEqual([expect.stringMatching(/^PATH=.*\/usr\/bin/)]);
  });

  it('links every busybox applet but busybox itself to /bin/busybox', () => {
    const busybox = addonImages(inputs).find((image) => image.name === 'busybox')!;
    const links = busybox.spec.entries.filter((entry) => entry.type === 'symlink');

    expect(links.map((link) => link.path)).toEqual(['/bin/[', '/bin/sh', '/bin/mkdir', '/bin/rm', '/bin/ls']);
    expect(busybox.spec.entries).toContainEqual({ type: 'directory', path: '/tmp', mode: 0o1777 });
  });

  it("tells busybox's version from its banner", () => {
    expect(busyboxVersion('BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\nBusyBox is copyrighted')).toBe('1.35.0');
    expect(() => busyboxVersion('sh: busybox: not found')).toThrow('cannot tell the busybox version');
  });

  it('keys an image by the contents of its files, not their names or times', async() => {
    const spec = addonImages(inputs)[0].spec;
    const before = await imageKey(spec);

    fs.utimesSync(path.join(dir, 'pause'), new Date(0), new Date(0));
    expect(await imageKey(spec)).toBe(before);
    fs.appendFileSync(path.join(dir, 'pause'), 'changed');
    expect(await imageKey(spec)).not.toBe(before);
  });

  it('writes each image once, installs it and lists it in images.json', async() => {
    const cache = path.join(dir, 'cache');
    const dest = path.join(dir, 'resources', 'k8s');
    const installs: string[] = [];
    const install = (from: string, to: string) => {
      installs.push(path.relative(dest, to));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
    };
    const images = addonImages(inputs);
    const names = images.map((image) => image.name);
    const log = jest.fn();

    const first = await buildImages(images.slice(0, 2), names, { cache, dest, install, log });

    expect(first.map((record) => [record.name, record.ref, record.file])).toEqual([
      ['pause', 'registry.k8s.io/pause:3.10', 'images/pause.tar'],
      ['coredns', 'rancher/mirrored-coredns-coredns:1.12.1', 'images/coredns.tar'],
    ]);
    expect(first[0].id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(log).toHaveBeenCalledTimes(2);

    // A later run with other images keeps the earlier entries; an unchanged image is not rewritten.
    await buildImages(images.slice(1), names, { cache, dest, install, log });
    expect(log).toHaveBeenCalledTimes(5);
    const listed = JSON.parse(fs.readFileSync(path.join(dest, 'images.json'), 'utf8'));

    expect(listed.map((record: { name: string }) => record.name)).toEqual(names);
    expect(listed[1]).toEqual(first[1]);
    expect(installs).toContain('images/busybox.tar');

    // A changed input gives a new tarball, and the old one leaves the cache.
    fs.appendFileSync(path.join(dir, 'coredns'), 'changed');
    const coredns = (await buildImages([images[1]], names, { cache, dest, install, log })).find((record) => record.name === 'coredns')!;

    expect(coredns.id).not.toBe(first[1].id);
    expect(coredns.file).toBe('images/coredns.tar');
    expect(fs.readdirSync(path.join(cache, 'images')).filter((name) => name.startsWith('coredns-'))).toHaveLength(2); // the tar and its .json
  });
});
