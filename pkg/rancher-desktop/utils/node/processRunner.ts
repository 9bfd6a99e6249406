import { spawn } from 'node:child_process';

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
  /** Kills the child (SIGKILL) after this long; the outcome then has signal SIGKILL. */
  timeoutMs?: number;
  /** Each complete line of stdout and stderr as it arrives (progress parsing, logs). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  input?: string;
}

/** Spawns a program, collects its output and never rejects for a non-zero exit (callers decide). */
export type ProcessRunner = (file: string, args: string[], options?: RunOptions) => Promise<ProcessOutcome>;

// Output kept per stream: enough for error messages, bounded for chatty programs.
const KEEP_CHARS = 1 << 20;

export const runProcess: ProcessRunner = (file, args, options = {}) => new Promise((resolve, reject) => {
  const child = spawn(file, args, { env: options.env as NodeJS.ProcessEnv | undefined, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  const partial = { stdout: '', stderr: '' };
  const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
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
  child.on('error', (error) => {
    clearTimeout(timer);
    reject(error);
  });
  child.on('close', (code, signal) => {
    clearTimeout(timer);
    for (const stream of ['stdout', 'stderr'] as const) {
      if (partial[stream]) {
        options.onLine?.(partial[stream], stream);
      }
    }
    resolve({ code, signal, ...out });
  });
  child.stdin.end(options.input ?? '');
});

/** The last `count` non-empty lines of a text. */
export function lastLines(text: string, count: number): string[] {
  return text.split('\n').map((l) => l.trimEnd()).filter(Boolean).slice(-count);
}
