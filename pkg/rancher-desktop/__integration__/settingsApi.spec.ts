import fs from 'node:fs';
import path from 'node:path';

import { headlessScript, makeHome, runProcess, spawnOptions, startApp, testUser, waitForState, type RunningApp } from './harness';

jest.setTimeout(60_000);

describe('settings over the HTTP API', () => {
  let app: RunningApp;
  const settingsFile = () => path.join(app.configDir, 'settings.json');

  beforeAll(async() => {
    const home = makeHome();
    const user = testUser();
    const config = path.join(home, '.config');

    fs.mkdirSync(config, { recursive: true });
    // A user-level locked profile pins the container engine.
    fs.writeFileSync(path.join(config, 'rancher-desktop.locked.json'), JSON.stringify({ version: 19, containerEngine: { name: 'moby' } }));
    if (user) {
      fs.chownSync(config, user.uid, user.gid);
    }
    app = await startApp({ home });
    await waitForState(app, ['STARTED']);
  });
  afterAll(() => app?.stop());

  it('answers 401 to a wrong password, another user, and no credentials', async() => {
    const wrong = `Basic ${ Buffer.from('user:nope').toString('base64') }`;

    expect(await app.request('GET', '/v1/settings', undefined, wrong)).toMatchObject({ status: 401, text: 'Unauthorized' });
    expect((await app.request('GET', '/v1/settings', undefined, null)).status).toBe(401);
    expect((await app.request('GET', '/v1/nonexistent', undefined, null)).status).toBe(401);
  });

  it.each([
    ['junk', 'not json at all', 'error processing JSON request block'],
    ['a non-object', '[1,2]', 'settings payload is not an object'],
    ['no version', '{"kubernetes":{"enabled":false}}', 'updating settings requires specifying an API version'],
    ['a wrong type', '{"version":19,"kubernetes":{"enabled":{"x":1}}}', 'Setting "kubernetes.enabled" should be a simple value'],
    ['an unknown enum value', '{"version":19,"application":{"theme":"purple"}}', 'Invalid value for "application.theme": <"purple">'],
    ['a locked field', '{"version":19,"containerEngine":{"name":"containerd"}}', 'field "containerEngine.name" is locked'],
    // Not enforced by this build: accepting it would promise a protection that is not there.
    ['enabling allowed images', '{"version":19,"containerEngine":{"allowedImages":{"enabled":true,"patterns":["docker.io/*"]}}}', 'Setting "containerEngine.allowedImages.enabled" to true is not supported in this build: image allow-lists are not enforced'],
  ])('rejects %s with 400 and leaves settings.json untouched', async(_what, body, message) => {
    const before = fs.readFileSync(settingsFile());
    const reply = await app.request('PUT', '/v1/settings', body);

    expect(reply.status).toBe(400);
    expect(reply.text).toContain(message);
    expect(fs.readFileSync(settingsFile())).toEqual(before);
  });

  it('exposes the locked tree', async() => {
    const reply = await app.request('GET', '/v1/settings/locked');

    expect(JSON.parse(reply.text)).toEqual({ containerEngine: { name: true } });
  });

  it('saves a live change without restarting', async() => {
    const reply = await app.request('PUT', '/v1/settings', '{"version":19,"application":{"theme":"dark"}}');

    expect(reply).toMatchObject({ status: 202, text: 'settings updated; no restart required' });
    expect(JSON.parse(fs.readFileSync(settingsFile(), 'utf8')).application.theme).toBe('dark');
    expect((await app.request('PUT', '/v1/settings', '{"version":19,"application":{"theme":"dark"}}')).text).toBe('no changes necessary');
  });

  it('checks kubernetes.version against the version catalogue, changing nothing on a bad one', async() => {
    const before = fs.readFileSync(settingsFile(), 'utf8');
    const bad = await app.request('PUT', '/v1/settings', '{"version":19,"kubernetes":{"version":"1.99.0"}}');

    expect(bad).toMatchObject({ status: 400, text: 'errors in attempt to update settings:\nKubernetes version "1.99.0" not found.' });
    expect(fs.readFileSync(settingsFile(), 'utf8')).toBe(before);
    expect((await app.request('PUT', '/v1/propose_settings', '{"kubernetes":{"version":"v1.34.4"}}')).status).toBe(200);
  });

  // Kubernetes settings alone restart only the cluster, in the running VM: no STOPPING.
  it('proposes, then applies, a Kubernetes change through STARTING, without stopping the VM', async() => {
    const proposal = await app.request('PUT', '/v1/propose_settings', '{"kubernetes":{"enabled":false}}');

    expect(proposal.status).toBe(200);
    expect(JSON.parse(proposal.text)).toEqual({ 'kubernetes.enabled': { current: true, desired: false, severity: 'restart' } });

    const seen = new Set<string>();
    const watcher = (async() => {
      for (let i = 0; i < 400 && !seen.has('DISABLED'); i++) {
        seen.add(JSON.parse((await app.request('GET', '/v1/backend_state')).text).vmState);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const reply = await app.request('PUT', '/v1/settings', '{"version":19,"kubernetes":{"enabled":false}}');

    expect(reply).toMatchObject({ status: 202, text: 'reconfiguring Rancher Desktop to apply changes (this may take a while)' });
    await watcher;
    expect([...seen]).toEqual(expect.arrayContaining(['STARTING', 'DISABLED']));
    expect([...seen]).not.toContain('STOPPING');
  });

  it('answers honestly for subsystems this build does not have yet', async() => {
    expect((await app.request('GET', '/v1/snapshots')).status).toBe(501);
    expect((await app.request('GET', '/v1/extensions')).status).toBe(503);
  });

  it('migrates an old-version body before validating it', async() => {
    const reply = await app.request('PUT', '/v1/settings', '{"version":3,"kubernetes":{"memoryInGB":3}}');

    expect(reply.status).toBe(202);
    expect(JSON.parse((await app.request('GET', '/v1/settings')).text).virtualMachine.memoryInGB).toBe(3);
  });
});

/** A HOME whose user-level locked profile is `locked`. */
function homeWithLockedProfile(locked: unknown): string {
  const home = makeHome();
  const user = testUser();
  const config = path.join(home, '.config');

  fs.mkdirSync(config, { recursive: true });
  fs.writeFileSync(path.join(config, 'rancher-desktop.locked.json'), JSON.stringify(locked));
  if (user) {
    fs.chownSync(config, user.uid, user.gid);
  }

  return home;
}

describe('a profile that locks kubernetes.version', () => {
  let app: RunningApp;

  beforeAll(async() => {
    app = await startApp({ home: homeWithLockedProfile({ version: 19, kubernetes: { version: '1.34.4' } }) });
  });
  afterAll(() => app?.stop());

  it('shows it in the locked tree and refuses changing it, over the API and through rdctl', async() => {
    expect(JSON.parse((await app.request('GET', '/v1/settings/locked')).text)).toEqual({ kubernetes: { version: true } });
    expect(JSON.parse((await app.request('GET', '/v1/settings')).text).kubernetes.version).toBe('1.34.4');
    const settingsFile = path.join(app.configDir, 'settings.json');
    const before = fs.readFileSync(settingsFile);

    expect(await app.request('PUT', '/v1/settings', '{"version":19,"kubernetes":{"version":"1.33.1"}}')).toMatchObject({
      status: 400, text: 'errors in attempt to update settings:\nfield "kubernetes.version" is locked',
    });
    const viaRdctl = await app.rdctl(['api', '-X', 'PUT', '/v1/settings', '--body', '{"version":19,"kubernetes":{"version":"1.33.1"}}']);

    expect(viaRdctl.code).toBe(1);
    expect(viaRdctl.stderr).toContain('field "kubernetes.version" is locked');
    expect(fs.readFileSync(settingsFile)).toEqual(before);
  });
});

describe('a locked profile value the validator refuses', () => {
  it.each([
    ['an invalid value', { version: 19, application: { pathManagementStrategy: 'sometimes' } }, 'Invalid value for "application.pathManagementStrategy": <"sometimes">'],
    ['allowed images turned on', { version: 19, containerEngine: { allowedImages: { enabled: true } } }, 'Setting "containerEngine.allowedImages.enabled" to true is not supported in this build'],
  ])('with %s stops the start, saying why in background.log', async(_what, locked, message) => {
    const home = homeWithLockedProfile(locked);
    // An app that wrongly starts is killed, so the test fails instead of hanging.
    const result = await runProcess(process.execPath, [headlessScript], { ...spawnOptions(home), timeout: 20_000 });
    const log = fs.readFileSync(path.join(home, '.local', 'share', 'rancher-desktop', 'logs', 'background.log'), 'utf8');

    expect(result.code).not.toBe(0);
    expect(log).toContain(`Error in deployment profiles:\n${ message }`);
    expect(fs.existsSync(path.join(home, '.local', 'share', 'rancher-desktop', 'rd-engine.json'))).toBe(false);
  });
});

