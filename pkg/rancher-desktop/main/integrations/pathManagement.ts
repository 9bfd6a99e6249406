import fs from 'node:fs';
import path from 'node:path';

import { setManagedBlock } from '@pkg/utils/managedBlock';
import { resolveLinkTarget, writeOrRemoveFileSync } from '@pkg/utils/node/atomicWrite';

/** The shells whose rc files get a PATH block, and how each says "prepend to PATH". */
type Syntax = 'posix' | 'csh' | 'fish';

interface RcFile {
  file: string;
  syntax: Syntax;
  /** Created when missing (only the bash files: bash is every Linux user's fallback). */
  create: boolean;
}

function pathLine(syntax: Syntax, binDir: string): string {
  switch (syntax) {
  case 'posix':
    return `export PATH="${ binDir }:$PATH"`;
  case 'csh':
    return `setenv PATH "${ binDir }:$PATH"`;
  case 'fish':
    return `set --export --prepend PATH "${ binDir }"`;
  }
}

/**
 * The rc files Rancher Desktop manages (rd-api.md §6): `.bashrc`; the bash login files that
 * exist (`.bash_profile` created when none does, since a login shell reads only the first);
 * `.zshrc`, `.cshrc`, `.tcshrc` and fish's config.fish when they exist or their shell is installed.
 */
export function rcFiles(home: string, xdgConfig: string, hasShell: (name: string) => boolean): RcFile[] {
  const exists = (f: string) => fs.existsSync(path.join(home, f));
  const login = ['.bash_profile', '.bash_login', '.profile'].filter(exists);
  const files: RcFile[] = [
    { file: path.join(home, '.bashrc'), syntax: 'posix', create: true },
    ...(login.length > 0 ? login : ['.bash_profile']).map((f) => ({ file: path.join(home, f), syntax: 'posix' as const, create: true })),
    { file: path.join(home, '.zshrc'), syntax: 'posix', create: hasShell('zsh') },
    { file: path.join(home, '.cshrc'), syntax: 'csh', create: false },
    { file: path.join(home, '.tcshrc'), syntax: 'csh', create: false },
    { file: path.join(xdgConfig, 'fish', 'config.fish'), syntax: 'fish', create: hasShell('fish') },
  ];

  return files;
}

/**
 * Applies `application.pathManagementStrategy`: `rcfiles` puts a managed block prepending
 * `binDir` to PATH in each rc file, `manual` takes the blocks out again, deleting a file the
 * block was all of (one we created), as Rancher Desktop does. Writes are atomic, keep the
 * file's mode, go through symlinks to the real file, and happen only on change.
 * Returns the files written (the real ones) or deleted.
 */
export function managePath(strategy: 'rcfiles' | 'manual', files: RcFile[], binDir: string): string[] {
  const written: string[] = [];

  for (const rc of files) {
    let text = '';

    try {
      text = fs.readFileSync(rc.file, 'utf8');
    } catch {
      if (strategy === 'manual' || !rc.create) {
        continue;
      }
    }
    const updated = setManagedBlock(text, strategy === 'rcfiles' ? [pathLine(rc.syntax, binDir)] : undefined);

    if (updated !== text) {
      const real = resolveLinkTarget(rc.file);

      writeOrRemoveFileSync(rc.file, updated, updated === '');
      written.push(real);
    }
  }

  return written;
}
