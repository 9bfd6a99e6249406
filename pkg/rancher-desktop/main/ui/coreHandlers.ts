import fs from 'node:fs';
import path from 'node:path';

import { CURRENT_SETTINGS_VERSION } from '@pkg/config/settingsTypes';
import type { DiagnosticResult, UiRequestName } from '@pkg/ipc/uiContract';
import { UserError } from '@pkg/utils/errors';
import { tailFile } from '@pkg/utils/node/fileTail';

import type { CheckResult } from '../diagnostics/diagnosticsRunner';

import { backendSnapshot } from './backendSnapshot';
import { kubernetesHandlers } from './kubernetesHandlers';
import type { EngineRequest, UiHandlers } from './uiContext';
import { object, text } from './uiArgs';

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
  'backend.setState': async({ services }, desired) => {
    if (desired !== 'STARTED' && desired !== 'STOPPED') {
      throw new UserError('bad-request', `invalid desired state "${ String(desired) }": use STARTED or STOPPED`);
    }
    services.backend.requestState(desired);
  },
  'settings.get': async({ services }) => services.settings.current,
  'settings.locked': async({ services }) => services.settings.locked,
  'settings.propose': async({ services }, partial) => {
    const { errors, desired } = services.settings.propose(object(partial, 'settings'));

    return { errors, reasons: errors.length > 0 ? {} : await services.backend.restartReasons(desired) };
  },
  'settings.update': async({ services }, partial) => {
    const result = services.settings.update({ ...object(partial, 'settings'), version: CURRENT_SETTINGS_VERSION });

    if (result.errors.length > 0 || !result.changed) {
      return { errors: result.errors };
    }

    return { errors: [], outcome: await services.backend.applySettings(services.settings.current) };
  },
  'diagnostics.list': async({ diagnostics }) => diagnostics.report().checks.map(toResult),
  'diagnostics.run': async({ diagnostics }) => {
    await diagnostics.runAll();

    return diagnostics.report().checks.map(toResult);
  },
  'diagnostics.mute': async({ services }, id, mute) => {
    const result = services.settings.update({ version: CURRENT_SETTINGS_VERSION, diagnostics: { mutedChecks: { [text(id, 'check id')]: mute === true } } });

    if (result.errors.length > 0) {
      throw new UserError('invalid-setting', result.errors.join('\n'));
    }
  },
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
    setTimeout(() => services.lifecycle.factoryReset(keepSystemImages === true), 100);
  },
  'k8s.versions': async({ services }) => services.k8sCatalogue,
  'snapshots.list': () => notYet('Snapshots are'),
  'extensions.list': () => notYet('Extensions are'),
};
