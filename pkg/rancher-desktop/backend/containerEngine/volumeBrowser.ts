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

/** What the guest script exits with when the path goes through a link: nothing was listed. */
const THROUGH_LINK = 3;

/**
 * Runs as root in the guest, so a link a container planted in the volume (`logs -> /root`)
 * must never be followed: the folder's real path must be exactly the volume's real path plus
 * the asked path (any link on the way makes it differ), and the listing runs from inside that
 * folder (`cd -P`, checked again with `pwd -P`) so swapping a folder for a link after the
 * check moves nothing. `find -P` lists links as links.
 */
const LIST_SCRIPT = [
  'root=$(realpath -e -- "$1") || exit 1',
  'want="$root${3:+/$3}"',
  'dir=$(realpath -e -- "$2") || exit 1',
  `[ "$dir" = "$want" ] || { echo "$3 is or goes through a symbolic link" >&2; exit ${ THROUGH_LINK }; }`,
  'cd -P -- "$dir" || exit 1',
  `[ "$(pwd -P)" = "$want" ] || { echo "$3 is or goes through a symbolic link" >&2; exit ${ THROUGH_LINK }; }`,
  'exec find -P . -mindepth 1 -maxdepth 1 -printf \'%y\\t%s\\t%f\\n\'',
].join('\n');

/** The guest command that lists `rel` (already checked by safeSubPath) in the volume at `mountpoint`. */
export function listCommand(mountpoint: string, rel: string): string[] {
  return ['sh', '-c', LIST_SCRIPT, 'sh', mountpoint, rel ? `${ mountpoint }/${ rel }` : mountpoint, rel];
}

/** Lists a folder of a volume as root in the VM: volumes live on the guest's disk, not the host's. */
export async function browseVolumeInVm(executor: VMExecutor, mountpoint: string, subPath: string): Promise<VolumeEntry[]> {
  const rel = safeSubPath(subPath);
  const result = await executor.exec(listCommand(mountpoint, rel), { root: true });

  if (result.exitCode === THROUGH_LINK) {
    throw new UserError('bad-request', `Cannot list ${ rel } in the volume: it is or goes through a symbolic link, which the volume browser does not follow (it could point outside the volume).`);
  }
  if (result.exitCode !== 0) {
    throw new UserError('not-found', `Cannot list ${ rel || '/' } in the volume: ${ result.stderr.trim() || `exit code ${ result.exitCode }` }`);
  }

  return parseFindListing(result.stdout);
}
