import { defaultSettings } from '@pkg/config/defaults';
import type { K8sResetMode } from '@pkg/ipc/kubernetes';
import { Emitter } from '@pkg/utils/emitter';
import { UserError } from '@pkg/utils/errors';
import { computePaths } from '@pkg/utils/node/paths';

import type { CoreServices, UpdateResult } from '../../coreServices';
import { DiagnosticsRunner } from '../../diagnostics/diagnosticsRunner';
import type { DiagnosticChecker } from '../../diagnostics/types';

export const settings = defaultSettings({ platform: 'linux', kernelMajor: 6, totalMemoryBytes: 8 * 2 ** 30, arch: 'x64' });

/** What the fakes do with a given input, so a test can make the core refuse or change nothing. */
export interface FakeBehaviour {
  update?: (body: unknown) => UpdateResult;
  propose?: (body: unknown) => string[];
  /** The error the controller's reset throws (not running, busy), if any. */
  resetError?: Error;
  cancelError?: Error;
}

/** CoreServices whose every call is recorded in `calls`, as `name:args`. */
export function fakeServices(behaviour: FakeBehaviour = {}) {
  const calls: string[] = [];
  const record = (name: string, ...args: unknown[]) => calls.push(args.length > 0 ? `${ name }:${ args.map((a) => JSON.stringify(a)).join(',') }` : name);
  const services: CoreServices = {
    paths: computePaths({ platform: 'linux', home: '/home/u', env: {}, resources: '/r' }),
    settings: {
      current: settings,
      locked: {},
      isFirstRun: false,
      onDidChange: new Emitter<any>().event,
      update: (body) => {
        record('settings.update', body);

        return behaviour.update?.(body) ?? { errors: [], changed: true };
      },
      propose: (body) => {
        record('settings.propose', body);

        return { errors: behaviour.propose?.(body) ?? [], desired: settings };
      },
      reload: () => record('settings.reload'),
    },
    transientSettings: {
      current: {},
      update: (body) => {
        record('transientSettings.update', body);

        return { errors: [], changed: true };
      },
    },
    backend: {
      state: 'STARTED',
      progress: { current: 0, max: 0 },
      lastError: undefined,
      acceleration: undefined,
      onDidChangeState: new Emitter<any>().event,
      onDidChangeProgress: new Emitter<any>().event,
      status: () => ({ vmState: 'STARTED', locked: false }),
      requestState: (desired) => record('backend.requestState', desired),
      restartReasons: async() => {
        record('backend.restartReasons');

        return { 'containerEngine.name': { current: 'moby', desired: 'containerd', severity: 'restart' } };
      },
      applySettings: async() => {
        record('backend.applySettings');

        return 'restarting';
      },
      resetKubernetes: async(mode: K8sResetMode) => {
        record('backend.resetKubernetes', mode);
        if (behaviour.resetError) {
          throw behaviour.resetError;
        }
      },
    },
    k8sCatalogue: { versions: [] },
    kubernetes: {
      listServices: async(namespace) => {
        record('kubernetes.listServices', namespace);

        return [];
      },
      forwardPort: async(namespace, service, k8sPort, hostPort) => {
        record('kubernetes.forwardPort', namespace, service, k8sPort, hostPort);

        return hostPort || 34567;
      },
      cancelForward: async(namespace, service, k8sPort) => {
        record('kubernetes.cancelForward', namespace, service, k8sPort);
        if (behaviour.cancelError) {
          throw behaviour.cancelError;
        }
      },
      onDidChangeServices: new Emitter<any>().event,
    },
    containerEngine: () => {
      throw new UserError('busy', 'no engine in these tests');
    },
    lifecycle: {
      shutdown: () => record('lifecycle.shutdown'),
      factoryReset: (keep) => record('lifecycle.factoryReset', keep),
    },
  };
  const checks: DiagnosticChecker[] = [
    { id: 'CHECK_A', category: 'Utilities', applicable: () => true, check: async() => ({ description: 'a', passed: true, fixes: [] }) },
  ];
  const diagnostics = new DiagnosticsRunner(checks, () => settings);

  return { services, diagnostics, calls };
}
