import fs from 'node:fs';
import path from 'node:path';

import type { DiagnosticChecker } from './types';

/** Whether every link in ~/.rd/bin points at a tool that exists (an old install leaves dangling ones). */
export function rdBinSymlinks(rdBin: string): DiagnosticChecker {
  return {
    id: 'RD_BIN_SYMLINKS',
    category: 'Utilities',
    applicable: () => true,
    check() {
      let broken: string[] = [];

      try {
        broken = fs.readdirSync(rdBin).filter((name) => {
          const link = path.join(rdBin, name);

          return fs.lstatSync(link).isSymbolicLink() && !fs.existsSync(link);
        });
      } catch {
        return Promise.resolve({ passed: false, description: `${ rdBin } does not exist yet.`, fixes: [{ description: 'Start Rancher Desktop once; it creates the directory and its links.' }] });
      }

      return Promise.resolve({
        passed: broken.length === 0,
        description: broken.length === 0 ? `Every tool in ${ rdBin } is usable.` : `These links in ${ rdBin } point nowhere: ${ broken.join(', ') }.`,
        fixes: broken.length === 0 ? [] : [{ description: 'Restart Rancher Desktop to recreate the links, or delete the broken ones.' }],
      });
    },
  };
}
