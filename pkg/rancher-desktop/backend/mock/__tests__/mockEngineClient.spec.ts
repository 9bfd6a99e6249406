import { MockEngineClient } from '../mockEngineClient';

describe('mock engine', () => {
  it('changes container state and refuses to delete a running one without force', async() => {
    const engine = new MockEngineClient();

    await engine.stopContainer('web');
    expect((await engine.listContainers({ all: true })).find((c) => c.names[0] === 'web')?.state).toBe('exited');
    expect(await engine.listContainers()).toEqual([]);
    await engine.startContainer('web');
    await expect(engine.removeContainer('web')).rejects.toThrow('is running');
    await engine.removeContainer('web', { force: true });
    await expect(engine.inspectContainer('web')).rejects.toThrow('No such container: web');
  });

  it('pulls, tags and removes images per namespace, as dockerd would', async() => {
    const engine = new MockEngineClient();
    const out: string[] = [];

    await engine.pullImage('alpine', (t) => out.push(t), 'k8s.io');
    expect(out.join('')).toContain('alpine: Pull complete');
    expect((await engine.listImages('k8s.io')).flatMap((i) => i.tags)).toContain('alpine:latest');
    expect((await engine.listImages()).flatMap((i) => i.tags)).not.toContain('alpine:latest');
    await engine.tagImage('busybox', 'mine:1');
    await engine.removeImage('busybox:latest');
    expect((await engine.listImages()).flatMap((i) => i.tags)).toContain('mine:1');
    await expect(engine.removeImage('nginx:alpine')).rejects.toThrow('being used by running container web');
  });

  it('browses and removes volumes', async() => {
    const engine = new MockEngineClient();

    expect((await engine.browseVolume('data', 'conf')).map((e) => e.name)).toEqual(['app.yaml']);
    await expect(engine.browseVolume('data', 'nope')).rejects.toThrow('no such folder');
    await engine.removeVolume('data');
    expect(await engine.listVolumes()).toEqual([]);
  });
});
