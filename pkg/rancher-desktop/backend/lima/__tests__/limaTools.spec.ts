import { findLimaTools, limaInvalidReason } from '../limaTools';

describe('Lima tools', () => {
  const present = new Set(['/res/linux/lima/bin/limactl', '/res/linux/lima/share/lima/lima-guestagent.Linux-x86_64', '/usr/bin/qemu-system-x86_64', '/res/linux/guest/disk.qcow2', '/res/linux/guest/vmlinuz', '/res/linux/guest/initrd.img']);
  const check = (f: string) => present.has(f);

  it('finds the bundled Lima, QEMU on PATH and the guest image', () => {
    const tools = findLimaTools('/res', 'linux', { PATH: '/usr/local/bin:/usr/bin' }, check);

    expect(tools.limactl).toBe('/res/linux/lima/bin/limactl');
    expect(tools.qemu).toBe('/usr/bin/qemu-system-x86_64');
    expect(tools.image.kernel).toBe('/res/linux/guest/vmlinuz');
    expect(limaInvalidReason(tools, 1000, check)).toBeUndefined();
    expect(findLimaTools('/res', 'linux', { RD_GUEST_IMAGE_DIR: '/img' }, check).image.disk).toBe('/img/disk.qcow2');
  });

  it('names what is missing and how to get it', () => {
    const tools = findLimaTools('/res', 'linux', { PATH: '/nowhere' }, (f) => check(f) && !f.includes('qemu'));

    expect(limaInvalidReason(tools, 1000, check)).toMatch(/qemu-system-x86_64 is not installed: .*apt-get install qemu-system-x86/);
    expect(limaInvalidReason({ ...tools, limactl: '/x/limactl' }, 1000, check)).toMatch(/limactl is missing \(\/x\/limactl\): run "bash scripts\/setup.sh"/);
    expect(limaInvalidReason(tools, 0, check)).toMatch(/refuses to run as root/);
    present.delete('/res/linux/guest/vmlinuz');
    expect(limaInvalidReason(findLimaTools('/res', 'linux', { PATH: '/usr/bin' }, check), 1000, check)).toMatch(/guest image is missing \(\/res\/linux\/guest\/vmlinuz\)/);
  });
});
