import { UserError } from '@pkg/utils/errors';

import { cancelForward, forwardPort, listServices, resetKubernetes } from '../kubernetesOps';

import { fakeServices } from './fakeServices';

describe('resetKubernetes', () => {
  it.each<[unknown, string]>([['fast', 'fast'], ['wipe', 'wipe'], [undefined, 'fast']])('resets in the mode asked for (%j → %s)', async(mode, expected) => {
    const { services, calls } = fakeServices();

    await expect(resetKubernetes(services, mode)).resolves.toBe(expected);
    expect(calls).toEqual([`backend.resetKubernetes:"${ expected }"`]);
  });

  it.each<[unknown]>([['other'], ['FAST'], [''], [null], [5], [{}]])('refuses the mode %j, naming the valid ones, and resets nothing', async(mode) => {
    const { services, calls } = fakeServices();

    await expect(resetKubernetes(services, mode)).rejects.toThrow(new UserError('bad-request', `invalid reset mode ${ JSON.stringify(mode) }: use fast or wipe`));
    expect(calls).toEqual([]);
  });

  it('passes the controller\'s refusal through (busy, not running) instead of reporting success', async() => {
    const busy = new UserError('busy', 'The backend is STOPPING: try the reset again once it has stopped.');
    const { services } = fakeServices({ resetError: busy });

    await expect(resetKubernetes(services, 'fast')).rejects.toBe(busy);
  });
});

describe('port forwards', () => {
  it('reads ports given as digits as numbers, keeps port names, and takes no host port as any free one', async() => {
    const { services, calls } = fakeServices();

    await expect(forwardPort(services, 'default', 'web', ' 80 ', '8081')).resolves.toBe(8081);
    await expect(forwardPort(services, 'default', 'web', 'http', undefined)).resolves.toBe(34567);
    await expect(forwardPort(services, 'default', 'web', 65535, null)).resolves.toBe(34567);
    await cancelForward(services, 'default', 'web', '443');
    expect(calls).toEqual([
      'kubernetes.forwardPort:"default","web",80,8081',
      'kubernetes.forwardPort:"default","web","http",0',
      'kubernetes.forwardPort:"default","web",65535,0',
      'kubernetes.cancelForward:"default","web",443',
    ]);
  });

  it.each<[string, unknown[], string]>([
    ['no namespace', [undefined, 'web', 80, 0], 'namespace is required'],
    ['a blank service', ['default', '  ', 80, 0], 'service is required'],
    ['a service that is not text', ['default', 7, 80, 0], 'service is required'],
    ['no Service port', ['default', 'web', undefined, 0], 'Service port must be a port number (1-65535) or a port name, not nothing'],
    ['a Service port past 65535', ['default', 'web', 65536, 0], 'Service port must be a port number (1-65535) or a port name, not 65536'],
    ['a Service port name with a space', ['default', 'web', 'a b', 0], 'Service port must be a port number (1-65535) or a port name, not "a b"'],
    ['a negative host port', ['default', 'web', 80, -1], 'host port must be a whole number from 0 to 65535 (0 for any free port), not -1'],
    ['a host port that is a word', ['default', 'web', 80, 'any'], 'host port must be a whole number from 0 to 65535 (0 for any free port), not "any"'],
  ])('refuses a forward with %s before asking the cluster', async(_title, args, message) => {
    const { services, calls } = fakeServices();

    await expect(forwardPort(services, ...(args as [unknown, unknown, unknown, unknown]))).rejects.toThrow(new UserError('bad-request', message));
    expect(calls).toEqual([]);
  });

  it('refuses a cancel with a bad target before asking the cluster, and passes the cluster\'s refusal through', async() => {
    const refusal = new UserError('unsupported', 'Kubernetes is not running');
    const { services, calls } = fakeServices({ cancelError: refusal });

    await expect(cancelForward(services, 'default', '', 80)).rejects.toThrow('service is required');
    await expect(cancelForward(services, 'default', 'web', 'bad name')).rejects.toThrow('Service port must be');
    expect(calls).toEqual([]);
    await expect(cancelForward(services, 'default', 'web', 80)).rejects.toBe(refusal);
  });

  it('lists one namespace or all, and refuses a blank one', async() => {
    const { services, calls } = fakeServices();

    await listServices(services, 'kube-system');
    await listServices(services, undefined);
    await listServices(services, null);
    await expect(listServices(services, '')).rejects.toThrow(new UserError('bad-request', 'namespace is required'));
    expect(calls).toEqual(['kubernetes.listServices:"kube-system"', 'kubernetes.listServices:', 'kubernetes.listServices:']);
  });
});
