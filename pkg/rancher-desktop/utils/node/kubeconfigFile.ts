import fs from 'node:fs';
import path from 'node:path';

import { hasContext, isEmptyKubeconfig, type KubeEntries, mergeKubeconfig, removeFromKubeconfig } from '../kubeconfigEdit';

import { atomicWriteFileSync } from './atomicWrite';

/** The name of Rancher Desktop's cluster, user and context. */
export const RD_CONTEXT = 'rancher-desktop';

const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

/** The kubeconfig to edit: the first $KUBECONFIG file that holds our context, else ~/.kube/config (as RD). */
export function kubeconfigFileFor(home: string, env: Record<string, string | undefined>): string {
  const listed = (env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean);

  return listed.find((f) => hasContext(read(f), RD_CONTEXT)) ?? path.join(home, '.kube', 'config');
}

/** Merges our entries in, atomically, keeping the file's mode (a new one is 0600 in a 0700 folder). */
export function writeKubeconfigEntries(file: string, entries: KubeEntries): void {
  const existing = fs.existsSync(file);
  const text = mergeKubeconfig(read(file), RD_CONTEXT, entries);

  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  atomicWriteFileSync(file, text, existing ? fs.statSync(file).mode & 0o777 : 0o600);
}

/** Takes our entries out; a file left with nothing in it (one we created) is deleted. Returns whether anything changed. */
export function removeKubeconfigEntries(file: string): boolean {
  if (!fs.existsSync(file)) {
    return false;
  }
  const text = read(file);
  const updated = removeFromKubeconfig(text, RD_CONTEXT);

  if (updated === text) {
    return false;
  }
  if (isEmptyKubeconfig(updated)) {
    fs.rmSync(file);
  } else {
    atomicWriteFileSync(file, updated, fs.statSync(file).mode & 0o777);
  }

  return true;
}
