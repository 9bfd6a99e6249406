import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';

import { probeKvm } from '../kvmProbe';

/** A stand-in for QEMU that prints what it is told and can exit. */
function fakeQemu() {
  const child = new EventEmitter() as any;

  child.stdout = new PassThrough();
  child.stderr = new PassThrough();
  child.kill = jest.fn();

  return child;
}

describe('probeKvm', () => {
  it('uses TCG without starting QEMU when /dev/kvm cannot be opened', async() => {
    const spawn = jest.fn();

    expect(await probeKvm('qemu', 'vmlinuz', 100, { canOpenKvm: () => false, spawn })).toMatchObject({ accel: 'tcg', reason: expect.stringContaining('/dev/kvm is missing') });
    expect(spawn).not.toHaveBeenCalled();
  });

  it('uses KVM once the guest kernel prints its banner', async() => {
    const child = fakeQemu();
    const result = probeKvm('qemu', 'vmlinuz', 1000, { canOpenKvm: () => true, spawn: () => child });

    child.stdout.write('[    0.000000] Linux version 6.1.0');
    expect(await result).toEqual({ accel: 'kvm', reason: 'KVM runs a guest' });
    expect(child.kill).toHaveBeenCalledWith('SIGKILL');
  });

  it('falls back to TCG when a KVM guest hangs (the case on this machine kind)', async() => {
    const child = fakeQemu();

    expect(await probeKvm('qemu', 'vmlinuz', 50, { canOpenKvm: () => true, spawn: () => child })).toMatchObject({ accel: 'tcg', reason: expect.stringContaining('printed nothing') });
    expect(child.kill).toHaveBeenCalled();
  });

  it('falls back to TCG when QEMU exits with an error', async() => {
    const child = fakeQemu();
    const result = probeKvm('qemu', 'vmlinuz', 1000, { canOpenKvm: () => true, spawn: () => child });

    child.stderr.write('qemu-system-x86_64: failed to initialize kvm: Permission denied\n');
    await new Promise((resolve) => setImmediate(resolve));
    child.emit('exit', 1);
    expect(await result).toMatchObject({ accel: 'tcg', reason: expect.stringContaining('failed to initialize kvm') });
  });
});
