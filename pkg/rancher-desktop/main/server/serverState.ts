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
