import { spawn } from 'node:child_process';
import path from 'node:path';

import { BackendError } from '@pkg/utils/errors';

/** What a finished child process left behind. */
export interface ProcessOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /**
   * Stops the child after this long (SIGTERM, then SIGKILL if it is still there
   * KILL_GRACE_MS later) and rejects with a ProcessTimeoutError. Only the child is signalled,
   * through its own handle: never a process group, never a pid read from elsewhere.
   */
  timeoutMs?: number;
  /** Each complete line of stdout and stderr as it arrives (progress parsing, logs). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  input?: string;
}

/**
 * Spawns a program, collects its output and never rejects for a non-zero exit (callers
 * decide); rejects when it cannot be spawned, or with a ProcessTimeoutError.
 */
export type ProcessRunner = (file: string, args: string[], options?: RunOptions) => Promise<ProcessOutcome>;

// Output kept per stream: enough for error messages, bounded for chatty programs.
const KEEP_CHARS = 1 << 20;

/** How long a timed-out child gets to exit after SIGTERM (limactl stops its ssh) before SIGKILL. */
export const KILL_GRACE_MS = 5_000;

// A command line in a message: `sh -c <script>` can be pages long.
const COMMAND_CHARS = 300;

/** How a command is named in messages: the program's name and its arguments. */
export function describeCommand(file: string, args: string[]): string {
  const text = [path.basename(file), ...args].join(' ').replace(/\s+/g, ' ');

  return text.length > COMMAND_CHARS ? `${ text.slice(0, COMMAND_CHARS) }…` : text;
}

/** A wait's length in messages: seconds, or milliseconds below one (tests' short limits). */
export const formatDuration = (ms: number) => (ms < 1_000 ? `${ ms } ms` : `${ Math.round(ms / 1000) } s`);

/** A child that outlived its timeout and was stopped: which command, after how long, what it said last. */
export class ProcessTimeoutError extends BackendError {
  constructor(readonly command: string, readonly timeoutMs: number, readonly stderrTail: string[]) {
    super(`${ command } did not finish within ${ formatDuration(timeoutMs) } and was stopped${ stderrTail.length ? `; its last output: ${ stderrTail[stderrTail.length - 1] }` : ' (it printed nothing on stderr)' }`, false, {
      lastCommand: command,
      lastCommandComment: `timed out after ${ formatDuration(timeoutMs) }`,
      lastLogLines: stderrTail,
    });
    this.name = 'ProcessTimeoutError';
  }
}

export const runProcess: ProcessRunner = (file, args, options = {}) => new Promise((resolve, reject) => {
  const child = spawn(file, args, { env: options.env as NodeJS.ProcessEnv | undefined, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  const partial = { stdout: '', stderr: '' };
  let settled = false;
  let timedOut = false;
  let grace: ReturnType<typeof setTimeout> | undefined;
  const settle = (action: () => void) => {
    if (!settled) {
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      action();
    }
  };
  // Settles without waiting for 'close': a grandchild (limactl's ssh) may hold the pipes open.
  const timeOut = () => settle(() => {
    child.stdout.destroy();
    child.stderr.destroy();
    reject(new ProcessTimeoutError(describeCommand(file, args), options.timeoutMs ?? 0, lastLines(out.stderr, 15)));
  });
  const timer = options.timeoutMs ? setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
    grace = setTimeout(() => {
      child.kill('SIGKILL');
      timeOut();
    }, KILL_GRACE_MS);
  }, options.timeoutMs) : undefined;
  const collect = (stream: 'stdout' | 'stderr') => (data: Buffer) => {
    const text = data.toString();

    out[stream] = (out[stream] + text).slice(-KEEP_CHARS);
    if (options.onLine) {
      const lines = (partial[stream] + text).split('\n');

      partial[stream] = lines.pop() ?? '';
      lines.forEach((line) => options.onLine?.(line, stream));
    }
  };

  child.stdout.on('data', collect('stdout'));
  child.stderr.on('data', collect('stderr'));
  child.on('error', (error) => settle(() => reject(error)));
  child.on('exit', () => {
    if (timedOut) {
      timeOut();
    }
  });
  child.on('close', (code, signal) => settle(() => {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (partial[stream]) {
        options.onLine?.(partial[stream], stream);
      }
    }
    resolve({ code, signal, ...out });
  }));
  // A child that exits without reading all its input must not crash the app with EPIPE.
  child.stdin.on('error', () => {});
  child.stdin.end(options.input ?? '');
});

/** The last `count` non-empty lines of a text. */
export function lastLines(text: string, count: number): string[] {
  return text.split('\n').map((l) => l.trimEnd()).filter(Boolean).slice(-count);
}
