import { MockEngineClient } from '@pkg/backend/mock/mockEngineClient';
import { defaultSettings } from '@pkg/config/defaults';
import type { Settings } from '@pkg/config/settingsTypes';
import type { Progress, State } from '@pkg/ipc/backendState';
import type { ServiceEntry } from '@pkg/ipc/kubernetes';
import type { UiMessage } from '@pkg/ipc/uiContract';
import { Emitter } from '@pkg/utils/emitter';
import { nullLogger } from '@pkg/utils/logger';
import { computePaths } from '@pkg/utils/node/paths';

import type { CoreServices } from '../../coreServices';
import { DiagnosticsRunner } from '../../diagnostics/diagnosticsRunner';
import { UiSession } from '../uiSession';

const settings = defaultSettings({ platform: 'linux', kernelMajor: 6, totalMemoryBytes: 8 * 2 ** 30, arch: 'x64' });
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

function setup() {
  const stateChanged = new Emitter<State>();
  const settingsChanged = new Emitter<Settings>();
  const servicesChanged = new Emitter<ServiceEntry[]>();
  const updates: unknown[] = [];
  const engine = new MockEngineClient();
  const services = {
    paths: computePaths({ platform: 'linux', home: '/home/u', env: {}, resources: '/r' }),
    settings: {
      current: settings, locked: {}, isFirstRun: false, onDidChange: settingsChanged.event,
      update: (body: unknown) => {
        updates.push(body);

        return (body as { kubernetes?: { port?: unknown } }).kubernetes?.port === 0 ? { errors: ['Invalid value for "kubernetes.port": <0>'], changed: false } : { errors: [], changed: true };
      },
      propose: () => ({ errors: [], desired: settings }),
      reload: () => {},
    },
    transientSettings: { current: {}, update: () => ({ errors: [], changed: false }) },
    backend: {
      state: 'STARTED', progress: { current: 0, max: 0 } as Progress, lastError: undefined, acceleration: { accel: 'tcg', reason: '/dev/kvm cannot run a guest' },
      onDidChangeState: stateChanged.event, onDidChangeProgress: new Emitter<Progress>().event,
      status: () => ({ vmState: 'STARTED', locked: false }), requestState: jest.fn(),
      restartReasons: async() => ({ 'containerEngine.name': { current: 'moby', desired: 'containerd', severity: 'restart' } }),
      applySettings: async() => 'restarting',
      resetKubernetes: jest.fn(async() => {}),
    },
    kubernetes: {
      listServices: jest.fn(async() => [{ namespace: 'default', name: 'web', port: 80, listenPort: 8080 }]),
      forwardPort: jest.fn(async(_ns: string, _svc: string, _port: number | string, hostPort: number) => hostPort || 34567),
      cancelForward: jest.fn(async() => {}),
      onDidChangeServices: servicesChanged.event,
    },
    containerEngine: () => engine,
    lifecycle: { shutdown: jest.fn(), factoryReset: jest.fn() },
  } as unknown as CoreServices;
  const sent: UiMessage[] = [];
  const session = new UiSession({
    services, diagnostics: new DiagnosticsRunner([], () => settings), logger: nullLogger,
    about: { version: '1', platform: 'linux', arch: 'x64', logsDir: '/l', shell: 'headless' }, send: (m) => sent.push(m),
  });
  const reply = (id: number) => sent.find((m) => m.type === 'reply' && m.id === id);

  return { services, session, sent, reply, stateChanged, settingsChanged, servicesChanged, updates };
}

describe('UiSession', () => {
  it('answers a request with its result', async() => {
    const { session, reply } = setup();

    await session.handle({ type: 'request', id: 1, name: 'backend.status', args: [] });
    expect(reply(1)).toEqual({ type: 'reply', id: 1, ok: true, result: { state: 'STARTED', progress: { current: 0, max: 0 }, acceleration: 'tcg: /dev/kvm cannot run a guest' } });
  });

  it('answers malformed and unknown requests with an error, and ignores id-less junk', async() => {
    const { session, sent } = setup();

    await session.handle({ type: 'request', id: 2, name: 'fs.readFile', args: ['/etc/passwd'] });
    await session.handle({ type: 'request', id: 3, name: 'settings.get' });
    await session.handle('junk');
    expect(sent).toEqual([
      { type: 'reply', id: 2, ok: false, error: 'malformed or unknown request' },
      { type: 'reply', id: 3, ok: false, error: 'malformed or unknown request' },
    ]);
  });

  it('checks arguments before acting', async() => {
    const { session, reply } = setup();

    await session.handle({ type: 'request', id: 4, name: 'containers.stop', args: [42] });
    await session.handle({ type: 'request', id: 5, name: 'backend.setState', args: ['BROKEN'] });
    expect(reply(4)).toMatchObject({ ok: false, error: 'container id is required' });
    expect(reply(5)).toMatchObject({ ok: false, error: expect.stringContaining('use STARTED or STOPPED') });
  });

  it('updates settings with the current version, returning the validator\'s errors and what applying did', async() => {
    const { session, reply, updates } = setup();

    await session.handle({ type: 'request', id: 6, name: 'settings.update', args: [{ kubernetes: { port: 0 } }] });
    await session.handle({ type: 'request', id: 7, name: 'settings.update', args: [{ containerEngine: { name: 'containerd' } }] });
    expect(reply(6)).toMatchObject({ ok: true, result: { errors: ['Invalid value for "kubernetes.port": <0>'] } });
    expect(reply(7)).toMatchObject({ ok: true, result: { errors: [], outcome: 'restarting' } });
    expect(updates[1]).toEqual({ containerEngine: { name: 'containerd' }, version: 19 });
  });

  it('proposes: the restart reasons of a valid change', async() => {
    const { session, reply } = setup();

    await session.handle({ type: 'request', id: 8, name: 'settings.propose', args: [{ containerEngine: { name: 'containerd' } }] });
    expect(reply(8)).toMatchObject({ ok: true, result: { errors: [], reasons: { 'containerEngine.name': { severity: 'restart' } } } });
  });

  it('pushes backend and settings changes', () => {
    const { sent, stateChanged, settingsChanged } = setup();

    stateChanged.fire('STOPPING');
    settingsChanged.fire(settings);
    expect(sent.map((m) => m.type === 'event' && m.name)).toEqual(['backend.changed', 'settings.changed']);
  });

  it('streams a pull: the id first, then output, then the end', async() => {
    const { session, sent } = setup();

    await session.handle({ type: 'request', id: 9, name: 'images.pull', args: ['alpine:3'] });
    await new Promise((resolve) => setTimeout(resolve, 600));
    const streamId = (sent[0] as { result: { streamId: string } }).result.streamId;

    expect(sent[0]).toMatchObject({ type: 'reply', id: 9, ok: true });
    expect(sent.filter((m) => m.type === 'event' && m.name === 'stream.output').length).toBeGreaterThan(1);
    expect(sent.at(-1)).toEqual({ type: 'event', name: 'stream.end', payload: { streamId } });
  });

  it('stops pushing once disposed, and ends its follows', async() => {
    const { session, sent, stateChanged } = setup();

    await session.handle({ type: 'request', id: 10, name: 'containers.logs', args: ['web', { follow: true }] });
    await tick();
    session.dispose();
    const count = sent.length;

    stateChanged.fire('STOPPED');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(sent.length).toBe(count);
  });

  it('says honestly what is not there yet', async() => {
    const { session, reply } = setup();

    await session.handle({ type: 'request', id: 11, name: 'snapshots.list', args: [] });
    expect(reply(11)).toEqual({ type: 'reply', id: 11, ok: true, result: { available: false, reason: 'Snapshots are not available yet in this version of Rancher Desktop.' } });
  });

  it('lists Services, forwards and cancels through CoreServices.kubernetes, checking arguments first', async() => {
    const { session, reply, services } = setup();

    await session.handle({ type: 'request', id: 20, name: 'portForwarding.list', args: ['default'] });
    await session.handle({ type: 'request', id: 21, name: 'portForwarding.forward', args: ['default', 'web', 80, 0] });
    await session.handle({ type: 'request', id: 22, name: 'portForwarding.forward', args: ['default', 'web', 'http', 9000] });
    await session.handle({ type: 'request', id: 23, name: 'portForwarding.cancel', args: ['default', 'web', 80] });
    await session.handle({ type: 'request', id: 24, name: 'portForwarding.forward', args: ['default', '', 80, 0] });
    await session.handle({ type: 'request', id: 25, name: 'portForwarding.forward', args: ['default', 'web', 80, 1.5] });
    expect(reply(20)).toMatchObject({ ok: true, result: [{ namespace: 'default', name: 'web', port: 80, listenPort: 8080 }] });
    expect(reply(21)).toMatchObject({ ok: true, result: 34567 });
    expect(reply(22)).toMatchObject({ ok: true, result: 9000 });
    expect(reply(23)).toMatchObject({ ok: true });
    expect(reply(24)).toMatchObject({ ok: false, error: 'service is required' });
    expect(reply(25)).toMatchObject({ ok: false, error: 'host port must be a whole number from 0 to 65535 (0 for any free port), not 1.5' });
    expect(services.kubernetes.listServices).toHaveBeenCalledWith('default');
    expect(services.kubernetes.cancelForward).toHaveBeenCalledWith('default', 'web', 80);
  });

  it('resets Kubernetes in the mode asked for, and only a known mode', async() => {
    const { session, reply, services } = setup();

    await session.handle({ type: 'request', id: 26, name: 'k8s.reset', args: ['wipe'] });
    await session.handle({ type: 'request', id: 27, name: 'k8s.reset', args: ['hard'] });
    expect(reply(26)).toMatchObject({ ok: true });
    expect(services.backend.resetKubernetes).toHaveBeenCalledWith('wipe');
    expect(reply(27)).toMatchObject({ ok: false, error: 'invalid reset mode "hard": use fast or wipe' });
  });

  it('pushes the Services when they change', () => {
    const { sent, servicesChanged } = setup();

    servicesChanged.fire([{ namespace: 'default', name: 'web', port: 80 }]);
    expect(sent).toEqual([{ type: 'event', name: 'portForwarding.changed', payload: [{ namespace: 'default', name: 'web', port: 80 }] }]);
  });
});
