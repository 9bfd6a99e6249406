import net from 'node:net';

import { UserError } from '@pkg/utils/errors';

import { KubectlPortForwarder, type Timers } from '../portForwarder';
import { type FakeKubectl, freePort, makeFakeKubectl, readFrom, recordingLogger, waitFor } from './fakeKubectl';

const web = { namespace: 'default', service: 'web', k8sPort: 80 };
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);

    return true;
  } catch {
    return false;
  }
};

/** A clock whose timers run only when the test says so. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      pending.set(next, { fn, ms });

      return next++;
    },
    clearTimeout: (handle) => pending.delete(handle as number),
  };
  const fire = (ms: number) => {
    for (const [id, t] of [...pending]) {
      if (t.ms === ms) {
        pending.delete(id);
        t.fn();
      }
    }
  };

  return { timers, fire, has: (ms: number) => [...pending.values()].some((t) => t.ms === ms) };
}

describe('KubectlPortForwarder', () => {
  let fake: FakeKubectl;
  let forwarder: KubectlPortForwarder;
  let log: ReturnType<typeof recordingLogger>;

  beforeEach(() => {
    fake = makeFakeKubectl();
    log = recordingLogger();
    forwarder = new KubectlPortForwarder({ target: fake.target, logger: log.logger, restartDelayMs: 20, maxRestartDelayMs: 100 });
  });
  afterEach(async() => {
    await forwarder.stopAll();
    fake.remove();
  });

  it('runs kubectl port-forward on 127.0.0.1 against our context and resolves with the port it prints', async() => {
    const port = await forwarder.forward(web, 0);

    expect(port).toBeGreaterThan(0);
    expect(await readFrom(port)).toBe('fake default/web:80\n');
    expect(fake.runs()[0].args).toEqual([
      '--kubeconfig', `${ fake.dir }/kubeconfig`, '--context', 'rancher-desktop',
      'port-forward', '--address', '127.0.0.1', '--namespace', 'default', 'service/web', ':80',
    ]);
    expect(forwarder.active()).toEqual([{ namespace: 'default', service: 'web', k8sPort: '80', hostPort: port }]);
  });

  it('asks for the host port given, and takes port names', async() => {
    const wanted = await freePort();

    expect(await forwarder.forward({ ...web, k8sPort: 'http' }, wanted)).toBe(wanted);
    expect(fake.runs()[0].args.at(-1)).toBe(`${ wanted }:http`);
    expect(await readFrom(wanted)).toBe('fake default/web:http\n');
  });

  it('fails with kubectl\'s stderr when kubectl exits before listening, and keeps nothing', async() => {
    const failure = forwarder.forward({ ...web, service: 'missing' }, 0);

    await expect(failure).rejects.toThrow(UserError);
    await expect(failure).rejects.toThrow('kubectl port-forward to default/missing:80 failed: Error from server (NotFound): services "missing" not found');
    expect(forwarder.active()).toEqual([]);
  });

  it('fails when the host port is taken', async() => {
    const blocker = net.createServer().listen(0, '127.0.0.1');

    await new Promise((resolve) => blocker.once('listening', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;

    await expect(forwarder.forward(web, taken)).rejects.toThrow(`Unable to listen on port ${ taken }`);
    blocker.close();
  });

  it('fails when kubectl cannot be run, or says nothing in time', async() => {
    const broken = new KubectlPortForwarder({ target: { ...fake.target, kubectl: `${ fake.dir }/no-such-kubectl` }, logger: log.logger });

    await expect(broken.forward(web, 0)).rejects.toThrow(/default\/web:80 failed: .*ENOENT/);
    const slow = new KubectlPortForwarder({ target: fake.target, logger: log.logger, readyTimeoutMs: 300 });

    await expect(slow.forward({ ...web, service: 'silent' }, 0)).rejects.toThrow('kubectl did not start listening within 0.3 s');
  });

  it('replaces a forward of the same Service port: the first kubectl ends', async() => {
    const first = await forwarder.forward(web, 0);
    const firstPid = fake.runs()[0].pid;
    const second = await forwarder.forward({ ...web, k8sPort: '80' }, first);

    expect(second).toBe(first);
    expect(alive(firstPid)).toBe(false);
    expect(fake.runs()).toHaveLength(2);
    expect(forwarder.active()).toHaveLength(1);
    expect(await readFrom(second)).toBe('fake default/web:80\n');
  });

  it('restarts a kubectl that died on the same host port, after a delay, and logs it', async() => {
    const port = await forwarder.forward(web, 0);

    process.kill(fake.runs()[0].pid, 'SIGKILL');
    await waitFor(() => fake.runs().length === 2 && log.lines.some((l) => l.includes('restored')));
    expect(fake.runs()[1].args.at(-1)).toBe(`${ port }:80`);
    expect(await readFrom(port)).toBe('fake default/web:80\n');
    expect(log.lines).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^warn: port forward default/web:80 on 127.0.0.1:${ port } ended \\(kubectl exited with SIGKILL\\); restarting it in 20 ms$`)),
      `info: port forward default/web:80: restored on 127.0.0.1:${ port }`,
    ]));
    expect(forwarder.active()).toEqual([{ namespace: 'default', service: 'web', k8sPort: '80', hostPort: port }]);
  });

  it('keeps retrying a restart that fails, waiting longer each time, until the port is free again', async() => {
    const clock = manualTimers();
    const timed = new KubectlPortForwarder({ target: fake.target, logger: log.logger, timers: clock.timers, restartDelayMs: 1000, maxRestartDelayMs: 3000 });
    const port = await timed.forward(web, 0);

    process.kill(fake.runs()[0].pid, 'SIGKILL');
    await waitFor(() => clock.has(1000));
    // Someone else takes the port while kubectl is down.
    const squatter = net.createServer().listen(port, '127.0.0.1');

    await new Promise((resolve) => squatter.once('listening', resolve));
    clock.fire(1000);
    await waitFor(() => clock.has(2000));
    clock.fire(2000);
    await waitFor(() => clock.has(3000));
    expect(log.lines.filter((l) => l.startsWith('warn:'))).toEqual([
      expect.stringContaining('restarting it in 1000 ms'),
      expect.stringMatching(/Unable to listen on port \d+.*; restarting it in 2000 ms$/s),
      expect.stringContaining('restarting it in 3000 ms'),
    ]);
    await new Promise((resolve) => squatter.close(resolve));
    clock.fire(3000);
    await waitFor(() => log.lines.some((l) => l.includes('restored')));
    expect(await readFrom(port)).toBe('fake default/web:80\n');
    await timed.stopAll();
  });

  it('restarts only when the clock says the delay is over', async() => {
    const clock = manualTimers();
    const timed = new KubectlPortForwarder({ target: fake.target, logger: log.logger, timers: clock.timers, restartDelayMs: 1000 });
    const port = await timed.forward(web, 0);

    process.kill(fake.runs()[0].pid, 'SIGKILL');
    await waitFor(() => clock.has(1000));
    expect(fake.runs()).toHaveLength(1);
    clock.fire(1000);
    await waitFor(() => fake.runs().length === 2);
    await waitFor(() => log.lines.some((l) => l.includes('restored')));
    expect(await readFrom(port)).toBe('fake default/web:80\n');
    await timed.stopAll();
  });

  it('cancel ends kubectl and no restart follows; cancelling nothing is fine', async() => {
    const port = await forwarder.forward(web, 0);
    const pid = fake.runs()[0].pid;

    await forwarder.cancel({ ...web, k8sPort: '80' });
    expect(alive(pid)).toBe(false);
    await expect(readFrom(port)).rejects.toThrow(/ECONNREFUSED/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.runs()).toHaveLength(1);
    expect(forwarder.active()).toEqual([]);
    await expect(forwarder.cancel({ namespace: 'x', service: 'y', k8sPort: 1 })).resolves.toBeUndefined();
  });

  it('a forward cancelled before kubectl listened fails saying so', async() => {
    const pending = forwarder.forward({ ...web, service: 'silent' }, 0);

    await waitFor(() => fake.runs().length === 1);
    await forwarder.cancel({ ...web, service: 'silent' });
    await expect(pending).rejects.toThrow('The port forward to default/silent:80 was cancelled before it was ready.');
  });

  it('stopAll ends every forward', async() => {
    const a = await forwarder.forward(web, 0);
    const b = await forwarder.forward({ namespace: 'kube-system', service: 'kube-dns', k8sPort: 'dns-tcp' }, 0);

    await forwarder.stopAll();
    expect(forwarder.active()).toEqual([]);
    await expect(readFrom(a)).rejects.toThrow(/ECONNREFUSED/);
    await expect(readFrom(b)).rejects.toThrow(/ECONNREFUSED/);
    expect(fake.runs().map((r) => alive(r.pid))).toEqual([false, false]);
  });
});
