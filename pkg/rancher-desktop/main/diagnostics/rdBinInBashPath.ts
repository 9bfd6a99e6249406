import { execFile } from 'node:child_process';
import path from 'node:path';

import type { DiagnosticChecker } from './types';

/** Runs a login bash and returns the PATH it ends up with; a seam so tests need no shell. */
export type LoginPath = () => Promise<string>;

export const bashLoginPath: LoginPath = () => new Promise((resolve, reject) => {
  execFile('bash', ['-l', '-c', 'echo "$PATH"'], { timeout: 10_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout.trim())));
});

/** Whether ~/.rd/bin is on the PATH a login bash gets, when the app manages the rc files. */
export function rdBinInBashPath(rdBin: string, loginPath: LoginPath = bashLoginPath): DiagnosticChecker {
  return {
    id: 'RD_BIN_IN_BASH_PATH',
    category: 'Utilities',
    applicable: (settings) => settings.application.pathManagementStrategy === 'rcfiles',
    async check() {
      let found = false;

      try {
        found = (await loginPath()).split(path.delimiter).includes(rdBin);
      } catch {
        found = false;
      }

      return {
        passed: found,
        description: found ? `${ rdBin } is on the PATH of a bash login shell.` : `${ rdBin } is not on the PATH of a bash login shell, so rdctl, docker and kubectl from Rancher Desktop are not found there.`,
        fixes: found ? [] : [{ description: `Add ${ rdBin } to PATH in ~/.bash_profile, or set application.pathManagementStrategy to rcfiles and restart.` }],
      };
    },
  };
}
