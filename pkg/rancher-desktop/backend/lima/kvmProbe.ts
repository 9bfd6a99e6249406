import { type ChildProcess, spawn as nodeSpawn } from 'node:child_process';
import fs from 'node:fs';

/** Which accelerator QEMU should use, and why (shown in the log and diagnostics). */
export interface AccelChoice {
  accel: 'kvm' | 'tcg';
  reason: string;
}

/** Seams: file access and process spawning, so tests need neither /dev/kvm nor QEMU. */
export interface KvmProbeDeps {
  canOpenKvm(): boolean;
  spawn(file: string, args: string[]): ChildProcess;
}

const realDeps: KvmProbeDeps = {
  canOpenKvm: () => {
    try {
      fs.accessSync('/dev/kvm', fs.constants.R_OK | fs.constants.W_OK);

      return true;
    } catch {
      return false;
    }
  },
  spawn: (file, args) => nodeSpawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] }),
};

/**
 * Decides between KVM and TCG by booting the guest kernel under KVM for a few seconds: a
 * /dev/kvm that opens is not enough, since on some hosts KVM_CREATE_VM succeeds and the
 * guest then hangs (lima-notes.md §6). KVM counts as working once the kernel prints its
 * banner on the serial console.
 */
export function probeKvm(qemu: string, kernel: string, timeoutMs = 15_000, deps: KvmProbeDeps = realDeps): Promise<AccelChoice> {
  if (!deps.canOpenKvm()) {
    return Promise.resolve({ accel: 'tcg', reason: '/dev/kvm is missing or not accessible to this user: using QEMU TCG (software emulation, much slower)' });
  }

  return new Promise((resolve) => {
    const child = deps.spawn(qemu, [
      '-accel', 'kvm', '-machine', 'q35', '-cpu', 'host', '-m', '128', '-smp', '1',
      '-nographic', '-no-reboot', '-nodefaults', '-serial', 'stdio',
      '-kernel', kernel, '-append', 'console=ttyS0 panic=-1 root=/dev/null',
    ]);
    let output = '';
    let done = false;
    const finish = (choice: AccelChoice) => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        child.kill('SIGKILL');
        resolve(choice);
      }
    };
    const timer = setTimeout(() => finish({ accel: 'tcg', reason: `/dev/kvm opens but a KVM guest printed nothing in ${ timeoutMs / 1000 }s: using QEMU TCG` }), timeoutMs);

    child.stdout?.on('data', (data: Buffer) => {
      output += data.toString();
      if (output.includes('Linux version')) {
        finish({ accel: 'kvm', reason: 'KVM runs a guest' });
      }
    });
    child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
    child.on('error', (error) => finish({ accel: 'tcg', reason: `cannot run ${ qemu } to probe KVM (${ error.message }): using QEMU TCG` }));
    child.on('exit', () => finish({ accel: 'tcg', reason: `QEMU refused KVM (${ output.trim().split('\n').pop() ?? 'no output' }): using QEMU TCG` }));
  });
}
