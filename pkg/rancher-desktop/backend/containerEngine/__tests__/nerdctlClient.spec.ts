import type { ExecOptions, ExecResult, VMExecutor } from '../../types';
import { NerdctlClient, parsePorts, parseSize } from '../nerdctlClient';

describe('NerdctlClient (fake executor)', () => {
  function clientWith(answers: Record<string, Partial<ExecResult>>) {
    const calls: { command: string[]; options?: ExecOptions }[] = [];
    const executor: VMExecutor = {
      exec: (command, options) => {
        calls.push({ command, options });
        const key = Object.keys(answers).find((k) => command.join(' ').includes(k));

        return Promise.resolve({ stdout: '', stderr: '', exitCode: 0, ...(key ? answers[key] : {}) });
      },
      shellCommand: () => undefined,
    };

    return { client: new NerdctlClient(executor), calls };
  }

  it('lists containers in a namespace from JSON lines, as root', async() => {
    const line = JSON.stringify({ ID: 'c1', Names: 'web', Image: 'docker.io/rdtest/bb:1', Status: 'Up 3 seconds', Ports: '0.0.0.0:8080->80/tcp', CreatedAt: '2026-11-24 03:00:00 +0000 UTC' });
    const { client, calls } = clientWith({ ps: { stdout: `${ line }\n` } });
    const list = await client.listContainers({ all: true, namespace: 'k8s.io' });

    expect(calls[0]).toEqual({ command: ['nerdctl', '--namespace', 'k8s.io', 'ps', '--all', '--format', '{{json .}}'], options: { root: true } });
    expect(list[0]).toMatchObject({ id: 'c1', names: ['web'], state: 'running', ports: [{ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' }] });
  });

  it('lists images and volumes, and turns "no such" into a not-found UserError', async() => {
    const { client } = clientWith({
      images: { stdout: `${ JSON.stringify({ ID: 'i1', Repository: 'rdtest/bb', Tag: '1', Size: '1.999MB', CreatedAt: '2026-11-24T03:00:00Z' }) }\n${ JSON.stringify({ ID: 'i2', Repository: '<none>', Tag: '<none>', Size: '0B' }) }\n` },
      'volume ls': { stdout: `${ JSON.stringify({ Name: 'v', Driver: 'local', Mountpoint: '/var/lib/nerdctl/v' }) }\n` },
      rmi: { exitCode: 1, stderr: 'time="x" level=fatal msg="1 errors:\\nno such image: nope"' },
    });

    expect(await client.listImages()).toEqual([{ id: 'i1', tags: ['rdtest/bb:1'], size: 1999000, created: Date.parse('2026-11-24T03:00:00Z') / 1000 }, { id: 'i2', tags: [], size: 0, created: 0 }]);
    expect(await client.listVolumes()).toEqual([{ name: 'v', driver: 'local', mountpoint: '/var/lib/nerdctl/v' }]);
    await expect(client.removeImage('nope')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('parses ports and sizes as nerdctl prints them', () => {
    expect(parsePorts(':::8443->443/tcp, 53/udp')).toEqual([{ hostIp: '::', hostPort: 8443, containerPort: 443, protocol: 'tcp' }, { hostIp: undefined, hostPort: undefined, containerPort: 53, protocol: 'udp' }]);
    expect(parseSize('12.5 kB')).toBe(12500);
    expect(parseSize('junk')).toBe(0);
  });
});
