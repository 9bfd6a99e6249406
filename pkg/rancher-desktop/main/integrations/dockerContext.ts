import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { setTopLevelString } from '@pkg/utils/dockerConfigEdit';
import { atomicWriteFileSync } from '@pkg/utils/node/atomicWrite';

export const CONTEXT_NAME = 'rancher-desktop';

/** docker keeps each context under contexts/meta/<sha256 of its name>/meta.json. */
export function contextMetaDir(dockerDir: string, name = CONTEXT_NAME): string {
  return path.join(dockerDir, 'contexts', 'meta', crypto.createHash('sha256').update(name).digest('hex'));
}

export interface DockerContextOutcome {
  /** The context file was (re)written. */
  wroteContext: boolean;
  /** config.json's currentContext was set to rancher-desktop. */
  madeCurrent: boolean;
  /** Why config.json was left alone, when it was. */
  skipped?: string;
}

/**
 * Makes the `rancher-desktop` docker context point at the forwarded socket, and makes it
 * current only when the user has none of their own (no currentContext, or docker's
 * `default`, and no DOCKER_HOST/DOCKER_CONTEXT in the app's environment). Every other byte of
 * config.json (credentials, credsStore, plugins…) is kept, through a symlink to the file it
 * names; a config.json that does not parse is never rewritten.
 */
export function ensureDockerContext(dockerDir: string, socket: string, env: Record<string, string | undefined>): DockerContextOutcome {
  const meta = {
    Name: CONTEXT_NAME,
    Metadata: { Description: 'Rancher Desktop moby context' },
    Endpoints: { docker: { Host: `unix://${ socket }`, SkipTLSVerify: false } },
  };
  const metaFile = path.join(contextMetaDir(dockerDir), 'meta.json');
  const metaText = `${ JSON.stringify(meta) }\n`;
  let wroteContext = false;

  if (!fs.existsSync(metaFile) || fs.readFileSync(metaFile, 'utf8') !== metaText) {
    atomicWriteFileSync(metaFile, metaText);
    wroteContext = true;
  }
  if (env.DOCKER_HOST || env.DOCKER_CONTEXT) {
    return { wroteContext, madeCurrent: false, skipped: 'DOCKER_HOST or DOCKER_CONTEXT is set' };
  }
  const configFile = path.join(dockerDir, 'config.json');
  let config: Record<string, unknown> = {};
  let text: string | undefined;

  if (fs.existsSync(configFile)) {
    try {
      text = fs.readFileSync(configFile, 'utf8');
      config = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return { wroteContext, madeCurrent: false, skipped: `${ configFile } is not valid JSON` };
    }
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
      return { wroteContext, madeCurrent: false, skipped: `${ configFile } is not a JSON object` };
    }
  }
  const current = config.currentContext;

  if (current && current !== 'default') {
    return { wroteContext, madeCurrent: false, skipped: current === CONTEXT_NAME ? undefined : `the user's context "${ String(current) }" is current` };
  }
  if (text === undefined) {
    atomicWriteFileSync(configFile, `${ JSON.stringify({ currentContext: CONTEXT_NAME }, undefined, 2) }\n`, 0o600);
  } else {
    // A text edit of the one key, so that factory reset can give the user's file back byte for byte.
    atomicWriteFileSync(configFile, setTopLevelString(text, 'currentContext', CONTEXT_NAME));
  }

  return { wroteContext, madeCurrent: true };
}
