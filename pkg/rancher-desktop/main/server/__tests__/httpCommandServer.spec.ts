import http from 'node:http';

import { defaultSettings } from '@pkg/config/defaults';
import { State } from '@pkg/ipc/backendState';
import { Emitter } from '@pkg/utils/emitter';
import { BackendError, UserError } from '@pkg/utils/errors';
import { nullLogger } from '@pkg/utils/logger';
import { computePaths } from '@pkg/utils/node/paths';

import type { CoreServices } from '../../coreServices';
import { DiagnosticsRunner } from '../../diagnostics/diagnosticsRunner';
import { createCommandHandler, listen } from '../httpCommandServer';

const settings = defaultSettings({ platform: 'linux', kernelMajor: 6, totalMemoryBytes: 8 * 2 ** 30, arch: 'x64' });

function fakeServices() {
  const calls: string[] = [];
  const services: CoreServices = {
    paths: computePaths({ platform: 'linux', home: '/home/u', env: {}, resources: '/r' }),
    settings: {
      current: settings,
      isFirstRun: false,
      locked: { kubernetes: { enabled: true } },
      onDidChange: new Emitter<any>().event,
      update: (body: any) => (body?.kubernetes?.port === 1 ? { errors: ['Invalid value for "kubernetes.port": <1>', 'second'], changed: false } : { errors: [], changed: !!body?.application }),
      propose: (body: any) => ({ errors: body?.bad ? ['bad'] : [], desired: settings }),
      reload: () => calls.push('reload'),
    },
    transientSettings: {
      current: { noModalDialogs: false },
      update: (body: any) => {
        if (body?.explode) {
          throw new Error('a bug');
        }

        return { errors: [], changed: true };
      },
    },
    backend: {
      state: State.STARTED,
      progress: { current: 0, max: 0 },
      lastError: undefined,
      acceleration: undefined,
      onDidChangeState: new Emitter<any>().event,
      onDidChangeProgress: new Emitter<any>().event,
      status: () => ({ vmState: State.STARTED, locked: false }),
      requestState: (s) => calls.push(`state:${ s }`),
      restartReasons: () => Promise.resolve({ 'containerEngine.name': { current: 'moby', desired: 'containerd', severity: 'restart' as const } }),
      applySettings: () => Promise.resolve('restarting' as const),
      resetKubernetes: async(mode) => {
        if (calls.includes('k8s-down')) {
          throw new UserError('unsupported', 'Kubernetes is not running, so there is nothing to reset.');
        }
        if (calls.includes('k8s-broken')) {
          throw new BackendError('kube-apiserver did not answer within 240 s');
        }
        calls.push(`k8s-reset:${ mode }`);
      },
    },
    k8sCatalogue: { versions: [] },
    kubernetes: {
      listServices: async() => [],
      forwardPort: async(namespace, service, k8sPort, hostPort) => {
        calls.push(`forward:${ namespace }/${ service }/${ JSON.stringify(k8sPort) }/${ hostPort }`);
        if (service === 'nope') {
          throw new UserError('bad-request', 'services "nope" not found');
        }

        return hostPort || 34567;
      },
      cancelForward: async(namespace, service, k8sPort) => {
        calls.push(`cancel:${ namespace }/${ service }/${ JSON.stringify(k8sPort) }`);
      },
      onDidChangeServices: new Emitter<any>().event,
    },
    containerEngine: () => {
      throw new Error('no engine in this test');
    },
    lifecycle: { shutdown: () => calls.push('shutdown'), factoryReset: (keep) => calls.push(`reset:${ keep }`) },
  };

  return { services, calls };
}

describe('HTTP command server', () => {
  let server: http.Server;
  let port: number;
  let calls: string[];
  const auth = `Basic ${ Buffer.from('user:secret').toString('base64') }`;
  const call = async(method: string, path: string, body?: string, authorization: string | null = auth) => {
    const response = await fetch(`http://127.0.0.1:${ port }${ path }`, { method, body, headers: authorization ? { Authorization: authorization } : {} });

    return { status: response.status, text: await response.text(), type: response.headers.get('content-type'), headers: response.headers };
  };

  beforeAll(async() => {
    const fake = fakeServices();

    calls = fake.calls;
    const app = createCommandHandler({ services: fake.services, diagnostics: new DiagnosticsRunner([], () => settings), passwords: { 'user': 'secret', 'interactive-user': 'other' }, logger: nullLogger });

    ({ server, port } = await listen(app, 0));
  });
  afterAll(() => server.close());

  it('requires Basic auth for every route, before 404', async() => {
    expect(await call('GET', '/v1/settings', undefined, null)).toMatchObject({ status: 401, text: 'Unauthorized' });
    expect((await call('GET', '/v1/settings', undefined, `Basic ${ Buffer.from('user:wrong').toString('base64') }`)).status).toBe(401);
    expect((await call('GET', '/v1/settings', undefined, 'Bearer secret')).status).toBe(401);
    expect((await call('GET', '/nope', undefined, null)).status).toBe(401);
    expect((await call('GET', '/v1/settings', undefined, `bAsIc ${ Buffer.from('interactive-user:other').toString('base64') }`)).status).toBe(200);
  });

  it('answers OPTIONS with 204 and sends CORS headers everywhere', async() => {
    const options = await call('OPTIONS', '/v1/settings', undefined, null);

    expect(options.status).toBe(204);
    expect(options.headers.get('access-control-allow-origin')).toBe('*');
    expect(options.headers.get('access-control-allow-methods')).toBe('GET, PUT, DELETE');
    expect((await call('GET', '/v1/settings', undefined, null)).headers.get('access-control-allow-headers')).toBe('Authorization');
  });

  it('serves settings as pretty JSON in text/plain', async() => {
    const reply = await call('GET', '/v1/settings');

    expect(reply.type).toMatch(/^text\/plain/);
    expect(reply.text).toBe(JSON.stringify(settings, undefined, 2));
  });

  it('words unknown routes, v0 routes and listings like RD', async() => {
    expect(await call('DELETE', '/v1/settings')).toMatchObject({ status: 404, text: 'Unknown command: DELETE /v1/settings' });
    expect(await call('GET', '/v0/settings')).toMatchObject({ status: 400, text: 'Invalid version "/v0" for endpoint "GET /v0/settings" - use "/v1/settings"' });
    expect((await call('GET', '/v0/about')).status).toBe(404);
    expect(JSON.parse((await call('GET', '/v0')).text)).toEqual(['GET /v0']);
    const v1 = JSON.parse((await call('GET', '/v1')).text) as string[];

    expect(v1.slice(0, 4)).toEqual(['GET /v1', 'GET /v1/about', 'GET /v1/backend_state', 'PUT /v1/backend_state']);
    expect(JSON.parse((await call('GET', '/')).text).slice(0, 3)).toEqual(['GET /', 'GET /v0', 'GET /v1']);
  });

  it.each([
    ['', 'no settings specified in the request'],
    ['{nope', 'error processing JSON request block'],
    ['"x"', 'settings payload is not an object'],
    ['{"kubernetes":{"port":1}}', 'errors in attempt to update settings:\nInvalid value for "kubernetes.port": <1>\nsecond'],
  ])('answers PUT /v1/settings %j with 400', async(body, message) => {
    expect(await call('PUT', '/v1/settings', body)).toMatchObject({ status: 400, text: message });
  });

  it('reports the outcome of a settings change', async() => {
    expect(await call('PUT', '/v1/settings', '{"version":19}')).toMatchObject({ status: 202, text: 'no changes necessary' });
    expect(await call('PUT', '/v1/settings', '{"version":19,"application":{}}')).toMatchObject({ status: 202, text: 'reconfiguring Rancher Desktop to apply changes (this may take a while)' });
  });

  it('proposes settings with 200 and the restart reasons', async() => {
    const reply = await call('PUT', '/v1/propose_settings', '{"containerEngine":{"name":"containerd"}}');

    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text)).toEqual({ 'containerEngine.name': { current: 'moby', desired: 'containerd', severity: 'restart' } });
    expect(await call('PUT', '/v1/propose_settings', '{"bad":1}')).toMatchObject({ status: 400, text: 'Errors in proposed settings:\nbad' });
  });

  it('rejects bodies over 4 MiB with 413', async() => {
    expect(await call('PUT', '/v1/settings', 'x'.repeat(4 * 1024 * 1024 + 1))).toMatchObject({ status: 413, text: 'request body is too long, request body size exceeds 4194304' });
  });

  it('handles backend state requests', async() => {
    expect(JSON.parse((await call('GET', '/v1/backend_state')).text)).toEqual({ vmState: 'STARTED', locked: false });
    expect(await call('PUT', '/v1/backend_state', '{"vmState":"STOPPED"}')).toMatchObject({ status: 202, text: 'received backend state' });
    // RD answers 500 "internal error: …" here; bad input is a 400 everywhere in this app (rdctl only sends the two states).
    expect(await call('PUT', '/v1/backend_state', '{"vmState":"PAUSED"}')).toMatchObject({ status: 400, text: 'invalid desired VM state "PAUSED": use STARTED or STOPPED' });
    expect(await call('PUT', '/v1/backend_state', '{nope')).toMatchObject({ status: 400, text: 'error processing JSON request block' });
    expect(calls).toContain('state:STOPPED');
  });

  it('answers locked settings, about, transient settings and diagnostics', async() => {
    expect(JSON.parse((await call('GET', '/v1/settings/locked')).text)).toEqual({ kubernetes: { enabled: true } });
    expect((await call('GET', '/v1/about')).text).toMatch(/^The API is currently at version 1/);
    expect(await call('PUT', '/v1/transient_settings', '{"noModalDialogs":true}')).toMatchObject({ status: 202, text: 'Updated Transient Settings' });
    expect(await call('GET', '/v1/diagnostic_ids')).toMatchObject({ status: 400, text: 'diagnostic_ids: no category specified' });
    expect((await call('GET', '/v1/diagnostic_ids?category=Nope')).status).toBe(404);
    expect(JSON.parse((await call('POST', '/v1/diagnostic_checks')).text)).toMatchObject({ checks: [] });
  });

  it('says honestly what is not available yet, after RD\'s input checks', async() => {
    expect(await call('POST', '/v1/snapshots', '{}')).toMatchObject({ status: 400, text: 'The name field is required' });
    expect((await call('POST', '/v1/snapshots', '{"name":"a"}')).status).toBe(501);
    expect(await call('GET', '/v1/extensions')).toMatchObject({ status: 503, text: 'Extension manager is not ready yet.' });
  });

  it.each([
    ['{"namespace":"default"}'],
    ['{"namespace":"default","service":"web","k8sPort":80}'],
    ['junk'],
    ['null'],
    ['[]'],
  ])('answers POST /v1/port_forwarding %s with 400 missing required parameters', async(body) => {
    expect(await call('POST', '/v1/port_forwarding', body)).toMatchObject({ status: 400, text: 'missing required parameters' });
  });

  it('forwards a port and answers the host port as text', async() => {
    expect(await call('POST', '/v1/port_forwarding', '{"namespace":"default","service":"web","k8sPort":80,"hostPort":0}')).toMatchObject({ status: 200, text: '34567' });
    expect(await call('POST', '/v1/port_forwarding', '{"namespace":"default","service":"web","k8sPort":"http","hostPort":8080}')).toMatchObject({ status: 200, text: '8080' });
    expect(await call('POST', '/v1/port_forwarding', '{"namespace":"default","service":"web","k8sPort":"80","hostPort":"8081"}')).toMatchObject({ status: 200, text: '8081' });
    expect(calls).toEqual(expect.arrayContaining(['forward:default/web/80/0', 'forward:default/web/"http"/8080', 'forward:default/web/80/8081']));
  });

  it('words a failed forward as RD does, with the reason', async() => {
    expect(await call('POST', '/v1/port_forwarding', '{"namespace":"default","service":"nope","k8sPort":80,"hostPort":0}'))
      .toMatchObject({ status: 400, text: 'Could not forward port; services "nope" not found' });
    expect((await call('POST', '/v1/port_forwarding', '{"namespace":1,"service":"web","k8sPort":80,"hostPort":0}')).text).toBe('Could not forward port; namespace is required');
  });

  it('deletes a forward; all three query parameters are required', async() => {
    expect(await call('DELETE', '/v1/port_forwarding?namespace=default&service=web&k8sPort=80')).toMatchObject({ status: 200, text: 'Port forwarding successfully deleted' });
    expect(await call('DELETE', '/v1/port_forwarding?namespace=default&service=web&k8sPort=http')).toMatchObject({ status: 200 });
    expect(await call('DELETE', '/v1/port_forwarding?namespace=default&service=web')).toMatchObject({ status: 400, text: 'missing required parameters' });
    expect(calls).toEqual(expect.arrayContaining(['cancel:default/web/80', 'cancel:default/web/"http"']));
  });

  it.each([
    ['{"mode":"fast"}', 'fast'],
    ['{"mode":"wipe"}', 'wipe'],
    ['{}', 'fast'],
    ['', 'fast'],
  ])('resets Kubernetes for %j in %s mode, answering when done', async(body, mode) => {
    expect(await call('PUT', '/v1/k8s_reset', body)).toMatchObject({ status: 200, text: `Rancher Desktop ${ mode } reset successful` });
    expect(calls.at(-1)).toBe(`k8s-reset:${ mode }`);
  });

  it('answers a Kubernetes reset that cannot run with 400 and why, and bad JSON with RD\'s text', async() => {
    expect(await call('PUT', '/v1/k8s_reset', '{nope')).toMatchObject({ status: 400, text: 'error processing JSON request block' });
    expect(await call('PUT', '/v1/k8s_reset', '{"mode":"other"}')).toMatchObject({ status: 400, text: 'invalid reset mode "other": use fast or wipe' });
    calls.push('k8s-down');
    expect(await call('PUT', '/v1/k8s_reset', '{"mode":"fast"}')).toMatchObject({ status: 400, text: 'Kubernetes is not running, so there is nothing to reset.' });
    calls.splice(calls.indexOf('k8s-down'), 1);
  });

  it('answers a reset whose cluster failed with 500 and what failed, never "successful"', async() => {
    calls.push('k8s-broken');
    expect(await call('PUT', '/v1/k8s_reset', '{"mode":"fast"}')).toMatchObject({ status: 500, text: 'kube-apiserver did not answer within 240 s' });
    calls.splice(calls.indexOf('k8s-broken'), 1);
  });

  it('answers 500 for a bug, and matches paths as express did (any case, trailing slash)', async() => {
    expect(await call('PUT', '/v1/transient_settings', '{"explode":true}')).toMatchObject({ status: 500, text: 'Internal Server Error' });
    expect((await call('GET', '/V1/Settings/')).status).toBe(200);
    expect((await call('GET', '/v1/diagnostic_checks?category=Utilities&id=X')).status).toBe(200);
  });

  it('answers shutdown and factory reset before acting on them', async() => {
    expect(await call('PUT', '/v1/factory_reset', 'junk')).toMatchObject({ status: 400, text: 'error processing JSON request block' });
    expect(await call('PUT', '/v1/factory_reset', '{"keepSystemImages":true}')).toMatchObject({ status: 202, text: 'Doing a full factory reset....' });
    expect(await call('PUT', '/v1/shutdown')).toMatchObject({ status: 202, text: 'Shutting down.' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toEqual(expect.arrayContaining(['reset:true', 'shutdown']));
  });
});
