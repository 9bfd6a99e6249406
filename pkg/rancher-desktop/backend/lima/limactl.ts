import path from 'node:path';

import { BackendError } from '@pkg/utils/errors';
import type { Logger } from '@pkg/utils/logger';
import { lastLines, type ProcessOutcome, type ProcessRunner, ProcessTimeoutError, type RunOptions } from '@pkg/utils/node/processRunner';

/** The instance name Rancher Desktop uses (rd-api.md §6). */
export const INSTANCE = '0';

/**
 * How long a limactl subcommand may run when its caller names no limit of its own (start
 * and the graceful stop do). Sized for QEMU TCG on 2 cores, where everything is 5-10x
 * slower than under KVM.
 */
export const LIMACTL_TIMEOUTS_MS: Readonly<Record<string, number>> = {
  // A fresh VM takes 2-5 min to boot under TCG; Lima's own --timeout is the real wait.
  start: 15 * 60_000,
  // Graceful: the guest's shutdown (measured: seconds, up to 90 s with the cluster on); forced: signals only.
  stop: 3 * 60_000,
  // Lima copies over scp, measured at ~4 MB/s under TCG: 10 min is over 2 GB.
  copy: 10 * 60_000,
  // Removes the instance's disk and folder.
  delete: 2 * 60_000,
};
// Any other subcommand (list, info) answers from the host's files.
const OTHER_TIMEOUT_MS = 60_000;

export interface LimactlOptions {
  limactl: string;
  limaHome: string;
  /** The app's environment; PATH and HOME are passed through. */
  env: Record<string, string | undefined>;
  run: ProcessRunner;
  logger: Logger;
  debug?: () => boolean;
}

/**
 * Runs limactl the way Rancher Desktop does: LIMA_HOME under the app's data, the bundled
 * lima/bin first on PATH, port forwards through the guest agent (LIMA_SSH_PORT_FORWARDER=false).
 * Lima 1.2.1 on Linux always asks for KVM; where KVM cannot run a guest, the QEMU binary is
 * given with TCG arguments through QEMU_SYSTEM_X86_64 (lima-notes.md §0).
 */
export class Limactl {
  private qemuOverride?: string;
  lastCommand?: string;

  constructor(private readonly options: LimactlOptions) {}

  get limaHome(): string {
    return this.options.limaHome;
  }

  get instanceDir(): string {
    return path.join(this.options.limaHome, INSTANCE);
  }

  /** Use TCG: `qemu` is the absolute path of qemu-system-x86_64. */
  useTcg(qemu: string): void {
    this.qemuOverride = `${ qemu } -machine q35,vmport=off -accel tcg,thread=multi,tb-size=512`;
  }

  get environment(): Record<string, string> {
    const env: Record<string, string> = {};

    for (const [key, value] of Object.entries(this.options.env)) {
      if (value !== undefined) {
        env[key] = value;
      }
    }
    env.LIMA_HOME = this.options.limaHome;
    env.LIMA_SSH_PORT_FORWARDER = 'false';
    env.PATH = [path.dirname(this.options.limactl), env.PATH ?? '/usr/bin:/bin'].join(path.delimiter);
    if (this.qemuOverride) {
      env.QEMU_SYSTEM_X86_64 = this.qemuOverride;
    }

    return env;
  }

  /**
   * Runs limactl; a non-zero exit becomes a BackendError carrying the tail of its output, and
   * a run past its timeout (the caller's, else LIMACTL_TIMEOUTS_MS) a ProcessTimeoutError.
   */
  async run(args: string[], options: Omit<RunOptions, 'env'> = {}): Promise<ProcessOutcome> {
    const fullArgs = this.options.debug?.() ? ['--debug', ...args] : args;
    const timeoutMs = options.timeoutMs ?? LIMACTL_TIMEOUTS_MS[args[0]] ?? OTHER_TIMEOUT_MS;

    this.lastCommand = `limactl ${ fullArgs.join(' ') }`;
    this.options.logger.info(`running ${ this.lastCommand }`);
    const outcome = await this.options.run(this.options.limactl, fullArgs, { ...options, timeoutMs, env: this.environment }).catch((error: unknown) => {
      if (error instanceof ProcessTimeoutError) {
        this.options.logger.error(`${ error.message }\n${ error.stderrTail.join('\n') }`);
      }
      throw error;
    });

    if (outcome.code !== 0) {
      const tail = lastLines(`${ outcome.stdout }\n${ outcome.stderr }`, 15);

      this.options.logger.error(`${ this.lastCommand } failed (${ outcome.signal ?? `exit ${ outcome.code }` })\n${ tail.join('\n') }`);
      throw new BackendError(`${ this.lastCommand } failed: ${ lastLines(outcome.stderr, 1)[0] ?? `exit ${ outcome.code }` }`, false, {
        lastCommand: this.lastCommand,
        lastLogLines: tail,
      });
    }

    return outcome;
  }

  /** argv for running a command in the VM (the caller adds stdio). */
  shellArgs(command: string[], options: { root?: boolean; workdir?: string } = {}): string[] {
    return ['shell', `--workdir=${ options.workdir ?? '/' }`, INSTANCE, ...(options.root ? ['sudo', '--'] : []), ...command];
  }
}

/** Lima logs logrus lines (`level=info msg="…"`); the message is what a user can read as progress. */
export function limaLogMessage(line: string): string | undefined {
  const match = /msg="((?:[^"\\]|\\.)*)"/.exec(line);

  return match ? match[1].replace(/\\"/g, '"') : undefined;
}
