import fs from 'node:fs';
import path from 'node:path';

import { hasContext, isEmptyKubeconfig, type KubeEntries, mergeKubeconfig, removeFromKubeconfig } from '../kubeconfigEdit';

import { atomicWriteFileSync, writeOrRemoveFileSync } from './atomicWrite';

/** The name of Rancher Desktop's cluster, user and context. */
export const RD_CONTEXT = 'rancher-desktop';

const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

/** The kubeconfig to edit: the first $KUBECONFIG file that holds our context, else ~/.kube/config (as RD). */
export function kubeconfigFileFor(home: string, env: Record<string, string | undefined>): string {
  const listed = (env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean);

  return listed.find((f) => hasContext(read(f), RD_CONTEXT)) ?? path.join(home, '.kube', 'config');
}

/** What lets whoever reads the file act as the user named in it. */
const SECRETS = ['client-key-data', 'client-key', 'token', 'tokenFile', 'password'];

/**
 * Merges our entries in, atomically, through a symlink to the file it names. A file that
 * gains a credential (our user's client key is cluster-admin) is made 0600, as kubectl makes
 * every kubeconfig it writes; otherwise it keeps its mode (a new one is 0600 in a 0700 folder).
 */
export function writeKubeconfigEntries(file: string, entries: KubeEntries): void {
  const existing = fs.existsSync(file);
  const text = mergeKubeconfig(read(file), RD_CONTEXT, entries);
  const user = (entries.users.user ?? {}) as Record<string, unknown>;
  const secret = SECRETS.some((key) => user[key] !== undefined);

  if (!existing) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  }
  atomicWriteFileSync(file, text, secret || !existing ? 0o600 : undefined);
}

/**
 * Takes our entries out. A file left with nothing in it was ours and is deleted; a symlink
 * stays a link, its target keeping every byte of the user's. Returns whether anything changed.
 */
export function removeKubeconfigEntries(file: string): boolean {
  if (!fs.existsSync(file)) {
    return false;
  }
  const text = read(file);
  const updated = removeFromKubeconfig(text, RD_CONTEXT);

  if (updated === text) {
    return false;
  }
  writeOrRemoveFileSync(file, updated, isEmptyKubeconfig(updated));

  return true;
}
