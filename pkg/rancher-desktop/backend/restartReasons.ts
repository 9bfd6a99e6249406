import semver from 'semver';

import { forEachLeaf, RestartWhen } from '@pkg/config/settingsSchema';
import type { Settings } from '@pkg/config/settingsTypes';
import type { RestartReasons } from '@pkg/ipc/backendState';

/** Which VM backend the comparison is for: leaves marked for the other one never restart. */
export type BackendKind = 'lima' | 'wsl' | 'mock';

function valueAt(settings: Settings, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], settings);
}

function applies(when: RestartWhen, kind: BackendKind, running: Settings, desired: Settings): boolean {
  switch (when) {
  case 'always':
    return true;
  case 'lima':
    return kind === 'lima' || kind === 'mock';
  case 'wsl':
    return kind === 'wsl';
  case 'k8s':
    return desired.kubernetes.enabled || running.kubernetes.enabled;
  case 'moby':
    return desired.containerEngine.name === 'moby';
  }
}

/** A lower Kubernetes version cannot keep the cluster's data: RD calls that a reset. */
function isDowngrade(current: unknown, desired: unknown): boolean {
  const from = semver.coerce(String(current ?? ''));
  const to = semver.coerce(String(desired ?? ''));

  return !!from && !!to && semver.lt(to, from);
}

/**
 * The settings whose change needs a restart, comparing what runs now (`running`) with
 * `desired`, by the schema's restart rules (rd-api.md §3.2). `current` overrides let a
 * backend report live values (Lima reads memory/CPUs/disk from lima.yaml).
 */
export function computeRestartReasons(kind: BackendKind, running: Settings, desired: Settings, current: Record<string, unknown> = {}): RestartReasons {
  const reasons: RestartReasons = {};

  forEachLeaf((path, leaf) => {
    if (!leaf.restart || !applies(leaf.restart, kind, running, desired)) {
      return;
    }
    const now = path in current ? current[path] : valueAt(running, path);
    const want = valueAt(desired, path);

    if (JSON.stringify(now) === JSON.stringify(want)) {
      return;
    }
    if (path === 'kubernetes.version' && (!now || !desired.kubernetes.enabled)) {
      return;
    }
    const severity = path === 'kubernetes.version' && isDowngrade(now, want) ? 'reset' : 'restart';

    reasons[path] = { current: now, desired: want, severity };
  });

  return reasons;
}
