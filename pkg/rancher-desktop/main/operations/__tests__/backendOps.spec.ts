import { UserError } from '@pkg/utils/errors';

import { setBackendState } from '../backendOps';

import { fakeServices } from './fakeServices';

describe('setBackendState', () => {
  it.each(['STARTED', 'STOPPED'])('asks the backend for %s', (desired) => {
    const { services, calls } = fakeServices();

    setBackendState(services, desired);
    expect(calls).toEqual([`backend.requestState:"${ desired }"`]);
  });

  it.each<[unknown, string]>([
    ['PAUSED', 'invalid desired VM state "PAUSED": use STARTED or STOPPED'],
    ['started', 'invalid desired VM state "started": use STARTED or STOPPED'],
    [undefined, 'invalid desired VM state undefined: use STARTED or STOPPED'],
    [1, 'invalid desired VM state 1: use STARTED or STOPPED'],
  ])('refuses %j, asking nothing of the backend', (desired, message) => {
    const { services, calls } = fakeServices();

    expect(() => setBackendState(services, desired)).toThrow(new UserError('bad-request', message));
    expect(calls).toEqual([]);
  });
});
