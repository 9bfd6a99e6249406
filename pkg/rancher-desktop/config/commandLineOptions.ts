import { getPath, type JsonObject, setPath } from './objectPaths';
import { leafAt } from './settingsSchema';
import type { Settings } from './settingsTypes';

/** What the app's command line asks for: settings to apply, and the transient no-modal-dialogs flag. */
export interface CommandLineOptions {
  settings: JsonObject;
  noModalDialogs?: boolean;
}

function parseValue(option: string, raw: string, current: unknown): unknown {
  if (typeof current === 'boolean') {
    if (raw !== 'true' && raw !== 'false') {
      throw new Error(`Can't evaluate --${ option }=${ raw } as boolean`);
    }

    return raw === 'true';
  }
  if (typeof current === 'number') {
    const value = Number(raw);

    if (raw.trim() === '' || Number.isNaN(value)) {
      throw new Error(`Can't evaluate --${ option }=${ raw } as number`);
    }

    return value;
  }

  return raw;
}

/**
 * Parses the app's command line as Rancher Desktop does (rd-api.md §3.8):
 * `--dotted.path=value`, `--path value` for non-booleans, a bare boolean flag means true,
 * `--no-modal-dialogs[=bool]`. Unrecognised arguments before the first recognised one are
 * ignored (Electron and Chromium add their own); after it, they are errors.
 */
export function parseCommandLine(argv: readonly string[], current: Settings): CommandLineOptions {
  const result: CommandLineOptions = { settings: {} };
  let seen = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    const name = match?.[1];

    if (name === 'no-modal-dialogs') {
      result.noModalDialogs = match?.[2] === undefined ? true : parseValue(name, match[2], true) as boolean;
      seen = true;
      continue;
    }
    const leaf = name ? leafAt(name) : undefined;
    const now = name ? getPath(current, name) : undefined;

    if (!name || !leaf || name === 'version') {
      if (!seen) {
        continue;
      }
      if (name && now !== undefined && leaf === undefined) {
        throw new Error(`Can't overwrite existing setting ${ arg } in current preferences: it is an object`);
      }
      throw new Error(`Can't evaluate command-line argument ${ arg } -- no such entry in current settings`);
    }
    if (typeof now === 'object') {
      throw new Error(`Can't overwrite existing setting ${ arg } in current preferences: it is an object`);
    }
    seen = true;
    let raw = match?.[2];

    if (raw === undefined) {
      if (typeof now === 'boolean') {
        raw = 'true';
      } else if (i + 1 < argv.length) {
        raw = argv[++i];
      } else {
        throw new Error(`No value provided for option ${ arg }`);
      }
    }
    setPath(result.settings, name, parseValue(name, raw, now));
  }

  return result;
}
