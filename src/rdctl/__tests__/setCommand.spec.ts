// `rdctl set` parsed by the real commander program: the body it would PUT, for each flag.
import { Command } from 'commander';

import { getPath, isObject, type JsonObject } from '@pkg/config/objectPaths';
import { forEachLeaf } from '@pkg/config/settingsSchema';

import { registerSet } from '../commands/set';
import { settingFlags, type SettingFlag } from '../settingsFlags';

const sent: { method: string; endpoint: string; body?: string }[] = [];

jest.mock('../client', () => ({
  apiCall: (_conn: unknown, method: string, endpoint: string, body?: string) => {
    sent.push({ method, endpoint, body });

    return Promise.resolve('settings updated; no restart required');
  },
}));
jest.mock('../output', () => ({ ...jest.requireActual('../output'), outLine: () => {} }));

/**
 * Names that mean something to the request body (`version`), to commander or rdctl's own
 * global flags (help, name, port, password…), or to JavaScript objects (constructor,
 * __proto__…): a setting whose last segment is one of them is where a flag parser breaks.
 */
const SPECIAL_NAMES = new Set([
  'version', 'help', 'name', 'type', 'port', 'password', 'user', 'username', 'host', 'verbose', 'configPath',
  'args', 'opts', 'options', 'commands', 'parent', 'action', 'description', 'alias', 'usage',
  'constructor', 'prototype', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'toJSON',
  'default', 'delete', 'enum', 'new', 'in', 'length',
]);

function program(): Command {
  const root = new Command('rdctl').exitOverride()
    .option('--config-path <path>').option('--user <user>').option('--password <password>').option('--host <host>').option('--port <port>');

  registerSet(root);
  root.commands.forEach((c) => c.exitOverride());

  return root;
}

/** Runs `rdctl set <args>` and returns the body it sent (parsed), or undefined when it sent none. */
async function bodyOf(args: string[]): Promise<JsonObject | undefined> {
  sent.length = 0;
  await program().parseAsync(['--port', '1', '--user', 'u', '--password', 'p', 'set', ...args], { from: 'user' });

  return sent.length ? JSON.parse(sent[0].body ?? '') as JsonObject : undefined;
}

/** The body's leaves as path → value (groups are the schema's, sent as {}). */
function leaves(body: JsonObject, prefix = ''): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).flatMap(([k, v]) => (isObject(v) ? Object.entries(leaves(v, `${ prefix }${ k }.`)) : [[`${ prefix }${ k }`, v]])));
}

/** A value the flag accepts, as typed on the command line and as it must arrive. */
function sample(flag: SettingFlag): [string, unknown] {
  switch (flag.kind) {
  case 'boolean':
    return ['true', true];
  case 'integer':
    return ['42', 42];
  default:
    return flag.enum ? [flag.enum[flag.enum.length - 1], flag.enum[flag.enum.length - 1]] : ['x-value', 'x-value'];
  }
}

const usable = settingFlags(process.platform as 'linux' | 'darwin' | 'win32', process.env).filter((f) => !f.unavailable);

describe('rdctl set sends what was asked', () => {
  it('sends kubernetes.version alone (it is not the body\'s own version)', async() => {
    const body = await bodyOf(['--kubernetes.version=1.34.4']);

    expect(sent[0]).toMatchObject({ method: 'PUT', endpoint: 'settings' });
    expect(leaves(body!)).toEqual({ 'version': 19, 'kubernetes.version': '1.34.4' });
  });

  it('sends the alias --kubernetes-version the same way', async() => {
    expect(leaves((await bodyOf(['--kubernetes-version', '1.33.1']))!)).toEqual({ 'version': 19, 'kubernetes.version': '1.33.1' });
  });

  it('knows which settings today end in a special name', () => {
    const special: string[] = [];

    forEachLeaf((path) => {
      if (path !== 'version' && SPECIAL_NAMES.has(path.split('.').pop()!)) {
        special.push(path);
      }
    });
    // A new setting named like this gets its flag checked below; this list makes it seen.
    expect(special.sort()).toEqual([
      'containerEngine.name', 'experimental.virtualMachine.proxy.password', 'experimental.virtualMachine.proxy.port',
      'experimental.virtualMachine.proxy.username', 'kubernetes.port', 'kubernetes.version', 'virtualMachine.mount.type', 'virtualMachine.type',
    ].sort());
  });

  it.each(usable.map((f) => [f.name, f] as const))('--%s alone sends exactly that leaf and version 19', async(name, flag) => {
    const [typed, value] = sample(flag);
    const body = await bodyOf([`--${ name }=${ typed }`]);

    expect(body).toBeDefined();
    expect(leaves(body!)).toEqual({ version: 19, [flag.path]: value });
    expect(getPath(body, flag.path)).toEqual(value);
  });

  it('sends nothing and says so when no setting is given', async() => {
    await expect(bodyOf([])).rejects.toThrow('set command: no settings to change were given');
    expect(sent).toEqual([]);
  });
});
