import { BackendError } from '@pkg/utils/errors';
import { nullLogger } from '@pkg/utils/logger';
import { type ProcessOutcome, ProcessTimeoutError, type RunOptions, runProcess } from '@pkg/utils/node/processRunner';

import { Limactl, LIMACTL_TIMEOUTS_MS, limaLogMessage } from '../limactl';

describe('limaLogMessage', () => {
  it('takes the message out of a logrus line, unescaping quotes', () => {
    expect(limaLogMessage('time="2026-01-01T00:00:00Z" level=info msg="[hostagent] Waiting for \\"ssh\\""')).toBe('[hostagent] Waiting for "ssh"');
    expect(limaLogMessage('plain output')).toBeUndefined();
  });
});

describe('Limactl.run', () => {
  function limactlWith(run: (file: string, args: string[], options?: RunOptions) => Promise<ProcessOutcome>) {
    return new Limactl({ limactl: '/r/lima/bin/limactl', limaHome: '/h/lima', env: { PATH: '/usr/bin' }, run, logger: nullLogger });
  }

  it('gives every subcommand a time limit: its own, the caller\'s, or a short one', async() => {
    const limits: Record<string, number | undefined> = {};
    const limactl = limactlWith((_file, args, options) => {
      limits[args.join(' ')] = options?.timeoutMs;

      return Promise.resolve({ code: 0, signal: null, stdout: '', stderr: '' });
    });

    await limactl.run(['start', '0']);
    await limactl.run(['stop', '--force', '0']);
    await limactl.run(['copy', '/f', '0:/tmp/f'], { timeoutMs: 1_234 });
    await limactl.run(['list']);
    expect(limits).toEqual({ 'start 0': LIMACTL_TIMEOUTS_MS.start, 'stop --force 0': LIMACTL_TIMEOUTS_MS.stop, 'copy /f 0:/tmp/f': 1_234, list: 60_000 });
  });

  it('a limactl that hangs is stopped, and the error names the command, the limit and its stderr', async() => {
    // The real runner on a stand-in that prints what limactl does and then never returns.
    const limactl = limactlWith((_file, args, options) => runProcess('/bin/sh', ['-c', 'echo "level=info msg=\\"[hostagent] Waiting for ssh\\"" >&2; exec sleep 60', ...args], options));
    const error = await limactl.run(['copy', '/f', '0:/tmp/f'], { timeoutMs: 200 }).catch((e) => e);

    expect(error).toBeInstanceOf(ProcessTimeoutError);
    expect(error).toBeInstanceOf(BackendError);
    expect(error.message).toContain('did not finish within 200 ms and was stopped; its last output: level=info msg="[hostagent] Waiting for ssh"');
    expect(error.details.lastCommandComment).toBe('timed out after 200 ms');
  });
});
