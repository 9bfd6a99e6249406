import fs from 'node:fs';
import path from 'node:path';

import { headlessScript, makeHome, runProcess, spawnOptions, startApp, testUser, waitForState, type RunningApp } from './harness';

jest.setTimeout(60_000);

describe('headless app lifecycle', () => {
  let app: RunningApp | undefined;

  afterEach(async() => {
    await app?.stop();
    app = undefined;
  });

  it('writes rd-engine.json 0600 with fresh credentials, logs, and links rdctl into ~/.rd/bin', async() => {
    app = await startApp();
    const file = path.join(app.appHome, 'rd-engine.json');
    const text = fs.readFileSync(file, 'utf8');

    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(text.endsWith('}\n')).toBe(true);
    expect(app.creds).toMatchObject({ user: 'user', pid: app.child.pid });
    expect(app.creds.password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(fs.readlinkSync(path.join(app.home, '.rd', 'bin', 'rdctl'))).toMatch(/resources\/linux\/bin\/rdctl$/);
    expect(fs.readdirSync(app.logsDir)).toEqual(expect.arrayContaining(['background.log', 'server.log']));
    await waitForState(app, ['STARTED']);

    const first = app.creds.password;

    await app.stop();
    app = await startApp({ home: app.home });
    expect(app.creds.password).not.toBe(first);
  });

  it('says a second instance is already running and exits non-zero', async() => {
    app = await startApp();
    const second = await runProcess(process.execPath, [headlessScript], spawnOptions(app.home));

    expect(second.code).toBe(201);
    expect(second.stderr).toContain('already running');
    expect((await app.request('GET', '/v1/settings')).status).toBe(200);
  });

  it('shuts down cleanly on SIGTERM and on PUT /v1/shutdown', async() => {
    app = await startApp();
    await waitForState(app, ['STARTED']);
    const exited = new Promise<number | null>((resolve) => app?.child.once('exit', (code) => resolve(code)));
    const reply = await app.request('PUT', '/v1/shutdown');

    expect(reply).toMatchObject({ status: 202, text: 'Shutting down.' });
    expect(await exited).toBe(0);
    await expect(app.request('GET', '/v1/settings')).rejects.toThrow();
    expect(fs.readFileSync(path.join(app.logsDir, 'background.log'), 'utf8')).toMatch(/backend state: STOPPED/);

    app = await startApp({ home: app.home });
    const exitedAgain = new Promise<number | null>((resolve) => app?.child.once('exit', (code) => resolve(code)));

    app.child.kill('SIGTERM');
    expect(await exitedAgain).toBe(0);
  });

  it('honours a start asked for while STOPPING: it runs once the stop has ended', async() => {
    // Slow steps keep the backend STOPPING while the second request arrives.
    app = await startApp({ env: { RD_MOCK_BACKEND_DELAY_MS: '300' } });
    await waitForState(app, ['STARTED']);
    const state = async() => JSON.parse((await app?.request('GET', '/v1/backend_state'))?.text ?? '{}').vmState;

    expect(await app.request('PUT', '/v1/backend_state', '{"vmState":"STOPPED"}')).toMatchObject({ status: 202 });
    expect(await state()).toBe('STOPPING');
    expect(await app.request('PUT', '/v1/backend_state', '{"vmState":"STARTED"}')).toMatchObject({ status: 202 });
    expect(await state()).toBe('STOPPING');
    await waitForState(app, ['STARTED', 'DISABLED', 'ERROR'], 10_000);
    expect(await state()).toBe('STARTED');
    expect(fs.readFileSync(path.join(app.logsDir, 'lima.log'), 'utf8')).toMatch(/STOPPING -> STOPPED\n(.*\n)*.*STOPPED -> STARTING\n(.*\n)*.*STARTING -> STARTED/);
  });

  it('runs a Kubernetes reset asked for while STARTING once the start has ended, and answers only then', async() => {
    app = await startApp({ env: { RD_MOCK_BACKEND_DELAY_MS: '300' } });
    expect(JSON.parse((await app.request('GET', '/v1/backend_state')).text).vmState).toBe('STARTING');
    const reply = await app.request('PUT', '/v1/k8s_reset', '{"mode":"fast"}');

    expect(reply).toMatchObject({ status: 200, text: 'Rancher Desktop fast reset successful' });
    expect(JSON.parse((await app.request('GET', '/v1/backend_state')).text).vmState).toBe('STARTED');
    expect(fs.readFileSync(path.join(app.logsDir, 'lima.log'), 'utf8')).toMatch(/STARTING -> STARTED\n(.*\n)*.*STARTED -> STARTING\n(.*\n)*.*progress: Deleting the cluster's data/);
  });

  it('keeps a corrupt settings.json beside the new one, starts from defaults and says so', async() => {
    const home = makeHome();
    const config = path.join(home, '.config', 'rancher-desktop');

    fs.mkdirSync(config, { recursive: true });
    fs.writeFileSync(path.join(config, 'settings.json'), '{"version": 19, "application": {');
    const user = testUser();

    if (user) {
      fs.chownSync(path.join(home, '.config'), user.uid, user.gid);
      fs.chownSync(config, user.uid, user.gid);
      fs.chownSync(path.join(config, 'settings.json'), user.uid, user.gid);
    }
    app = await startApp({ home });
    const kept = fs.readdirSync(config).filter((f) => f !== 'settings.json');

    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(config, kept[0]), 'utf8')).toBe('{"version": 19, "application": {');
    expect(app.output()).toContain(kept[0]);
    expect(JSON.parse((await app.request('GET', '/v1/settings')).text).version).toBe(19);
  });

  it('applies app command-line options and saves them', async() => {
    app = await startApp({ args: ['--kubernetes.enabled=false', '--application.debug'] });
    const settings = JSON.parse((await app.request('GET', '/v1/settings')).text);

    expect(settings.kubernetes.enabled).toBe(false);
    expect(settings.application.debug).toBe(true);
    expect(await waitForState(app, ['DISABLED'])).toBe('DISABLED');
    expect(JSON.parse(fs.readFileSync(path.join(app.configDir, 'settings.json'), 'utf8')).kubernetes.enabled).toBe(false);
  });

  it.each([
    ['a value the validator refuses', { version: 19, application: { theme: 'purple' } }, 'Invalid value for "application.theme"'],
    ['no version', { application: { theme: 'dark' } }, 'no version specified'],
  ])('refuses to start with a deployment profile that has %s, and says why', async(_what, profile, message) => {
    const home = makeHome();
    const config = path.join(home, '.config');
    const user = testUser();

    fs.mkdirSync(config);
    fs.writeFileSync(path.join(config, 'rancher-desktop.locked.json'), JSON.stringify(profile));
    if (user) {
      fs.chownSync(config, user.uid, user.gid);
    }
    const result = await runProcess(process.execPath, [headlessScript], spawnOptions(home));

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('rancher-desktop.locked.json');
  });

  (process.getuid?.() === 0 ? it : it.skip)('refuses to run as root', async() => {
    const home = makeHome();
    const result = await runProcess(process.execPath, [headlessScript], { env: { PATH: process.env.PATH, HOME: home, RD_MOCK_BACKEND: '1' } });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('must not be run as root');
    expect(fs.existsSync(path.join(home, '.local'))).toBe(false);
  });
});
