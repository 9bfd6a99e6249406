import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import { makeHome, runProcess, rdctlPath, spawnOptions, startApp, waitForState, type RunningApp } from './harness';

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

  it('sends --kubernetes.version alone, and the app takes it', async() => {
    const result = await app.rdctl(['set', '--kubernetes.version=1.34.4']);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Status: /);
    expect(JSON.parse((await app.request('GET', '/v1/settings')).text).kubernetes.version).toBe('1.34.4');
    expect(JSON.parse(fs.readFileSync(path.join(app.configDir, 'settings.json'), 'utf8')).kubernetes.version).toBe('1.34.4');
  });

  it('applies each setting whose name is also a flag, JS or body word (name, type, port)', async() => {
    for (const [flag, settingPath, value] of [
      ['--kubernetes.port=6444', ['kubernetes', 'port'], 6444],
      ['--virtual-machine.mount.type=9p', ['virtualMachine', 'mount', 'type'], '9p'],
      ['--container-engine.name=containerd', ['containerEngine', 'name'], 'containerd'],
    ] as const) {
      const result = await app.rdctl(['set', flag]);

      expect({ flag, code: result.code, stderr: result.stderr }).toEqual({ flag, code: 0, stderr: '' });
      const settings = JSON.parse((await app.request('GET', '/v1/settings')).text);

      expect(settingPath.reduce((node, key) => node[key], settings)).toBe(value);
    }
    await waitForState(app, ['STARTED']);
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

  it('shuts the app down, and the app removes rd-engine.json as it exits', async() => {
    const result = await app.rdctl(['shutdown']);

    expect(result.code).toBe(0);
    expect(app.child.exitCode ?? await new Promise((resolve) => app.child.once('exit', resolve))).toBe(0);
    expect(fs.existsSync(path.join(app.appHome, 'rd-engine.json'))).toBe(false);
  });
});

describe('the built rdctl sends exactly the settings asked for', () => {
  let server: http.Server;
  let port: number;
  let bodies: { method?: string; url?: string; body: string }[];

  beforeAll(async() => {
    server = http.createServer((req, res) => {
      let body = '';

      req.on('data', (d) => (body += d));
      req.on('end', () => {
        bodies.push({ method: req.method, url: req.url, body });
        res.writeHead(202, { 'Content-Type': 'text/plain' }).end('accepted');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => server.close());

  // Every group of the schema is sent (as {} when untouched), like RD's Go structs serialise.
  const groups = {
    application: { extensions: { allowed: {} }, telemetry: {}, updater: {}, window: {} },
    containerEngine: { allowedImages: {} },
    virtualMachine: { mount: {} },
    WSL: {},
    kubernetes: { options: {}, ingress: {} },
    portForwarding: {},
    images: {},
    containers: {},
    diagnostics: { connectivity: {} },
    experimental: { containerEngine: { webAssembly: {} }, kubernetes: { options: {} }, virtualMachine: { mount: { '9p': {} }, proxy: {} } },
  };

  it.each([
    ['--kubernetes.version=1.34.4', { kubernetes: { version: '1.34.4' } }],
    ['--kubernetes-version=1.34.4', { kubernetes: { version: '1.34.4' } }],
    ['--kubernetes.port=6444', { kubernetes: { port: 6444 } }],
    ['--container-engine.name=moby', { containerEngine: { name: 'moby' } }],
    ['--virtual-machine.mount.type=virtiofs', { virtualMachine: { mount: { type: 'virtiofs' } } }],
    ['--kubernetes.enabled=false', { kubernetes: { enabled: false } }],
  ])('rdctl set %s', async(flag, leaf) => {
    bodies = [];
    const result = await runProcess(rdctlPath, ['--port', String(port), '--user', 'u', '--password', 'p', 'set', flag], spawnOptions(makeHome()));

    expect(result).toEqual({ code: 0, stdout: 'Status: accepted.\n', stderr: '' });
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({ method: 'PUT', url: '/v1/settings' });
    expect(JSON.parse(bodies[0].body)).toEqual(mergeDeep({ version: 19, ...groups }, leaf));
  });
});

/** `into` with `from`'s leaves set, neither changed. */
function mergeDeep(into: Record<string, unknown>, from: Record<string, unknown>): Record<string, unknown> {
  const out = { ...into };

  for (const [k, v] of Object.entries(from)) {
    out[k] = typeof v === 'object' && v !== null ? mergeDeep((out[k] ?? {}) as Record<string, unknown>, v as Record<string, unknown>) : v;
  }

  return out;
}
