import fs from 'node:fs';
import path from 'node:path';

import { CommandError } from './output';
import { rdPaths } from './rdPaths';

/** The global flags every API-talking command accepts (rd-api.md §2.1). */
export interface GlobalFlags {
  configPath?: string;
  user?: string;
  password?: string;
  host?: string;
  port?: string | number;
  verbose?: boolean;
}

export interface ConnectionInfo {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** rd-engine.json's keys, matched case-insensitively like Go's JSON decoding. */
function readStateFile(file: string): Partial<ConnectionInfo> {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const get = (key: string) => Object.entries(raw).find(([k]) => k.toLowerCase() === key)?.[1];

  return { user: get('user') as string | undefined, password: get('password') as string | undefined, port: get('port') as number | undefined };
}

/** The default location of rd-engine.json. */
export function defaultConfigPath(): string {
  return path.join(rdPaths().appHome, 'rd-engine.json');
}

/**
 * Resolves how to reach the API: rd-engine.json (the default one may be missing when flags
 * supply everything), then flags override, host defaults to 127.0.0.1.
 */
export function resolveConnection(flags: GlobalFlags): ConnectionInfo {
  let fromFile: Partial<ConnectionInfo> = {};
  const file = flags.configPath ?? defaultConfigPath();

  try {
    fromFile = readStateFile(file);
  } catch (error) {
    if (flags.configPath || (error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new CommandError(`failed to read ${ file }: ${ (error as Error).message }`);
    }
  }
  const port = flags.port !== undefined ? Number(flags.port) : fromFile.port;
  const user = flags.user ?? fromFile.user;
  const password = flags.password ?? fromFile.password;

  if (!port || !user || !password) {
    throw new CommandError('insufficient connection settings (missing one or more of: port, user, and password)');
  }

  return { host: flags.host ?? '127.0.0.1', port, user, password };
}
