import { UserError } from '@pkg/utils/errors';

import { proposeSettings, updateSettings, updateTransientSettings } from '../settingsOps';

import { fakeServices } from './fakeServices';

describe('settings operations', () => {
  it.each<[unknown]>([['x'], [null], [[]], [3], [undefined]])('refuse a payload that is not an object (%j) and touch nothing', async(payload) => {
    const { services, calls } = fakeServices();
    const message = 'settings payload is not an object';

    await expect(updateSettings(services, payload)).rejects.toThrow(new UserError('bad-request', message));
    await expect(proposeSettings(services, payload)).rejects.toThrow(new UserError('bad-request', message));
    expect(() => updateTransientSettings(services, payload)).toThrow(new UserError('bad-request', message));
    expect(calls).toEqual([]);
  });

  it('saves, then applies, a change; the GUI\'s payload gets the current version stamped over its own', async() => {
    const { services, calls } = fakeServices();

    await expect(updateSettings(services, { version: 19, application: { debug: true } })).resolves.toEqual({ errors: [], changed: true, outcome: 'restarting' });
    await updateSettings(services, { application: { debug: true }, version: 3 }, { currentSchema: true });
    expect(calls).toEqual([
      'settings.update:{"version":19,"application":{"debug":true}}', 'backend.applySettings',
      'settings.update:{"application":{"debug":true},"version":19}', 'backend.applySettings',
    ]);
  });

  it('returns the validator\'s errors without applying, and applies nothing that did not change', async() => {
    const invalid = fakeServices({ update: () => ({ errors: ['Invalid value for "kubernetes.port": <0>'], changed: false }) });
    const unchanged = fakeServices({ update: () => ({ errors: [], changed: false }) });

    await expect(updateSettings(invalid.services, { kubernetes: { port: 0 } })).resolves.toEqual({ errors: ['Invalid value for "kubernetes.port": <0>'], changed: false });
    await expect(updateSettings(unchanged.services, {})).resolves.toEqual({ errors: [], changed: false });
    expect([...invalid.calls, ...unchanged.calls].filter((c) => c.startsWith('backend.'))).toEqual([]);
  });

  it('proposes: the restart reasons of a valid change, none for an invalid one', async() => {
    const { services } = fakeServices();
    const invalid = fakeServices({ propose: () => ['bad'] });

    await expect(proposeSettings(services, { containerEngine: { name: 'containerd' } })).resolves.toMatchObject({ errors: [], reasons: { 'containerEngine.name': { severity: 'restart' } } });
    await expect(proposeSettings(invalid.services, { bad: 1 })).resolves.toEqual({ errors: ['bad'], reasons: {} });
    expect(invalid.calls).toEqual(['settings.propose:{"bad":1}']);
  });
});
