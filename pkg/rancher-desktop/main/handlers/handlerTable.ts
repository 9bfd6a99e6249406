import type { RequestName } from '@pkg/ipc/routes';

import * as app from './appHandlers';
import * as diagnostics from './diagnosticsHandlers';
import * as kubernetes from './kubernetesHandlers';
import type { Handler } from './reply';
import * as settings from './settingsHandlers';
import * as unavailable from './unavailableHandlers';

/** Every request of the contract mapped to its one handler; a missing entry is a compile error. */
export const handlers: Record<RequestName, Handler> = {
  'app.about': app.about,
  'backend.getState': app.getBackendState,
  'backend.setState': app.setBackendState,
  'settings.get': settings.getSettings,
  'settings.update': settings.updateSettings,
  'settings.locked': settings.getLockedSettings,
  'settings.propose': settings.proposeSettings,
  'transientSettings.get': settings.getTransientSettings,
  'transientSettings.update': settings.updateTransientSettings,
  'app.shutdown': app.shutdown,
  'app.factoryReset': app.factoryReset,
  'k8s.reset': kubernetes.k8sReset,
  'diagnostics.categories': diagnostics.diagnosticCategories,
  'diagnostics.ids': diagnostics.diagnosticIds,
  'diagnostics.checks': diagnostics.diagnosticChecks,
  'diagnostics.run': diagnostics.runDiagnostics,
  'extensions.list': unavailable.listExtensions,
  'extensions.install': unavailable.installExtension,
  'extensions.uninstall': unavailable.uninstallExtension,
  'snapshots.list': unavailable.listSnapshots,
  'snapshots.create': unavailable.createSnapshot,
  'snapshots.delete': unavailable.deleteSnapshot,
  'snapshots.restore': unavailable.restoreSnapshot,
  'snapshots.cancel': unavailable.cancelSnapshot,
  'portForwarding.create': kubernetes.createPortForward,
  'portForwarding.delete': kubernetes.deletePortForward,
};
