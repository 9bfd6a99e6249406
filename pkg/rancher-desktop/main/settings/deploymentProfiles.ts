import fs from 'node:fs';
import path from 'node:path';

import plist from 'plist';

import { isObject, type JsonObject } from '@pkg/config/objectPaths';
import { migrateSettings } from '@pkg/config/settingsMigrations';
import { isLeaf, type GroupSpec, settingsSchema } from '@pkg/config/settingsSchema';
import type { Platform } from '@pkg/config/settingsTypes';
import type { Logger } from '@pkg/utils/logger';
import type { Paths } from '@pkg/utils/node/paths';

import { parseRegProfile } from './regProfile';

/** The deployment profiles of this host; either may be absent. */
export interface DeploymentProfiles {
  defaults?: JsonObject;
  locked?: JsonObject;
  /** Where each profile came from, for error messages. */
  sources?: { defaults?: string; locked?: string };
}

/** A profile that cannot be used; the app refuses to start with it, naming the file. */
export class DeploymentProfileError extends Error {
  override name = 'DeploymentProfileError';
}

/**
 * Type-checks a profile against the schema: unknown keys are dropped with a log line (a
 * newer RD may know them), a value of the wrong type is fatal.
 */
function checkTypes(node: GroupSpec, profile: JsonObject, prefix: string, source: string, logger: Logger): JsonObject {
  const result: JsonObject = {};

  for (const [key, value] of Object.entries(profile)) {
    const spec = node[key];
    const where = prefix ? `${ prefix }.${ key }` : key;

    if (!spec) {
      logger.info(`deployment profile ${ source }: ignoring unknown setting "${ where }"`);
    } else if (!isLeaf(spec)) {
      if (!isObject(value)) {
        throw new DeploymentProfileError(`Error in deployment profile ${ source }: "${ where }" should be an object`);
      }
      result[key] = checkTypes(spec, value, where, source, logger);
    } else {
      const expected = { boolean: 'boolean', integer: 'number', string: 'string', 'string-array': 'array', map: 'object' }[spec.kind];
      const actual = Array.isArray(value) ? 'array' : typeof value;

      if (actual !== expected) {
        throw new DeploymentProfileError(`Error in deployment profile ${ source }: "${ where }" should be a ${ expected }, got ${ JSON.stringify(value) }`);
      }
      result[key] = value;
    }
  }

  return result;
}

/** Checks a parsed profile: it must carry a version; it is migrated, then type-checked. */
export function normaliseProfile(raw: unknown, source: string, locked: boolean, platform: Platform, logger: Logger): JsonObject {
  if (!isObject(raw)) {
    throw new DeploymentProfileError(`Error in deployment profile ${ source }: it is not an object`);
  }
  if (typeof raw.version !== 'number') {
    throw new DeploymentProfileError(`Invalid deployment profile ${ source }: no version specified. You'll need to add a version field to make it valid (current version is 19).`);
  }

  return checkTypes(settingsSchema, migrateSettings(raw, { locked, platform }), '', source, logger);
}

type Reader = (file: string) => unknown;

const readJson: Reader = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const readPlist: Reader = (file) => plist.parse(fs.readFileSync(file, 'utf8'));

/** The locations searched, in order, with the file names each uses (rd-api.md §3.6). */
function locations(paths: Paths, platform: Platform): { dir: string; defaults: string; locked: string; read: Reader }[] {
  if (platform === 'darwin') {
    const files = { defaults: 'io.rancherdesktop.profile.defaults.plist', locked: 'io.rancherdesktop.profile.locked.plist', read: readPlist };

    return [paths.deploymentProfileSystem, paths.altDeploymentProfileSystem, paths.deploymentProfileUser].map((dir) => ({ dir, ...files }));
  }
  if (platform === 'win32') {
    return []; // Read from the registry, which needs Windows; the .reg parser is tested on fixtures.
  }

  return [
    { dir: paths.deploymentProfileSystem, defaults: 'defaults.json', locked: 'locked.json', read: readJson },
    { dir: paths.altDeploymentProfileSystem, defaults: 'defaults.json', locked: 'locked.json', read: readJson },
    { dir: paths.deploymentProfileUser, defaults: 'rancher-desktop.defaults.json', locked: 'rancher-desktop.locked.json', read: readJson },
  ];
}

/**
 * Reads the deployment profiles once at start-up: the first location holding either file
 * wins and later ones are not read. Unreadable or invalid profiles are fatal, as in RD.
 */
export function readDeploymentProfiles(paths: Paths, platform: Platform, logger: Logger): DeploymentProfiles {
  for (const location of locations(paths, platform)) {
    const defaultsFile = path.join(location.dir, location.defaults);
    const lockedFile = path.join(location.dir, location.locked);
    const found = [defaultsFile, lockedFile].filter((f) => fs.existsSync(f));

    if (found.length === 0) {
      continue;
    }
    const load = (file: string, locked: boolean) => {
      if (!fs.existsSync(file)) {
        return undefined;
      }
      let raw: unknown;

      try {
        raw = location.read(file);
      } catch (error) {
        throw new DeploymentProfileError(`Error reading deployment profile ${ file }: ${ (error as Error).message }`);
      }

      return normaliseProfile(raw, file, locked, platform, logger);
    };

    logger.info(`deployment profiles from ${ location.dir }: ${ found.map((f) => path.basename(f)).join(', ') }`);

    return {
      defaults: load(defaultsFile, false),
      locked: load(lockedFile, true),
      sources: { defaults: defaultsFile, locked: lockedFile },
    };
  }

  return {};
}

export { parseRegProfile };
