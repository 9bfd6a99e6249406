import { UserError } from '@pkg/utils/errors';

import { planFactoryReset, planShutdown } from '../lifecycleOps';

import { fakeServices } from './fakeServices';

describe('lifecycle operations', () => {
  it('shut down only once the caller runs the plan (after answering)', () => {
    const { services, calls } = fakeServices();
    const run = planShutdown(services);

    expect(calls).toEqual([]);
    run();
    expect(calls).toEqual(['lifecycle.shutdown']);
  });

  it.each<[unknown, boolean]>([[true, true], [false, false], [undefined, false]])('factory-reset with keepSystemImages %j as %s, once run', (keep, expected) => {
    const { services, calls } = fakeServices();
    const run = planFactoryReset(services, keep);

    expect(calls).toEqual([]);
    run();
    expect(calls).toEqual([`lifecycle.factoryReset:${ expected }`]);
  });

  it.each<[unknown]>([['yes'], [1], [null]])('refuse keepSystemImages %j before planning anything', (keep) => {
    const { services, calls } = fakeServices();

    expect(() => planFactoryReset(services, keep)).toThrow(new UserError('bad-request', `keepSystemImages must be true or false, not ${ JSON.stringify(keep) }`));
    expect(calls).toEqual([]);
  });
});
