import fs from 'node:fs';
import path from 'node:path';

import { atomicWriteFileSync } from '@pkg/utils/node/atomicWrite';

/** What rd-engine.json holds; rdctl reads it to find and authenticate to the API. */
export interface ServerState {
  user: string;
  password: string;
  port: number;
  pid: number;
}

/** Writes `<appHome>/rd-engine.json` (0600, pretty JSON and a newline), replacing any old one atomically. */
export function writeServerState(appHome: string, state: ServerState, fileName = 'rd-engine.json'): string {
  const file = path.join(appHome, fileName);

  fs.mkdirSync(appHome, { recursive: true });
  atomicWriteFileSync(file, `${ JSON.stringify(state, undefined, 2) }\n`, 0o600);

  return file;
}

/**
 * Removes rd-engine.json when it is still this process's (it names `pid`): once the app is
 * gone, a file naming its pid would point rdctl at whatever process gets that pid next.
 */
export function removeServerState(appHome: string, pid: number, fileName = 'rd-engine.json'): void {
  const file = path.join(appHome, fileName);

  try {
    if ((JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ServerState>).pid !== pid) {
      return;
    }
  } catch {
    return; // Gone already, or not ours to judge.
  }
  fs.rmSync(file, { force: true });
}
