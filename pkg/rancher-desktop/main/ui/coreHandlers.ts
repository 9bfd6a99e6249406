import fs from 'node:fs';
import path from 'node:path';

import type { DiagnosticResult, UiRequestName } from '@pkg/ipc/uiContract';
import { UserError } from '@pkg/utils/errors';
import { tailFile } from '@pkg/utils/node/fileTail';

import type { CheckResult } from '../diagnostics/diagnosticsRunner';
import { setBackendState } from '../operations/backendOps';
import { diagnosticReport, muteDiagnostic, runDiagnostics } from '../operations/diagnosticsOps';
import { planFactoryReset } from '../operations/lifecycleOps';
import { proposeSettings, updateSettings } from '../operations/settingsOps';

import { backendSnapshot } from './backendSnapshot';
import { kubernetesHandlers } from './kubernetesHandlers';
import type { EngineRequest, UiHandlers } from './uiContext';

type CoreRequest = Exclude<UiRequestName, EngineRequest>;

const notYet = (what: string) => Promise.resolve({ available: false as const, reason: `${ what } not available yet in this version of Rancher Desktop.` });

const toResult = (c: CheckResult): DiagnosticResult => ({ id: c.id, category: c.category, description: c.description, documentation: c.documentation ?? '', passed: c.passed, mute: c.mute });

function logFiles(dir: string): { name: string; size: number }[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.log'))
      .map((e) => ({ name: e.name, size: fs.statSync(path.join(dir, e.name)).size }))
      .sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return [];
  }
}

/** The General, Preferences, Diagnostics, Troubleshooting and Port Forwarding pages' requests. */
export const coreHandlers: UiHandlers<CoreRequest> = {
  ...kubernetesHandlers,
  'app.about': async({ about }) => about,
  'backend.status': async({ services }) => backendSnapshot(services.backend),
  'backend.setState': async({ services }, desired) => setBackendState(services, desired),
  'settings.get': async({ services }) => services.settings.current,
  'settings.locked': async({ services }) => services.settings.locked,
  'settings.propose': ({ services }, partial) => proposeSettings(services, partial),
  'settings.update': async({ services }, partial) => {
    const { errors, outcome } = await updateSettings(services, partial, { currentSchema: true });

    return outcome ? { errors, outcome } : { errors };
  },
  'diagnostics.list': async({ diagnostics }) => diagnosticReport(diagnostics).checks.map(toResult),
  'diagnostics.run': async({ diagnostics }) => (await runDiagnostics(diagnostics)).checks.map(toResult),
  'diagnostics.mute': async({ services }, id, mute) => muteDiagnostic(services, id, mute),
  'logs.list': async({ services }) => logFiles(services.paths.logs),
  'logs.read': async({ services }, name, lines) => {
    // Only a file the listing offers: the name never becomes a path elsewhere.
    if (!logFiles(services.paths.logs).some((f) => f.name === name)) {
      throw new UserError('not-found', `No log file named ${ String(name) }`);
    }

    return tailFile(path.join(services.paths.logs, name), Math.min(Math.max(Number(lines) || 200, 1), 5000)).join('\n');
  },
  'troubleshooting.factoryReset': async({ services }, keepSystemImages) => {
    // Answer first: the reset ends this process.
    setTimeout(planFactoryReset(services, keepSystemImages), 100);
  },
  'k8s.versions': async({ services }) => services.k8sCatalogue,
  'snapshots.list': () => notYet('Snapshots are'),
  'extensions.list': () => notYet('Extensions are'),
};
