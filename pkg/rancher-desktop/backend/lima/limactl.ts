import path from 'node:path';

import { BackendError } from '@pkg/utils/errors';
import type { Logger } from '@pkg/utils/logger';
import { lastLines, type ProcessOutcome, type ProcessRunner, type RunOptions } from '@pkg/utils/node/processRunner';

/** The instance name Rancher Desktop uses (rd-api.md §6). */
export const INSTANCE = '0';

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

  /** Runs limactl; a non-zero exit becomes a BackendError carrying the tail of its output. */
  async run(args: string[], options: Omit<RunOptions, 'env'> = {}): Promise<ProcessOutcome> {
    const fullArgs = this.options.debug?.() ? ['--debug', ...args] : args;

    this.lastCommand = `limactl ${ fullArgs.join(' ') }`;
    this.options.logger.info(`running ${ this.lastCommand }`);
    const outcome = await this.options.run(this.options.limactl, fullArgs, { ...options, env: this.environment });

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
