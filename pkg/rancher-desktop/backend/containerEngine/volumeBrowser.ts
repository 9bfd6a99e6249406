import type { VolumeEntry } from '@pkg/ipc/containerEngine';
import { UserError } from '@pkg/utils/errors';

import type { VMExecutor } from '../types';

const KINDS: Record<string, VolumeEntry['kind']> = { f: 'file', d: 'directory', l: 'symlink' };

/** A volume-relative path with `.`/`..`/empty segments refused, so browsing cannot leave the volume. */
export function safeSubPath(subPath: string): string {
  const parts = subPath.split('/').filter((p) => p !== '' && p !== '.');

  if (parts.includes('..')) {
    throw new UserError('bad-request', `"${ subPath }" leaves the volume: give a path inside it.`);
  }

  return parts.join('/');
}

/** Parses `find -printf '%y\t%s\t%f\n'` output, folders first, then by name. */
export function parseFindListing(output: string): VolumeEntry[] {
  return output.split('\n').filter(Boolean).map((line) => {
    const [type, size, ...name] = line.split('\t');

    return { name: name.join('\t'), kind: KINDS[type] ?? 'other', size: Number(size) || 0 };
  }).sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'directory' ? -1 : b.kind === 'directory' ? 1 : a.name.localeCompare(b.name)));
}

/** Lists a folder of a volume as root in the VM: volumes live on the guest's disk, not the host's. */
export async function browseVolumeInVm(executor: VMExecutor, mountpoint: string, subPath: string): Promise<VolumeEntry[]> {
  const rel = safeSubPath(subPath);
  const dir = rel ? `${ mountpoint }/${ rel }` : mountpoint;
  const result = await executor.exec(['find', dir, '-mindepth', '1', '-maxdepth', '1', '-printf', '%y\\t%s\\t%f\\n'], { root: true });

  if (result.exitCode !== 0) {
    throw new UserError('not-found', `Cannot list ${ rel || '/' } in the volume: ${ result.stderr.trim() || `exit code ${ result.exitCode }` }`);
  }

  return parseFindListing(result.stdout);
}
