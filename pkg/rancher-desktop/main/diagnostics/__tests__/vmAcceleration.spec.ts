import { defaultSettings } from '@pkg/config/defaults';

import { vmAcceleration } from '../vmAcceleration';

const settings = defaultSettings({ platform: 'linux', kernelMajor: 6, totalMemoryBytes: 8 * 2 ** 30, arch: 'x64' });

describe('VM_ACCELERATION', () => {
  it('fails under TCG, saying why and how to fix it; passes with KVM or before any start', async() => {
    const tcg = await vmAcceleration(() => ({ accel: 'tcg', reason: '/dev/kvm opens but a KVM guest printed nothing in 15s' })).check(settings);

    expect(tcg.passed).toBe(false);
    expect(tcg.description).toMatch(/software emulation \(TCG\).*KVM guest printed nothing/);
    expect(tcg.fixes[0].description).toMatch(/\/dev\/kvm/);
    expect((await vmAcceleration(() => ({ accel: 'kvm', reason: 'ok' })).check(settings)).passed).toBe(true);
    expect((await vmAcceleration(() => undefined).check(settings)).passed).toBe(true);
  });
});
