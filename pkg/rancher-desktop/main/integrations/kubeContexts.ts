import fs from 'node:fs';
import path from 'node:path';

import yaml from 'js-yaml';

import { atomicWriteFileSync } from '@pkg/utils/node/atomicWrite';

export interface KubeContexts {
  file: string;
  names: string[];
  current?: string;
}

/** The kubeconfig the user's kubectl reads first: the first $KUBECONFIG entry that exists, else ~/.kube/config. */
export function kubeconfigPath(home: string, env: Record<string, string | undefined>): string {
  const listed = (env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean);

  return listed.find((f) => fs.existsSync(f)) ?? path.join(home, '.kube', 'config');
}

/** The contexts of a kubeconfig (none when it is missing or unreadable: the tray just lists nothing). */
export function readKubeContexts(file: string): KubeContexts {
  try {
    const doc = yaml.load(fs.readFileSync(file, 'utf8')) as { contexts?: { name?: unknown }[]; 'current-context'?: unknown } | null;
    const names = (doc?.contexts ?? []).map((c) => c?.name).filter((n): n is string => typeof n === 'string');
    const current = typeof doc?.['current-context'] === 'string' ? doc['current-context'] : undefined;

    return { file, names, current };
  } catch {
    return { file, names: [] };
  }
}

/**
 * Makes `name` the current context by rewriting only the top-level `current-context:` line
 * (or adding one): every other byte of the user's file stays as it was.
 */
export function setCurrentContext(file: string, name: string): void {
  const { names } = readKubeContexts(file);

  if (!names.includes(name)) {
    throw new Error(`${ file } has no context named "${ name }"`);
  }
  const text = fs.readFileSync(file, 'utf8');
  const line = `current-context: ${ JSON.stringify(name) }`;
  const updated = /^current-context:.*$/m.test(text) ? text.replace(/^current-context:.*$/m, line) : `${ text.replace(/\n?$/, '\n') }${ line }\n`;
  const mode = fs.statSync(file).mode & 0o777;

  atomicWriteFileSync(file, updated, mode);
}
