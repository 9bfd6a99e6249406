import { GroupSpec, isLeaf, settingsSchema } from './settingsSchema';
import { DefaultsContext, Settings } from './settingsTypes';

function build(node: GroupSpec, ctx: DefaultsContext): Record<string, unknown> {
  const result: Record<string, unknown> = {};

  for (const [key, child] of Object.entries(node)) {
    if (!isLeaf(child)) {
      result[key] = build(child, ctx);
    } else if (child.kind === 'map') {
      result[key] = {};
    } else if (child.kind === 'string-array') {
      result[key] = [...child.default];
    } else {
      result[key] = typeof child.default === 'function' ? child.default(ctx) : child.default;
    }
  }

  return result;
}

/** A fresh copy of the default settings for a platform; callers may mutate it. */
export function defaultSettings(ctx: DefaultsContext): Settings {
  return build(settingsSchema, ctx) as unknown as Settings;
}

/**
 * Memory given to the VM on the very first run (rd-api.md §3.1): a quarter of the host's
 * RAM, rounded, between 1 and 6 GiB on Lima; Windows keeps the schema default.
 */
export function firstRunMemoryInGB(ctx: DefaultsContext): number {
  if (ctx.platform === 'win32') {
    return 2;
  }

  return Math.max(1, Math.min(6, Math.round(ctx.totalMemoryBytes / 2 ** 30 / 4)));
}
