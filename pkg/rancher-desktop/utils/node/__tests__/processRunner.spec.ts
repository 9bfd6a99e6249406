import { KILL_GRACE_MS, ProcessTimeoutError, runProcess } from '../processRunner';

/** Whether a pid names a live process (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);

    return true;
  } catch {
    return false;
  }
}

describe('runProcess timeouts', () => {
  const leftovers: number[] = [];

  afterEach(() => {
    // Grandchildren the shell started (we spawned them): gone with the test.
    for (const pid of leftovers.splice(0)) {
      if (alive(pid)) {
        process.kill(pid, 'SIGKILL');
      }
    }
  });

  it('stops a child that outlives its timeout, naming the command, the limit and its stderr', async() => {
    // The shell's own child keeps stdout open after the shell is killed, as limactl's ssh does:
    // the run must end at the shell's exit, not wait for the pipes to close.
    const error = await runProcess('/bin/sh', ['-c', 'echo "waiting for the guest" >&2; sleep 60 & echo "sleeper=$!" >&2; wait'], { timeoutMs: 300 }).catch((e) => e);

    expect(error).toBeInstanceOf(ProcessTimeoutError);
    const sleeper = Number(/sleeper=(\d+)/.exec(error.stderrTail.join('\n'))?.[1]);

    leftovers.push(sleeper);
    expect(error.message).toMatch(/^sh -c echo "waiting for the guest" .* did not finish within 300 ms and was stopped; its last output: sleeper=\d+$/);
    expect(error.details.lastCommandComment).toBe('timed out after 300 ms');
    expect(error.stderrTail[0]).toBe('waiting for the guest');
  });

  it('SIGKILLs a child that ignores SIGTERM once the grace period is over', async() => {
    const started = await new Promise<number>((resolve, reject) => {
      const run = runProcess('/bin/sh', ['-c', 'trap "" TERM; echo "pid=$$" >&2; while :; do sleep 0.1; done'], {
        timeoutMs: 200,
        onLine: (line) => {
          const pid = /pid=(\d+)/.exec(line)?.[1];

          if (pid) {
            resolve(Number(pid));
          }
        },
      });

      run.then(() => reject(new Error('the run resolved')), (error) => {
        expect(error).toBeInstanceOf(ProcessTimeoutError);
      });
    });

    await new Promise((resolve) => setTimeout(resolve, KILL_GRACE_MS + 1_000));
    expect(alive(started)).toBe(false);
  }, KILL_GRACE_MS + 10_000);

  it('leaves a child that finishes in time alone, whatever its exit code', async() => {
    await expect(runProcess('/bin/sh', ['-c', 'echo out; echo err >&2; exit 3'], { timeoutMs: 10_000 })).resolves.toEqual({ code: 3, signal: null, stdout: 'out\n', stderr: 'err\n' });
  });

  it('survives a child that exits without reading its input', async() => {
    await expect(runProcess('/bin/true', [], { input: 'x'.repeat(1 << 20) })).resolves.toMatchObject({ code: 0 });
  });
});
