import { type ChildProcess, spawn } from 'node:child_process';

import { UserError } from '@pkg/utils/errors';
import type { Logger } from '@pkg/utils/logger';

import { type ActiveForward, type Forwarder, forwardKey, forwardLabel, type ForwardTarget } from './forwarder';
import { type KubectlTarget, kubectlArgs, kubectlReason } from './kubectl';

/** Starts kubectl; the default is node's spawn with stdin closed. */
export type SpawnKubectl = (file: string, args: string[], env: Record<string, string | undefined>) => ChildProcess;

/** The clock: restarts and time limits go through it. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PortForwarderOptions {
  target: KubectlTarget;
  logger: Logger;
  spawn?: SpawnKubectl;
  timers?: Timers;
  /** The wait before restarting a forward whose kubectl died; it doubles after each failed restart. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** How long kubectl may take to say where it listens before the forward fails. */
  readyTimeoutMs?: number;
  /** How long a stopped kubectl gets between SIGTERM and SIGKILL. */
  killTimeoutMs?: number;
}

interface Forward extends ForwardTarget {
  key: string;
  /** What was asked for (0: any) until kubectl said which port it took; restarts ask for that one. */
  hostPort: number;
  /** False once cancelled or replaced: then an exit of kubectl is the end. */
  wanted: boolean;
  /** True once kubectl listened the first time. */
  established: boolean;
  failures: number;
  child?: ChildProcess;
  timer?: unknown;
}

const READY = /^Forwarding from 127\.0\.0\.1:(\d+) -> /;

const defaultSpawn: SpawnKubectl = (file, args, env) => spawn(file, args, { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Calls `onLine` with each complete line of a stream. */
function eachLine(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  let partial = '';

  stream?.on('data', (data: Buffer) => {
    const lines = (partial + data.toString()).split('\n');

    partial = lines.pop() ?? '';
    lines.forEach((line) => onLine(line.replace(/\r$/, '')));
  });
}

const gone = (child: ChildProcess) => child.pid === undefined || child.exitCode !== null || child.signalCode !== null;

/**
 * One `kubectl port-forward --address 127.0.0.1 service/<name> <host>:<port>` per forward,
 * keyed by namespace/service/port. A forward resolves with the port kubectl prints; it fails
 * with kubectl's stderr when kubectl exits first. While a forward is wanted, a kubectl that
 * dies (the pod behind the Service restarted) is started again on the same host port after
 * a delay that grows while restarts fail.
 */
export class KubectlPortForwarder implements Forwarder {
  private readonly forwards = new Map<string, Forward>();
  private readonly spawn: SpawnKubectl;
  private readonly timers: Timers;

  constructor(private readonly options: PortForwarderOptions) {
    this.spawn = options.spawn ?? defaultSpawn;
    this.timers = options.timers ?? defaultTimers;
  }

  async forward(target: ForwardTarget, hostPort: number): Promise<number> {
    const fwd: Forward = { namespace: target.namespace, service: target.service, k8sPort: String(target.k8sPort), key: forwardKey(target), hostPort, wanted: true, established: false, failures: 0 };
    const previous = this.forwards.get(fwd.key);

    this.forwards.set(fwd.key, fwd);
    if (previous) {
      this.options.logger.info(`port forward ${ forwardLabel(fwd) }: replacing the one on 127.0.0.1:${ previous.hostPort }`);
      await this.halt(previous);
    }
    try {
      fwd.hostPort = await this.launch(fwd);
      fwd.established = true;
      this.options.logger.info(`port forward ${ forwardLabel(fwd) }: listening on 127.0.0.1:${ fwd.hostPort }`);

      return fwd.hostPort;
    } catch (error) {
      fwd.wanted = false;
      if (this.forwards.get(fwd.key) === fwd) {
        this.forwards.delete(fwd.key);
      }
      throw error;
    }
  }

  async cancel(target: ForwardTarget): Promise<void> {
    const key = forwardKey(target);
    const fwd = this.forwards.get(key);

    if (fwd) {
      this.forwards.delete(key);
      await this.halt(fwd);
      this.options.logger.info(`port forward ${ forwardLabel(fwd) }: stopped`);
    }
  }

  async stopAll(): Promise<void> {
    const all = [...this.forwards.values()];

    this.forwards.clear();
    await Promise.all(all.map((fwd) => this.halt(fwd)));
    if (all.length > 0) {
      this.options.logger.info(`stopped ${ all.length } port forward(s)`);
    }
  }

  active(): ActiveForward[] {
    return [...this.forwards.values()]
      .filter((f) => f.established)
      .map((f) => ({ namespace: f.namespace, service: f.service, k8sPort: String(f.k8sPort), hostPort: f.hostPort }));
  }

  /** Runs kubectl once for this forward; resolves with the port it listens on. */
  private launch(fwd: Forward): Promise<number> {
    const { target, logger } = this.options;
    const args = kubectlArgs(target, 'port-forward', '--address', '127.0.0.1', '--namespace', fwd.namespace, `service/${ fwd.service }`, `${ fwd.hostPort || '' }:${ fwd.k8sPort }`);

    return new Promise((resolve, reject) => {
      let child: ChildProcess;

      try {
        child = this.spawn(target.kubectl, args, target.env);
      } catch (error) {
        reject(new UserError('bad-request', `Could not run ${ target.kubectl }: ${ (error as Error).message }`));

        return;
      }
      let ready = false;
      let finished = false;
      let stderr = '';
      const limit = this.timers.setTimeout(() => {
        stderr += `\nkubectl did not start listening within ${ this.readyTimeoutMs / 1000 } s`;
        child.kill('SIGKILL');
      }, this.readyTimeoutMs);
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        if (finished) {
          return;
        }
        finished = true;
        this.timers.clearTimeout(limit);
        if (fwd.child === child) {
          fwd.child = undefined;
        }
        if (!ready) {
          reject(this.failure(fwd, code, signal, stderr));
        } else {
          this.ended(fwd, `kubectl exited with ${ code ?? signal }${ stderr.trim() ? `: ${ kubectlReason(stderr).split('\n').at(-1) }` : '' }`);
        }
      };

      fwd.child = child;
      eachLine(child.stdout, (line) => {
        const match = READY.exec(line);

        if (match && !ready) {
          ready = true;
          fwd.failures = 0;
          this.timers.clearTimeout(limit);
          resolve(Number(match[1]));
        } else if (line) {
          logger.debug(`port forward ${ forwardLabel(fwd) }: ${ line }`);
        }
      });
      child.stderr?.on('data', (data: Buffer) => {
        stderr = (stderr + data.toString()).slice(-4000);
      });
      child.once('error', (error) => {
        stderr += `\n${ error.message }`;
        finish(null, null);
      });
      child.once('close', finish);
    });
  }

  private failure(fwd: Forward, code: number | null, signal: NodeJS.Signals | null, stderr: string): UserError {
    if (!fwd.wanted) {
      return new UserError('busy', `The port forward to ${ forwardLabel(fwd) } was cancelled before it was ready.`);
    }
    const why = kubectlReason(stderr) || `kubectl exited with ${ code ?? signal } and said nothing`;

    return new UserError('bad-request', `kubectl port-forward to ${ forwardLabel(fwd) } failed: ${ why }`);
  }

  /** kubectl of a listening forward exited: restart it on the same port while the forward is wanted. */
  private ended(fwd: Forward, why: string): void {
    if (fwd.wanted && this.forwards.get(fwd.key) === fwd) {
      this.scheduleRestart(fwd, why);
    }
  }

  private scheduleRestart(fwd: Forward, why: string): void {
    const base = this.options.restartDelayMs ?? 1000;
    const delay = Math.min(base * 2 ** fwd.failures, this.options.maxRestartDelayMs ?? 15_000);

    this.options.logger.warn(`port forward ${ forwardLabel(fwd) } on 127.0.0.1:${ fwd.hostPort } ended (${ why }); restarting it in ${ delay } ms`);
    fwd.timer = this.timers.setTimeout(() => {
      fwd.timer = undefined;
      if (!fwd.wanted || this.forwards.get(fwd.key) !== fwd) {
        return;
      }
      this.launch(fwd).then(
        (port) => this.options.logger.info(`port forward ${ forwardLabel(fwd) }: restored on 127.0.0.1:${ port }`),
        (error: Error) => {
          if (fwd.wanted && this.forwards.get(fwd.key) === fwd) {
            fwd.failures++;
            this.scheduleRestart(fwd, error.message);
          }
        },
      );
    }, delay);
  }

  /** Stops a forward's kubectl (SIGTERM, then SIGKILL) and any pending restart; resolves once kubectl is gone. */
  private async halt(fwd: Forward): Promise<void> {
    fwd.wanted = false;
    if (fwd.timer !== undefined) {
      this.timers.clearTimeout(fwd.timer);
      fwd.timer = undefined;
    }
    const child = fwd.child;

    if (!child || gone(child)) {
      return;
    }
    await new Promise<void>((resolve) => {
      const force = this.timers.setTimeout(() => child.kill('SIGKILL'), this.options.killTimeoutMs ?? 3000);

      child.once('close', () => {
        this.timers.clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  private get readyTimeoutMs(): number {
    return this.options.readyTimeoutMs ?? 30_000;
  }
}
