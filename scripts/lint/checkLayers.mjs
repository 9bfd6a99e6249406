// Enforces the import arrows of DESIGN.md / style-guide §2.2: which folder may import
// which, that only electron/ imports 'electron', and that common code (utils/, config/,
// ipc/, renderer/) stays free of Node built-ins. Tests are exempt. Exits 1 on a violation.
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = path.join(root, 'pkg', 'rancher-desktop');
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${ m }`]));

/** Folder → the folders it may import (besides itself). */
const allowed = {
  'utils': ['utils'],
  'utils/node': ['utils', 'utils/node'],
  'config': ['utils', 'config'],
  'ipc': ['utils', 'config', 'ipc'],
  'backend': ['utils', 'utils/node', 'config', 'ipc', 'backend'],
  'main': ['utils', 'utils/node', 'config', 'ipc', 'main', 'backend/types', 'backend/factory'],
  // The HTTP API and the GUI contract are two adaptors over one set of operations
  // (main/operations/README.md): each may call the operations, neither the other, and the
  // operations know neither.
  'main/operations': ['utils', 'utils/node', 'config', 'ipc', 'main', 'backend/types'],
  'main/handlers': ['utils', 'utils/node', 'config', 'ipc', 'main', 'main/operations'],
  'main/ui': ['utils', 'utils/node', 'config', 'ipc', 'main', 'main/operations'],
  'electron': ['utils', 'utils/node', 'config', 'ipc', 'main', 'electron'],
  'headless': ['utils', 'utils/node', 'config', 'ipc', 'main', 'headless'],
  'renderer': ['utils', 'config', 'ipc', 'renderer'],
  'rdctl': ['utils', 'utils/node', 'config', 'ipc', 'rdctl'],
};
const common = new Set(['utils', 'config', 'ipc', 'renderer']);
/** Folders of main/ that are layers of their own; the rest of main/ is one layer. */
const mainLayers = new Set(['operations', 'handlers', 'ui']);
const heavyForRdctl = new Set(['express', 'vue', 'vuex', 'electron']);

function layerOf(file) {
  if (file.startsWith(path.join(root, 'src', 'rdctl') + path.sep)) {
    return 'rdctl';
  }
  const rel = path.relative(pkg, file).split(path.sep);

  if (rel[0] === '..') {
    return undefined;
  }
  if (rel[0] === 'utils' && rel[1] === 'node') {
    return 'utils/node';
  }
  if (rel[0] === 'main' && rel.length > 2 && mainLayers.has(rel[1])) {
    return `main/${ rel[1] }`;
  }
  if (rel[0] === 'backend' && rel.length === 2 && ['types.ts', 'factory.ts'].includes(rel[1])) {
    return `backend/${ rel[1].replace('.ts', '') }`;
  }

  return rel[0];
}

function targetLayer(layer, target) {
  // backend/types and backend/factory count as backend for backend's own files.
  if (layer === 'backend' && target?.startsWith('backend/')) {
    return 'backend';
  }
  // Outside main's own layers, main/operations, main/handlers and main/ui are all main.
  if (!layer.startsWith('main/') && target?.startsWith('main/')) {
    return 'main';
  }

  return target;
}

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);

    if (entry.isDirectory()) {
      if (!['__tests__', '__integration__', 'node_modules'].includes(entry.name)) {
        yield* walk(full);
      }
    } else if (/\.(ts|vue)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      yield full;
    }
  }
}

const problems = [];
const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;

for (const dir of [pkg, path.join(root, 'src', 'rdctl')]) {
  if (!fs.existsSync(dir)) {
    continue;
  }
  for (const file of walk(dir)) {
    const layer = layerOf(file);
    const own = layer?.startsWith('backend/') ? 'backend' : layer;

    if (!own || !allowed[own]) {
      continue;
    }
    const text = fs.readFileSync(file, 'utf8');

    for (const match of text.matchAll(importRe)) {
      const spec = match[1] ?? match[2] ?? match[3];
      const where = `${ path.relative(root, file) }: imports '${ spec }'`;

      if (spec === 'electron' && own !== 'electron') {
        problems.push(`${ where }: only pkg/rancher-desktop/electron/ may import electron`);
      } else if (builtins.has(spec)) {
        if (common.has(own)) {
          problems.push(`${ where }: ${ own }/ is common code and must not use Node built-ins`);
        }
      } else if (spec.startsWith('.') || spec.startsWith('@pkg/')) {
        const resolved = spec.startsWith('@pkg/') ? path.join(pkg, spec.slice(5)) : path.resolve(path.dirname(file), spec);
        const target = targetLayer(own, layerOf(resolved.endsWith('.ts') ? resolved : `${ resolved }.ts`));

        if (target && target !== own && !allowed[own].includes(target)) {
          problems.push(`${ where }: ${ own }/ may not import ${ target }/`);
        }
      } else if (own === 'rdctl' && heavyForRdctl.has(spec.split('/')[0])) {
        problems.push(`${ where }: rdctl must stay light (start-up time is a target)`);
      }
    }
  }
}

if (problems.length > 0) {
  console.error(`Layer rule violations (DESIGN.md):\n  ${ problems.join('\n  ') }`);
  process.exit(1);
}
console.log('layers: ok');
