import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { computePaths, defaultResourcesDir, type Paths, type Platform } from '@pkg/utils/node/paths';

/** The real directory of the running rdctl script (symlinks in ~/.rd/bin resolved). */
export function rdctlDir(): string {
  const script = process.argv[1] ?? __filename;

  try {
    return path.dirname(fs.realpathSync(script));
  } catch {
    return path.dirname(script);
  }
}

/** This install's paths, exactly as the app computes them. */
export function rdPaths(): Paths {
  return computePaths({
    platform: process.platform as Platform,
    home: os.homedir(),
    env: process.env,
    resources: defaultResourcesDir(rdctlDir()),
  });
}

/** limactl of this install, else one on PATH, else undefined. */
export function findLimactl(paths: Paths): string | undefined {
  const bundled = path.join(paths.resources, process.platform, 'lima', 'bin', 'limactl');

  if (fs.existsSync(bundled)) {
    return bundled;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, 'limactl'))) {
      return path.join(dir, 'limactl');
    }
  }

  return undefined;
}
