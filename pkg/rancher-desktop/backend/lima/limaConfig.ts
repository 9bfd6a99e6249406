import type { Settings } from '@pkg/config/settingsTypes';

/** The guest image files (built by scripts/guest-image/build.sh). */
export interface GuestImage {
  disk: string;
  kernel: string;
  initrd: string;
}

/** Facts about this host and install that lima.yaml depends on, beside the settings. */
export interface LimaConfigContext {
  image: GuestImage;
  home: string;
  /** `~/.rd`: the docker socket is forwarded to `<altAppHome>/docker.sock`. */
  altAppHome: string;
  /** KVM that cannot run a guest (or none): QEMU emulates (TCG) and needs an explicit CPU model. */
  useTcg: boolean;
  /** Extra host directories to share (cache, logs, resources) when not under home. */
  extraMounts?: string[];
}

// AppArmor off: the guest runs nothing but the engines, and loading its profiles costs ~5 s
// of boot under TCG (Docker then runs containers without an AppArmor profile).
const KERNEL_CMDLINE = 'root=/dev/vda rw console=ttyS0 net.ifnames=0 apparmor=0';

/** Socket the engine listens on in the guest, per engine. */
export function engineSocket(engine: Settings['containerEngine']['name']): string {
  return engine === 'containerd' ? '/run/containerd/containerd.sock' : '/var/run/docker.sock';
}

function mounts(settings: Settings, ctx: LimaConfigContext) {
  const ninep = settings.experimental.virtualMachine.mount['9p'];
  const options = settings.virtualMachine.mount.type === '9p' ? {
    '9p': {
      securityModel: ninep.securityModel,
      protocolVersion: ninep.protocolVersion,
      msize: `${ ninep.msizeInKib }KiB`,
      cache: ninep.cacheMode,
    },
  } : {};
  const locations = [ctx.home, '/tmp/rancher-desktop', ...(ctx.extraMounts ?? []).filter((m) => !m.startsWith(`${ ctx.home }/`))];

  return locations.map((location) => ({ location, writable: true, ...options }));
}

/** Runs in the guest at every boot: starts the chosen engine and stops the other. */
function engineProvision(engine: Settings['containerEngine']['name']): string {
  const [on, off] = engine === 'containerd' ? ['containerd buildkit', 'docker.socket docker'] : ['docker', 'buildkit'];

  return [
    '#!/bin/sh',
    'set -e',
    `systemctl stop ${ off } || true`,
    `systemctl start ${ on }`,
  ].filter(Boolean).join('\n');
}

/**
 * The lima.yaml for instance `0` (Lima 1.2.1 format), from the settings: CPUs, memory,
 * disk, mounts, the engine, the docker socket forwarded to `~/.rd/docker.sock`, container
 * ports forwarded to the host's 127.0.0.1, and a readiness probe on the engine's socket so
 * Lima's "READY" means the engine answers. Pure: the caller writes it.
 */
export function buildLimaConfig(settings: Settings, ctx: LimaConfigContext): Record<string, unknown> {
  const engine = settings.containerEngine.name;
  const socket = engineSocket(engine);
  // nerdctl build needs buildkitd too, so "ready" waits for its socket as well.
  const sockets = engine === 'containerd' ? [socket, '/run/buildkit/buildkitd.sock'] : [socket];

  return {
    vmType: 'qemu',
    os: 'Linux',
    arch: 'x86_64',
    images: [{
      location: ctx.image.disk,
      arch: 'x86_64',
      kernel: { location: ctx.image.kernel, arch: 'x86_64', cmdline: KERNEL_CMDLINE },
      initrd: { location: ctx.image.initrd, arch: 'x86_64' },
    }],
    cpus: settings.virtualMachine.numberCPUs,
    memory: `${ settings.virtualMachine.memoryInGB }GiB`,
    disk: settings.experimental.virtualMachine.diskSize,
    mounts: mounts(settings, ctx),
    mountType: settings.virtualMachine.mount.type,
    ssh: { localPort: 0, loadDotSSHPubKeys: false },
    firmware: { legacyBIOS: true },
    ...(ctx.useTcg ? { cpuType: { x86_64: 'max' } } : {}),
    containerd: { system: false, user: false },
    hostResolver: {
      hosts: {
        'lima-rancher-desktop': 'lima-0',
        'host.rancher-desktop.internal': 'host.lima.internal',
        'host.docker.internal': 'host.lima.internal',
      },
    },
    provision: [{ mode: 'system', script: engineProvision(engine) }],
    probes: [{
      mode: 'readiness',
      description: `${ engine === 'containerd' ? 'containerd' : 'dockerd' } to answer on ${ socket }`,
      // Probes run as the Lima user; buildkit's /run/buildkit is root's alone.
      script: `#!/bin/sh\nfor i in $(seq 1 300); do ${ sockets.map((s) => `sudo test -S ${ s }`).join(' && ') } && exit 0; sleep 1; done; exit 1\n`,
    }],
    portForwards: [
      ...(engine === 'moby' ? [{ guestSocket: socket, hostSocket: `${ ctx.altAppHome }/docker.sock` }] : []),
      { guestPortRange: [1, 65535], guestIPMustBeZero: true, hostIP: '127.0.0.1', proto: 'any' },
    ],
  };
}
