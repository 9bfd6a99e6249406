import { proposeSettings as propose, updateSettings as update, updateTransientSettings as updateTransient } from '../operations/settingsOps';

import { type Handler, JSON_ERROR, parseJson, type Reply, text, answerFailures } from './reply';

const APPLY_TEXT = {
  'no-restart': 'settings updated; no restart required',
  'restarting': 'reconfiguring Rancher Desktop to apply changes (this may take a while)',
  'deferred': 'UI is currently busy, but will eventually be reconfigured to apply requested changes',
} as const;

/** Reads a settings body with RD's texts for an empty or non-JSON one; the operation judges the rest. */
function withSettingsBody(body: string, run: (payload: unknown) => Reply | Promise<Reply>): Reply | Promise<Reply> {
  if (body.trim() === '') {
    return text(400, 'no settings specified in the request');
  }
  const parsed = parseJson(body);

  return parsed.ok ? answerFailures('', () => run(parsed.value)) : text(400, JSON_ERROR);
}

export const getSettings: Handler = ({ services }) => ({ status: 200, json: services.settings.current, jsonAsText: true });

export const getLockedSettings: Handler = ({ services }) => ({ status: 200, json: services.settings.locked, jsonAsText: true });

export const updateSettings: Handler = ({ services, body }) => withSettingsBody(body, async(payload) => {
  const result = await update(services, payload);

  if (result.errors.length > 0) {
    return text(400, `errors in attempt to update settings:\n${ result.errors.join('\n') }`);
  }

  return text(202, result.outcome ? APPLY_TEXT[result.outcome] : 'no changes necessary');
});

export const proposeSettings: Handler = ({ services, body }) => withSettingsBody(body, async(payload) => {
  const { errors, reasons } = await propose(services, payload);

  return errors.length > 0 ? text(400, `Errors in proposed settings:\n${ errors.join('\n') }`) : { status: 200, json: reasons };
});

export const getTransientSettings: Handler = ({ services }) => ({ status: 200, json: services.transientSettings.current });

export const updateTransientSettings: Handler = ({ services, body }) => withSettingsBody(body, (payload) => {
  const result = updateTransient(services, payload);

  if (result.errors.length > 0) {
    return text(400, `errors in attempt to update Transient Settings:\n${ result.errors.join('\n') }`);
  }

  return text(202, result.changed ? 'Updated Transient Settings' : 'No changes necessary');
});
