import { UserError } from '@pkg/utils/errors';

import { diagnosticIds, diagnosticReport, muteDiagnostic, runDiagnostics } from '../diagnosticsOps';

import { fakeServices } from './fakeServices';

describe('diagnostics operations', () => {
  it('list the ids of a category; no category is bad input, an unknown one is not found', () => {
    const { diagnostics } = fakeServices();

    expect(diagnosticIds(diagnostics, 'Utilities')).toEqual(['CHECK_A']);
    expect(() => diagnosticIds(diagnostics, undefined)).toThrow(new UserError('bad-request', 'no category specified'));
    expect(() => diagnosticIds(diagnostics, '')).toThrow(new UserError('bad-request', 'no category specified'));
    expect(() => diagnosticIds(diagnostics, 'Nope')).toThrow(expect.objectContaining({ code: 'not-found', message: 'No diagnostic checks found in category Nope' }));
  });

  it('run every check, then report them; a report narrows by category and id', async() => {
    const { diagnostics } = fakeServices();

    expect(diagnosticReport(diagnostics).checks).toEqual([]);
    expect((await runDiagnostics(diagnostics)).checks).toMatchObject([{ id: 'CHECK_A', passed: true, mute: false }]);
    expect(diagnosticReport(diagnostics, 'Networking').checks).toEqual([]);
    expect(diagnosticReport(diagnostics, 'Utilities', 'CHECK_A').checks).toHaveLength(1);
  });

  it('mute a check through the settings, refusing a missing id or a mute that is not a boolean', () => {
    const { services, calls } = fakeServices();

    muteDiagnostic(services, 'CHECK_A', true);
    expect(() => muteDiagnostic(services, '', true)).toThrow(new UserError('bad-request', 'check id is required'));
    expect(() => muteDiagnostic(services, 'CHECK_A', 'yes')).toThrow(new UserError('bad-request', 'mute must be true or false, not "yes"'));
    expect(calls).toEqual(['settings.update:{"version":19,"diagnostics":{"mutedChecks":{"CHECK_A":true}}}']);
  });

  it('turn a settings refusal of the mute into a UserError', () => {
    const { services } = fakeServices({ update: () => ({ errors: ['field "diagnostics.mutedChecks" is locked'], changed: false }) });

    expect(() => muteDiagnostic(services, 'CHECK_A', false)).toThrow(new UserError('invalid-setting', 'field "diagnostics.mutedChecks" is locked'));
  });
});
