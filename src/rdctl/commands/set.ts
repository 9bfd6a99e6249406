import type { Command } from 'commander';

import { apiCall } from '../client';
import { type GlobalFlags, resolveConnection } from '../connection';
import { CommandError, outLine } from '../output';
import { hasChanges, settingsBody } from '../settingsFlags';
import { addSettingsOptions, givenSettings } from './settingsOptions';

/** Sends the given settings flags as a PUT /v1/settings body and prints the server's answer. */
export async function applySettings(command: Command, body: Record<string, unknown>): Promise<void> {
  const text = await apiCall(resolveConnection(command.optsWithGlobals<GlobalFlags>()), 'PUT', 'settings', JSON.stringify(body));

  outLine(text ? `Status: ${ text }.` : 'Operation successfully returned with no output.');
}

/** `rdctl set --flag=value…`. */
export function registerSet(program: Command): void {
  const command = program.command('set').description('Update selected fields in the Rancher Desktop UI and restart the backend.');
  const flags = addSettingsOptions(command);

  command.action(async(_opts, cmd: Command) => {
    const body = settingsBody(givenSettings(cmd, flags));

    if (!hasChanges(body)) {
      throw new CommandError('set command: no settings to change were given');
    }
    await applySettings(cmd, body);
  });
}
