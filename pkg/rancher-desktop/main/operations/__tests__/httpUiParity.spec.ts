import type { RequestName } from '@pkg/ipc/routes';
import type { UiRequestName } from '@pkg/ipc/uiContract';
import { UserError } from '@pkg/utils/errors';

import { handlers } from '../../handlers/handlerTable';
import type { HandlerContext } from '../../handlers/reply';
import { coreHandlers } from '../../ui/coreHandlers';
import { StreamRegistry } from '../../ui/streamRegistry';
import type { UiContext } from '../../ui/uiContext';

import { type FakeBehaviour, fakeServices } from './fakeServices';

// The same request, made over HTTP (rdctl) and through the GUI contract, gets the same
// answer: bad input is a 400 whose text is the route's RD prefix and the message the GUI
// shows, and the core is not called.

type Call = { http: RequestName; body?: string; query?: Record<string, string>; ui: UiRequestName; args: unknown[] };

function setup(behaviour: FakeBehaviour = {}) {
  const fake = fakeServices(behaviour);
  const ui: UiContext = {
    services: fake.services,
    diagnostics: fake.diagnostics,
    about: { version: '1', platform: 'linux', arch: 'x64', logsDir: '/l', shell: 'headless' },
    streams: new StreamRegistry({ output: () => {}, end: () => {} }),
  };
  const overHttp = (call: Call) => {
    const ctx: HandlerContext = { services: fake.services, diagnostics: fake.diagnostics, query: call.query ?? {}, body: call.body ?? '' };

    return Promise.resolve(handlers[call.http](ctx));
  };
  const inGui = (call: Call) => (coreHandlers as unknown as Record<string, (ctx: UiContext, ...args: unknown[]) => Promise<unknown>>)[call.ui](ui, ...call.args);

  return { ...fake, overHttp, inGui };
}

const forward = (namespace: unknown, service: unknown, k8sPort: unknown, hostPort: unknown): Call => ({
  http: 'portForwarding.create', body: JSON.stringify({ namespace, service, k8sPort, hostPort }), ui: 'portForwarding.forward', args: [namespace, service, k8sPort, hostPort],
});
const cancel = (namespace: string, service: string, k8sPort: string | number): Call => ({
  http: 'portForwarding.delete', query: { namespace, service, k8sPort: String(k8sPort) }, ui: 'portForwarding.cancel', args: [namespace, service, k8sPort],
});

const FORWARD = 'Could not forward port; ';
const CANCEL = 'Could not delete port forwarding; ';

describe('the HTTP API and the GUI answer bad input alike', () => {
  it.each<[string, Call, string, string]>([
    ['an unknown backend state', { http: 'backend.setState', body: '{"vmState":"PAUSED"}', ui: 'backend.setState', args: ['PAUSED'] }, '', 'invalid desired VM state "PAUSED": use STARTED or STOPPED'],
    ['an unknown reset mode', { http: 'k8s.reset', body: '{"mode":"other"}', ui: 'k8s.reset', args: ['other'] }, '', 'invalid reset mode "other": use fast or wipe'],
    ['a reset mode that is a number', { http: 'k8s.reset', body: '{"mode":5}', ui: 'k8s.reset', args: [5] }, '', 'invalid reset mode 5: use fast or wipe'],
    ['a null reset mode', { http: 'k8s.reset', body: '{"mode":null}', ui: 'k8s.reset', args: [null] }, '', 'invalid reset mode null: use fast or wipe'],
    ['a forward without a namespace', forward('', 'web', 80, 0), FORWARD, 'namespace is required'],
    ['a forward to a fractional host port', forward('default', 'web', 80, 1.5), FORWARD, 'host port must be a whole number from 0 to 65535 (0 for any free port), not 1.5'],
    ['a forward to a host port past 65535', forward('default', 'web', 80, 70000), FORWARD, 'host port must be a whole number from 0 to 65535 (0 for any free port), not 70000'],
    ['a forward of a malformed Service port name', forward('default', 'web', 'no such!', 0), FORWARD, 'Service port must be a port number (1-65535) or a port name, not "no such!"'],
    ['a forward of Service port 0', forward('default', 'web', 0, 0), FORWARD, 'Service port must be a port number (1-65535) or a port name, not 0'],
    ['a cancel without a namespace', cancel('', 'web', 80), CANCEL, 'namespace is required'],
    ['a factory reset with a keepSystemImages that is not a boolean', { http: 'app.factoryReset', body: '{"keepSystemImages":"yes"}', ui: 'troubleshooting.factoryReset', args: ['yes'] }, '', 'keepSystemImages must be true or false, not "yes"'],
    ['settings that are a string', { http: 'settings.update', body: '"x"', ui: 'settings.update', args: ['x'] }, '', 'settings payload is not an object'],
    ['settings that are a list', { http: 'settings.update', body: '[1]', ui: 'settings.update', args: [[1]] }, '', 'settings payload is not an object'],
    ['proposed settings that are a list', { http: 'settings.propose', body: '[]', ui: 'settings.propose', args: [[]] }, '', 'settings payload is not an object'],
  ])('%s', async(_title, call, prefix, message) => {
    const { overHttp, inGui, calls } = setup();
    const http = await overHttp(call).catch((error: unknown) => error);
    const gui = await inGui(call).then(() => 'no error', (error: unknown) => error);

    expect(http).toMatchObject({ status: 400, text: `${ prefix }${ message }` });
    expect(gui).toBeInstanceOf(UserError);
    expect(gui).toMatchObject({ message });
    expect(calls).toEqual([]);
  });

  it('passes the core\'s refusal of a cancel through as a 400 and a GUI error, not a 500', async() => {
    const refusal = new UserError('unsupported', 'Kubernetes is not running (the backend is STOPPED)');
    const { overHttp, inGui } = setup({ cancelError: refusal });

    expect(await overHttp(cancel('default', 'web', 80)).catch((error: unknown) => error)).toMatchObject({ status: 400, text: `${ CANCEL }${ refusal.message }` });
    await expect(inGui(cancel('default', 'web', 80))).rejects.toBe(refusal);
  });
});

describe('the HTTP API and the GUI read good input alike', () => {
  it.each<[string, Call, string[]]>([
    ['ports given as digits', forward('default', 'web', '80', '8081'), ['kubernetes.forwardPort:"default","web",80,8081']],
    ['no host port: any free one', forward('default', 'web', 'http', null), ['kubernetes.forwardPort:"default","web","http",0']],
    ['a reset without a mode is fast', { http: 'k8s.reset', body: '{}', ui: 'k8s.reset', args: [] }, ['backend.resetKubernetes:"fast"']],
  ])('%s', async(_title, call, expected) => {
    const http = setup();
    const gui = setup();

    expect((await http.overHttp(call)).status).toBe(200);
    await gui.inGui(call).catch(() => {});
    expect(http.calls).toEqual(expected);
    expect(gui.calls).toEqual(expected);
  });
});
