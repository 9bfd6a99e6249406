import type { Acceleration } from '@pkg/backend/types';

import type { DiagnosticChecker } from './types';

/**
 * Fails when the VM runs under QEMU's software emulation (TCG): everything works, but several
 * times slower, and the user should know why (no /dev/kvm, or a KVM that cannot run a guest).
 */
export function vmAcceleration(acceleration: () => Acceleration | undefined): DiagnosticChecker {
  return {
    id: 'VM_ACCELERATION',
    category: 'Container Engine',
    applicable: () => true,
    check() {
      const accel = acceleration();

      if (!accel) {
        return Promise.resolve({ passed: true, description: 'The VM has not started yet; its accelerator is not known.', fixes: [] });
      }
      const software = accel.accel === 'tcg';

      return Promise.resolve({
        passed: !software,
        description: software ? `The VM runs under QEMU software emulation (TCG), several times slower than with KVM: ${ accel.reason }.` : `The VM uses ${ accel.accel.toUpperCase() }.`,
        fixes: software ? [{ description: 'Enable virtualisation (VT-x/AMD-V) for this machine and make /dev/kvm usable by your user (the kvm group), then restart Rancher Desktop.' }] : [],
      });
    },
  };
}
