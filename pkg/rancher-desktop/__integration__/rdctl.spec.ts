import fs from 'node:fs';
import path from 'node:path';

import { startApp, waitForState, type RunningApp } from './harness';

jest.setTimeout(60_000);

describe('rdctl against the running app', () => {
  let app: RunningApp;

  beforeAll(async() => {
    app = await startApp();
    await waitForState(app, ['STARTED']);
  });
  afterAll(() => app?.stop());

  it('lists the settings the API serves', async() => {
    const result = await app.rdctl(['list-settings']);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse((await app.request('GET', '/v1/settings')).text));
  });

  it('sets a value and reports the server text', async() => {
    const result = await app.rdctl(['set', '--application.theme=light']);

    expect(result).toMatchObject({ code: 0, stdout: 'Status: settings updated; no restart required.\n' });
    expect(JSON.parse(fs.readFileSync(path.join(app.configDir, 'settings.json'), 'utf8')).application.theme).toBe('light');
  });

  it('rejects a bad enum value client-side and changes nothing', async() => {
    const before = fs.readFileSync(path.join(app.configDir, 'settings.json'));
    const result = await app.rdctl(['set', '--container-engine.name=podman']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`invalid value for option --container-engine.name: "podman"; must be 'containerd', 'docker', or 'moby'`);
    expect(fs.readFileSync(path.join(app.configDir, 'settings.json'))).toEqual(before);
  });

  it('passes server-side validation errors through', async() => {
    const result = await app.rdctl(['set', '--kubernetes.port=70000']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid value for "kubernetes.port": <70000>');
  });

  it('splits api errors between stdout and stderr', async() => {
    const result = await app.rdctl(['api', '/v1/no_such_thing']);

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ message: '404 Not Found' });
    expect(result.stderr).toContain('Unknown command: GET /v1/no_such_thing');
  });

  it('start --wait on a running app behaves as set and waits', async() => {
    const result = await app.rdctl(['start', '--application.debug=true', '--wait']);

    expect(result.code).toBe(0);
    expect(JSON.parse((await app.request('GET', '/v1/settings')).text).application.debug).toBe(true);
  });

  it('says the VM is not running for rdctl shell', async() => {
    const result = await app.rdctl(['shell', 'uname']);

    expect(result.code).toBe(1);
    expect(result.stderr + result.stdout).toContain('The Rancher Desktop VM needs to be running');
  });

  it('shuts the app down', async() => {
    const result = await app.rdctl(['shutdown']);

    expect(result.code).toBe(0);
    expect(app.child.exitCode ?? await new Promise((resolve) => app.child.once('exit', resolve))).toBe(0);
  });
});
