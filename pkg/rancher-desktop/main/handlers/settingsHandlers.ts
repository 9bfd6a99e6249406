import { type Handler, parseJson, text } from './reply';

const APPLY_TEXT = {
  'no-restart': 'settings updated; no restart required',
  'restarting': 'reconfiguring Rancher Desktop to apply changes (this may take a while)',
  'deferred': 'UI is currently busy, but will eventually be reconfigured to apply requested changes',
} as const;

/** Parses a settings body with RD's error texts for empty, non-JSON and non-object bodies. */
function parseSettingsBody(body: string, prefix: string): { value?: unknown; error?: string } {
  if (body.trim() === '') {
    return { error: 'no settings specified in the request' };
  }
  const parsed = parseJson(body);

  if (!parsed.ok) {
    return { error: 'error processing JSON request block' };
  }
  if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    return { error: `${ prefix }settings payload is not an object` };
  }

  return { value: parsed.value };
}

export const getSettings: Handler = ({ services }) => ({ status: 200, json: services.settings.current, jsonAsText: true });

export const getLockedSettings: Handler = ({ services }) => ({ status: 200, json: services.settings.locked, jsonAsText: true });

export const updateSettings: Handler = async({ services, body }) => {
  const parsed = parseSettingsBody(body, '');

  if (parsed.error) {
    return text(400, parsed.error);
  }
  const result = services.settings.update(parsed.value);

  if (result.errors.length > 0) {
    return text(400, `errors in attempt to update settings:\n${ result.errors.join('\n') }`);
  }
  if (!result.changed) {
    return text(202, 'no changes necessary');
  }

  return text(202, APPLY_TEXT[await services.backend.applySettings(services.settings.current)]);
};

export const proposeSettings: Handler = async({ services, body }) => {
  const parsed = parseSettingsBody(body, '');

  if (parsed.error) {
    return text(400, parsed.error);
  }
  const { errors, desired } = services.settings.propose(parsed.value);

  if (errors.length > 0) {
    return text(400, `Errors in proposed settings:\n${ errors.join('\n') }`);
  }

  return { status: 200, json: await services.backend.restartReasons(desired) };
};

export const getTransientSettings: Handler = ({ services }) => ({ status: 200, json: services.transientSettings.current });

export const updateTransientSettings: Handler = ({ services, body }) => {
  const parsed = parseSettingsBody(body, '');

  if (parsed.error) {
    return text(400, parsed.error);
  }
  const result = services.transientSettings.update(parsed.value);

  if (result.errors.length > 0) {
    return text(400, `errors in attempt to update Transient Settings:\n${ result.errors.join('\n') }`);
  }

  return text(202, result.changed ? 'Updated Transient Settings' : 'No changes necessary');
};
