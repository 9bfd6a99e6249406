import fs from 'node:fs';
import path from 'node:path';

import type { GuestImage } from './limaConfig';

/** Where this install keeps what the Lima backend runs. */
export interface LimaTools {
  limactl: string;
  guestAgent: string;
  /** qemu-system-x86_64 found on PATH, or undefined. */
  qemu?: string;
  image: GuestImage;
}

/** Seam for tests: does a file exist (and, for programs, is it executable). */
export type FileCheck = (file: string, executable?: boolean) => boolean;

export const realFileCheck: FileCheck = (file, executable) => {
  try {
    fs.accessSync(file, executable ? fs.constants.X_OK : fs.constants.R_OK);

    return true;
  } catch {
    return false;
  }
};

function onPath(name: string, envPath: string, check: FileCheck): string | undefined {
  return envPath.split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, name)).find((file) => check(file, true));
}

/**
 * The bundled Lima (`<resources>/<os>/lima/`, as Rancher Desktop lays it out), QEMU from the
 * system, and the guest image under `<resources>/<os>/guest/` (RD_GUEST_IMAGE_DIR overrides it).
 */
export function findLimaTools(resources: string, platform: string, env: Record<string, string | undefined>, check: FileCheck = realFileCheck): LimaTools {
  const lima = path.join(resources, platform, 'lima');
  const guest = env.RD_GUEST_IMAGE_DIR || path.join(resources, platform, 'guest');

  return {
    limactl: path.join(lima, 'bin', 'limactl'),
    guestAgent: path.join(lima, 'share', 'lima', 'lima-guestagent.Linux-x86_64'),
    qemu: onPath('qemu-system-x86_64', `${ env.PATH ?? '' }${ path.delimiter }/usr/bin`, check),
    image: {
      disk: path.join(guest, 'disk.qcow2'),
      kernel: path.join(guest, 'vmlinuz'),
      initrd: path.join(guest, 'initrd.img'),
    },
  };
}

/** Why the Lima backend cannot run with these tools, naming what to install; undefined when it can. */
export function limaInvalidReason(tools: LimaTools, uid: number, check: FileCheck = realFileCheck): string | undefined {
  if (uid === 0) {
    return 'Lima refuses to run as root: start the app as an ordinary user.';
  }
  if (!check(tools.limactl, true)) {
    return `limactl is missing (${ tools.limactl }): run "bash scripts/setup.sh" to build Lima, or install this app's Lima bundle.`;
  }
  if (!check(tools.guestAgent)) {
    return `The Lima guest agent is missing (${ tools.guestAgent }): run "bash scripts/setup.sh" to build Lima.`;
  }
  if (!tools.qemu) {
    return 'qemu-system-x86_64 is not installed: install QEMU (Debian/Ubuntu: "sudo apt-get install qemu-system-x86 qemu-utils").';
  }
  const missing = Object.values(tools.image).filter((file) => !check(file));

  if (missing.length > 0) {
    return `The guest image is missing (${ missing.join(', ') }): run "bash scripts/setup.sh" to build it.`;
  }

  return undefined;
}
