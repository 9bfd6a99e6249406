import { imagePatternErrors } from '@pkg/utils/imagePatterns';

import type { Platform, Settings } from './settingsTypes';

/** Units go-units accepts for sizes like `100GiB` (rd-api.md §3.2); `i` means powers of 1024. */
const SIZE = /^(\d+(?:\.\d+)?) ?([kmgtpezy]?)(i?b)?$/i;
const POWERS = 'kmgtpezy';

/** Parses a disk size the way Rancher Desktop does, or undefined when malformed. */
export function parseDiskSize(text: string): number | undefined {
  const match = SIZE.exec(text.trim());

  if (!match) {
    return undefined;
  }
  const base = match[3]?.toLowerCase().startsWith('i') ? 1024 : 1000;
  const power = match[2] ? POWERS.indexOf(match[2].toLowerCase()) + 1 : 0;

  return Number(match[1]) * base ** power;
}

interface CrossContext {
  platform: Platform;
  k8sVersions?: readonly string[];
}

/**
 * Rules that involve more than one setting, checked on the merged result for the leaves
 * that changed. Each returns an error message that says what to change.
 */
export function checkCrossFields(current: Settings, merged: Settings, changed: string[], ctx: CrossContext): string[] {
  const errors: string[] = [];
  const has = (path: string) => changed.includes(path);
  const vm = merged.virtualMachine;
  const wasm = merged.experimental.containerEngine.webAssembly.enabled;

  if (has('containerEngine.allowedImages.patterns')) {
    // A pattern that does not parse would match nothing, silently refusing images the user meant to allow.
    errors.push(...imagePatternErrors(merged.containerEngine.allowedImages.patterns));
  }
  if (has('experimental.virtualMachine.diskSize')) {
    const want = parseDiskSize(merged.experimental.virtualMachine.diskSize);
    const now = parseDiskSize(current.experimental.virtualMachine.diskSize);

    if (want === undefined) {
      errors.push(`Invalid value for "experimental.virtualMachine.diskSize": <${ JSON.stringify(merged.experimental.virtualMachine.diskSize) }>`);
    } else if (now !== undefined && want < now) {
      errors.push(`Cannot decrease "experimental.virtualMachine.diskSize" from ${ current.experimental.virtualMachine.diskSize } to ${ merged.experimental.virtualMachine.diskSize }`);
    }
  }
  if (changed.some((p) => p.startsWith('experimental.virtualMachine.mount.9p.')) && vm.mount.type !== '9p') {
    errors.push(`Setting "experimental.virtualMachine.mount.9p" options requires "virtualMachine.mount.type" to be "9p".`);
  }
  if (ctx.platform === 'darwin') {
    if (vm.type === 'vz' && vm.mount.type === '9p' && (has('virtualMachine.type') || has('virtualMachine.mount.type'))) {
      errors.push(`Setting "virtualMachine.mount.type" to "9p" requires that "virtualMachine.type" is "qemu".`);
    }
    if (vm.type === 'qemu' && vm.mount.type === 'virtiofs' && (has('virtualMachine.type') || has('virtualMachine.mount.type'))) {
      errors.push(`Setting "virtualMachine.mount.type" to "virtiofs" requires that "virtualMachine.type" is "vz".`);
    }
    if (has('virtualMachine.useRosetta') && vm.useRosetta && vm.type !== 'vz') {
      errors.push(`Setting "virtualMachine.useRosetta" requires that "virtualMachine.type" is "vz".`);
    }
  }
  if (merged.containerEngine.name === 'moby' && merged.containerEngine.mobyStorageDriver === 'classic' && wasm &&
      (has('containerEngine.mobyStorageDriver') || has('containerEngine.name') || has('experimental.containerEngine.webAssembly.enabled'))) {
    errors.push(`Setting "containerEngine.mobyStorageDriver" to "classic" is not supported with WebAssembly; use "snapshotter" or "auto".`);
  }
  if (has('experimental.kubernetes.options.spinkube') && merged.experimental.kubernetes.options.spinkube && merged.kubernetes.enabled && !wasm) {
    errors.push(`Setting "experimental.kubernetes.options.spinkube" requires "experimental.containerEngine.webAssembly.enabled" to be true.`);
  }
  if (merged.kubernetes.enabled && (has('kubernetes.version') || has('kubernetes.enabled')) && merged.kubernetes.version) {
    const available = ctx.k8sVersions ?? [merged.kubernetes.version, current.kubernetes.version];

    if (!available.includes(merged.kubernetes.version)) {
      errors.push(`Kubernetes version "${ merged.kubernetes.version }" not found.`);
    }
  }

  return errors;
}
