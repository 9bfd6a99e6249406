import { appliesOn, leafAt } from '@pkg/config/settingsSchema';
import type { Platform } from '@pkg/config/settingsTypes';
import { type UnsupportedSetting, unsupportedSetting } from '@pkg/config/unsupportedSettings';

/** One control of the Preferences window, bound to a settings path. */
export interface PrefField {
  path: string;
  label: string;
  help?: string;
  /** How an enum is shown; default: a select. */
  choices?: Record<string, string>;
  unit?: string;
  /** Set by preferencesFor when the setting has no effect in this build on this OS. */
  unsupported?: UnsupportedSetting;
}

export interface PrefTab {
  id: string;
  title: string;
  fields: PrefField[];
}

export interface PrefGroup {
  id: string;
  title: string;
  tabs: PrefTab[];
}

/** Rancher Desktop's Preferences layout: groups, their tabs, and the settings on each. */
const LAYOUT: PrefGroup[] = [
  {
    id: 'application', title: 'Application', tabs: [
      {
        id: 'general', title: 'General', fields: [
          { path: 'application.adminAccess', label: 'Allow administrative access', help: 'Lets the app use sudo for networking and /var/run/docker.sock.' },
          { path: 'application.updater.enabled', label: 'Check for updates automatically' },
          { path: 'application.telemetry.enabled', label: 'Allow collection of anonymous statistics' },
          { path: 'application.theme', label: 'Theme', choices: { system: 'Follow the system', light: 'Light', dark: 'Dark' } },
        ],
      },
      {
        id: 'behavior', title: 'Behavior', fields: [
          { path: 'application.autoStart', label: 'Start Rancher Desktop when you log in' },
          { path: 'application.startInBackground', label: 'Start in the background (no main window)' },
          { path: 'application.window.quitOnClose', label: 'Quit when the main window is closed' },
          { path: 'application.hideNotificationIcon', label: 'Hide the notification (tray) icon' },
        ],
      },
      {
        id: 'environment', title: 'Environment', fields: [
          { path: 'application.pathManagementStrategy', label: 'Configure PATH', choices: { rcfiles: 'Automatic (shell profiles)', manual: 'Manual' }, help: '~/.rd/bin holds docker, nerdctl, kubectl and rdctl.' },
        ],
      },
    ],
  },
  {
    id: 'virtual-machine', title: 'Virtual Machine', tabs: [
      {
        id: 'hardware', title: 'Hardware', fields: [
          { path: 'virtualMachine.memoryInGB', label: 'Memory', unit: 'GiB' },
          { path: 'virtualMachine.numberCPUs', label: 'CPUs' },
          { path: 'experimental.virtualMachine.diskSize', label: 'Disk size', help: 'e.g. 100GiB; a disk can grow but not shrink.' },
        ],
      },
      {
        id: 'volumes', title: 'Volumes', fields: [
          { path: 'virtualMachine.mount.type', label: 'Mount type', choices: { 'reverse-sshfs': 'reverse-sshfs', '9p': '9p', 'virtiofs': 'virtiofs' } },
          { path: 'experimental.virtualMachine.mount.9p.securityModel', label: '9p security model' },
          { path: 'experimental.virtualMachine.mount.9p.protocolVersion', label: '9p protocol version' },
          { path: 'experimental.virtualMachine.mount.9p.msizeInKib', label: '9p packet size', unit: 'KiB' },
          { path: 'experimental.virtualMachine.mount.9p.cacheMode', label: '9p cache mode' },
        ],
      },
      {
        id: 'emulation', title: 'Emulation', fields: [
          { path: 'virtualMachine.type', label: 'Virtual machine type', choices: { qemu: 'QEMU', vz: 'VZ (Apple Virtualization)' } },
          { path: 'virtualMachine.useRosetta', label: 'Use Rosetta for amd64 binaries' },
        ],
      },
    ],
  },
  {
    id: 'container-engine', title: 'Container Engine', tabs: [
      {
        id: 'general', title: 'General', fields: [
          { path: 'containerEngine.name', label: 'Container engine', choices: { containerd: 'containerd', moby: 'dockerd (moby)' } },
          { path: 'containerEngine.mobyStorageDriver', label: 'moby image store' },
          { path: 'experimental.containerEngine.webAssembly.enabled', label: 'Enable WebAssembly (experimental)' },
        ],
      },
      {
        id: 'allowed-images', title: 'Allowed Images', fields: [
          { path: 'containerEngine.allowedImages.enabled', label: 'Only allow images matching these patterns' },
          { path: 'containerEngine.allowedImages.patterns', label: 'Patterns', help: 'One image pattern per line.' },
        ],
      },
    ],
  },
  {
    id: 'kubernetes', title: 'Kubernetes', tabs: [
      {
        id: 'kubernetes', title: 'Kubernetes', fields: [
          { path: 'kubernetes.enabled', label: 'Enable Kubernetes' },
          { path: 'kubernetes.version', label: 'Kubernetes version' },
          { path: 'kubernetes.port', label: 'Kubernetes API port' },
          { path: 'kubernetes.options.traefik', label: 'Enable Traefik' },
          { path: 'kubernetes.options.flannel', label: 'Enable flannel networking' },
          { path: 'kubernetes.ingress.localhostOnly', label: 'Bind ingress to localhost only' },
          { path: 'experimental.kubernetes.options.spinkube', label: 'Install SpinKube (experimental)' },
        ],
      },
    ],
  },
  {
    id: 'wsl', title: 'WSL', tabs: [
      {
        id: 'proxy', title: 'Proxy', fields: [
          { path: 'experimental.virtualMachine.proxy.enabled', label: 'Use a proxy' },
          { path: 'experimental.virtualMachine.proxy.address', label: 'Proxy address' },
          { path: 'experimental.virtualMachine.proxy.port', label: 'Proxy port' },
          { path: 'experimental.virtualMachine.proxy.username', label: 'User name' },
          { path: 'experimental.virtualMachine.proxy.password', label: 'Password' },
          { path: 'experimental.virtualMachine.proxy.noproxy', label: 'Bypass the proxy for', help: 'One address or range per line.' },
        ],
      },
    ],
  },
];

/**
 * The groups, tabs and fields this OS shows: a field whose setting does not apply here is
 * left out, and so are emptied tabs. A field with no effect in this build stays, carrying
 * the reason, so the user sees the value RD's clients round-trip and why it does nothing.
 */
export function preferencesFor(platform: Platform): PrefGroup[] {
  const shown = (f: PrefField) => {
    const leaf = leafAt(f.path);

    return !!leaf && appliesOn(leaf, platform);
  };
  const withNote = (f: PrefField): PrefField => {
    const unsupported = unsupportedSetting(f.path, platform);

    return unsupported ? { ...f, unsupported } : f;
  };

  return LAYOUT
    .map((group) => ({
      ...group,
      tabs: group.tabs
        .map((tab) => ({ ...tab, fields: tab.fields.filter(shown).map(withNote) }))
        .filter((tab) => tab.fields.length > 0),
    }))
    .filter((group) => group.tabs.length > 0);
}
