import { CURRENT_SETTINGS_VERSION } from '@pkg/config/settingsTypes';
import { UserError } from '@pkg/utils/errors';

import type { CoreServices } from '../coreServices';
import type { DiagnosticsRunner } from '../diagnostics/diagnosticsRunner';

import { flag, requiredText } from './args';

export type DiagnosticsReport = ReturnType<DiagnosticsRunner['report']>;

/** GET /v1/diagnostic_ids: the check ids of one category; an unknown category is not-found. */
export function diagnosticIds(diagnostics: DiagnosticsRunner, category: unknown): string[] {
  if (typeof category !== 'string' || category.trim() === '') {
    throw new UserError('bad-request', 'no category specified');
  }
  const ids = diagnostics.ids(category);

  if (!ids) {
    throw new UserError('not-found', `No diagnostic checks found in category ${ category }`);
  }

  return ids;
}

/** GET /v1/diagnostic_checks and the Diagnostics page's list: the last results, optionally narrowed. */
export function diagnosticReport(diagnostics: DiagnosticsRunner, category?: string, id?: string): DiagnosticsReport {
  return diagnostics.report(category, id);
}

/** POST /v1/diagnostic_checks and the Diagnostics page's Rerun: runs every check, then reports. */
export async function runDiagnostics(diagnostics: DiagnosticsRunner): Promise<DiagnosticsReport> {
  await diagnostics.runAll();

  return diagnostics.report();
}

/** The Diagnostics page's mute toggle, saved in diagnostics.mutedChecks. */
export function muteDiagnostic(services: CoreServices, id: unknown, mute: unknown): void {
  const check = requiredText(id, 'check id');
  const result = services.settings.update({ version: CURRENT_SETTINGS_VERSION, diagnostics: { mutedChecks: { [check]: flag(mute, 'mute') } } });

  if (result.errors.length > 0) {
    throw new UserError('invalid-setting', result.errors.join('\n'));
  }
}
