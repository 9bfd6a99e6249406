import { defaultSettings } from '@pkg/config/defaults';
import type { Settings } from '@pkg/config/settingsTypes';

import { buildLimaConfig } from '../limaConfig';

const ctx = {
  image: { disk: '/c/disk.qcow2', kernel: '/c/vmlinuz', initrd: '/c/initrd.img' },
  home: '/home/u',
  altAppHome: '/home/u/.rd',
  useTcg: true,
};
const settings = (change: (s: Settings) => void = () => {}) => {
  const s = defaultSettings({ platform: 'linux', kernelMajor: 6, totalMemoryBytes: 16 * 2 ** 30, arch: 'x64' });

  change(s);

  return s;
};

describe('buildLimaConfig', () => {
  it('maps the VM settings and boots the guest kernel directly', () => {
    const config = buildLimaConfig(settings((s) => {
      s.virtualMachine.numberCPUs = 3;
      s.virtualMachine.memoryInGB = 5;
      s.experimental.virtualMachine.diskSize = '120GiB';
    }), ctx);

    expect(config).toMatchObject({
      vmType: 'qemu',
      cpus: 3,
      memory: '5GiB',
      disk: '120GiB',
      mountType: 'reverse-sshfs',
      firmware: { legacyBIOS: true },
      cpuType: { x86_64: 'max' },
      containerd: { system: false, user: false },
      images: [{ location: '/c/disk.qcow2', kernel: { location: '/c/vmlinuz', cmdline: 'root=/dev/vda rw console=ttyS0 net.ifnames=0 apparmor=0' }, initrd: { location: '/c/initrd.img' } }],
    });
    expect(config.mounts).toEqual([{ location: '/home/u', writable: true }, { location: '/tmp/rancher-desktop', writable: true }]);
  });

  it('forwards the docker socket to ~/.rd/docker.sock for moby and ports to 127.0.0.1', () => {
    expect(buildLimaConfig(settings(), ctx).portForwards).toEqual([
      { guestSocket: '/var/run/docker.sock', hostSocket: '/home/u/.rd/docker.sock' },
      { guestPortRange: [1, 65535], guestIPMustBeZero: true, hostIP: '127.0.0.1', proto: 'any' },
    ]);
  });

  it('runs containerd instead of dockerd for the containerd engine, and probes its socket', () => {
    const config = buildLimaConfig(settings((s) => (s.containerEngine.name = 'containerd')), ctx) as any;

    expect(config.portForwards).toHaveLength(1);
    expect(config.provision[0].script).toContain('systemctl stop docker.socket docker');
    expect(config.probes[0].script).toContain('/run/containerd/containerd.sock');
  });

  it('passes the 9p options with a 9p mount, and no CPU model when KVM works', () => {
    const config = buildLimaConfig(settings((s) => (s.virtualMachine.mount.type = '9p')), { ...ctx, useTcg: false }) as any;

    expect(config.mounts[0]).toEqual({ location: '/home/u', writable: true, '9p': { securityModel: 'none', protocolVersion: '9p2000.L', msize: '128KiB', cache: 'mmap' } });
    expect(config.cpuType).toBeUndefined();
  });
});
