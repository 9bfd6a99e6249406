import fs from 'node:fs';

import type { Command } from 'commander';

import { isObject } from '@pkg/config/objectPaths';

import { apiCall } from '../client';
import { type GlobalFlags, resolveConnection } from '../connection';
import { CommandError, out } from '../output';
import { toPlist, toReg } from '../profileFormats';

interface Options { output?: string; input?: string; body?: string; fromSettings?: boolean; hive: string; type: string }

/** `rdctl create-profile`: turns settings JSON into a plist or .reg deployment profile. */
export function registerCreateProfile(program: Command): void {
  program.command('create-profile')
    .description('Generate a deployment profile in either macOS plist or Windows registry format')
    .option('--output <format>', 'output format: plist or reg')
    .option('--input <file>', 'file containing the settings JSON (- for standard input)')
    .option('-b, --body <json>', 'the settings JSON')
    .option('--from-settings', 'use the current settings of the running app')
    .option('--hive <hive>', 'registry hive: hklm or hkcu (reg only)', 'hklm')
    .option('--type <type>', 'profile type: defaults or locked (reg only)', 'defaults')
    .action(async(opts: Options, command: Command) => {
      if (opts.output !== 'plist' && opts.output !== 'reg') {
        throw new CommandError('an --output format of "plist" or "reg" must be specified');
      }
      const sources = [opts.input !== undefined, opts.body !== undefined, !!opts.fromSettings].filter(Boolean).length;

      if (sources !== 1) {
        throw new CommandError('exactly one of the --input, --body, or --from-settings options must be specified');
      }
      if (opts.output === 'plist' && (command.getOptionValueSource('hive') === 'cli' || command.getOptionValueSource('type') === 'cli')) {
        throw new CommandError('the --hive and --type options are only for --output reg');
      }
      if (!['hklm', 'hkcu'].includes(opts.hive) || !['defaults', 'locked'].includes(opts.type)) {
        throw new CommandError('--hive must be hklm or hkcu, and --type must be defaults or locked');
      }
      let text = opts.body;

      if (opts.input !== undefined) {
        text = fs.readFileSync(opts.input === '-' ? 0 : opts.input, 'utf8');
      } else if (opts.fromSettings) {
        text = await apiCall(resolveConnection(command.optsWithGlobals<GlobalFlags>()), 'GET', 'settings');
      }
      let profile: unknown;

      try {
        profile = JSON.parse(text ?? '');
      } catch (error) {
        throw new CommandError(`error in json: ${ (error as Error).message }`);
      }
      if (!isObject(profile)) {
        throw new CommandError('the settings JSON must be an object');
      }
      out(opts.output === 'plist' ? toPlist(profile) : toReg(profile, opts.hive as 'hklm', opts.type as 'defaults'));
    });
}
