import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { ContainerEngineClient } from '@pkg/ipc/containerEngine';
import { parseCatalogue } from '@pkg/config/k8sVersions';
import type { Logger } from '@pkg/utils/logger';
import { kubeconfigFileFor, RD_CONTEXT, writeKubeconfigEntries } from '@pkg/utils/node/kubeconfigFile';
import type { Paths } from '@pkg/utils/node/paths';
import { runProcess } from '@pkg/utils/node/processRunner';

import { DockerApi, waitForDocker } from './containerEngine/dockerApi';
import { MobyClient } from './containerEngine/mobyClient';
import { NerdctlClient } from './containerEngine/nerdctlClient';
import { type AddonImage, ClusterManager } from './kube/clusterManager';
import { ensureKubernetesDistribution, findBundledKubernetes } from './kube/distribution';
import { probeKvm } from './lima/kvmProbe';
import { LimaBackend } from './lima/limaBackend';
import { INSTANCE, Limactl } from './lima/limactl';
import { findLimaTools } from './lima/limaTools';
import { MockBackend } from './mock/mockBackend';
import type { VMBackend } from './types';

/** What the factory reads: the environment (RD_MOCK_BACKEND…), the host platform, the app's paths. */
export interface BackendFactoryOptions {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  paths: Paths;
  logger: Logger;
  debug: () => boolean;
}

/** The chosen backend and, when it is not the one the platform would normally get, why. */
export interface BackendChoice {
  backend: VMBackend;
  notice?: string;
}

function createMock(options: BackendFactoryOptions, simulated: boolean): MockBackend {
  return new MockBackend({
    simulated,
    logger: options.logger,
    stepDelayMs: options.env.RD_MOCK_BACKEND_DELAY_MS ? Number(options.env.RD_MOCK_BACKEND_DELAY_MS) : undefined,
    failStart: !!options.env.RD_MOCK_BACKEND_FAIL,
  });
}

/** The add-on images setup made (`<resources>/<os>/k8s/images.json`: name, ref, file). */
function readAddonImages(dir: string): AddonImage[] {
  try {
    const listed = JSON.parse(fs.readFileSync(path.join(dir, 'images.json'), 'utf8')) as AddonImage[];

    return listed.map((image) => ({ ...image, file: path.resolve(dir, image.file) }));
  } catch {
    return [];
  }
}

/** Kubernetes for the Lima VM, or undefined in an install that lacks its files. */
function createCluster(options: BackendFactoryOptions, limactl: Limactl, exec: () => LimaBackend): ClusterManager | undefined {
  const { paths, env, logger, platform } = options;
  const k8sDir = path.join(paths.resources, platform, 'k8s');
  const kubectl = path.join(paths.resources, platform, 'bin', 'kubectl');
  const kine = path.join(k8sDir, 'bin', 'kine');
  const images = readAddonImages(k8sDir);

  if (!fs.existsSync(kine) || images.length === 0) {
    logger.warn(`Kubernetes is not in this install (${ kine } or ${ k8sDir }/images.json is missing; scripts/setup.sh builds them)`);

    return undefined;
  }
  const bundled = findBundledKubernetes(paths.resources, platform);
  const kubeconfig = () => kubeconfigFileFor(os.homedir(), env);

  return new ClusterManager({
    logger,
    exec: (command, execOptions) => exec().guestExec(command, execOptions),
    copyToGuest: async(hostPath, guestPath, timeoutMs) => {
      await limactl.run(['copy', hostPath, `${ INSTANCE }:${ guestPath }`], { timeoutMs });
    },
    distribution: async(version, onProgress) => (await ensureKubernetesDistribution({ version, cacheDir: path.join(paths.cache, 'kubernetes'), bundled, env, logger, onProgress })).dir,
    kine,
    images,
    writeKubeconfig: (server, credentials) => writeKubeconfigEntries(kubeconfig(), {
      clusters: { cluster: { server, 'certificate-authority-data': Buffer.from(credentials.ca).toString('base64') } },
      users: { user: { 'client-certificate-data': Buffer.from(credentials.cert).toString('base64'), 'client-key-data': Buffer.from(credentials.key).toString('base64') } },
      contexts: { context: { cluster: RD_CONTEXT, user: RD_CONTEXT } },
    }),
    kubectl: async(args, input, timeoutMs) => {
      const outcome = await runProcess(kubectl, ['--kubeconfig', kubeconfig(), '--context', RD_CONTEXT, ...args], { input, env: { ...env }, timeoutMs });

      return { stdout: outcome.stdout, stderr: outcome.stderr, exitCode: outcome.code ?? 1 };
    },
  });
}

/** The newest stable version of the catalogue shipped in resources/. */
function defaultK8sVersion(resources: string): string | undefined {
  try {
    return parseCatalogue(JSON.parse(fs.readFileSync(path.join(resources, 'k8s-versions.json'), 'utf8'))).stable;
  } catch {
    return undefined;
  }
}

function createLima(options: BackendFactoryOptions): LimaBackend {
  const { paths, env, logger } = options;
  const tools = findLimaTools(paths.resources, options.platform, env);
  const limactl = new Limactl({ limactl: tools.limactl, limaHome: paths.lima ?? path.join(paths.appHome, 'lima'), env, run: runProcess, logger, debug: options.debug });
  const home = os.homedir();
  const docker = new DockerApi(path.join(paths.altAppHome, 'docker.sock'));

  const backend: LimaBackend = new LimaBackend({
    cluster: createCluster(options, limactl, () => backend),
    defaultK8sVersion: () => defaultK8sVersion(paths.resources),
    logger,
    limactl,
    tools,
    uid: process.getuid?.() ?? -1,
    home,
    altAppHome: paths.altAppHome,
    extraMounts: [paths.cache, paths.logs].filter((dir) => !dir.startsWith(`${ home }${ path.sep }`)),
    run: runProcess,
    probeAccel: () => (env.RD_QEMU_ACCEL === 'tcg' ? Promise.resolve({ accel: 'tcg', reason: 'RD_QEMU_ACCEL=tcg' }) : probeKvm(tools.qemu ?? 'qemu-system-x86_64', tools.image.kernel)),
    waitForEngine: (settings) => (settings.containerEngine.name === 'moby' ? waitForDocker(docker, 120_000) : Promise.resolve()),
  });

  return backend;
}

/**
 * The only place that names backend implementations: Lima on Linux and macOS, the mock
 * when RD_MOCK_BACKEND=1 (tests, screenshots) and on Windows, whose WSL backend is not in
 * this build; then the notice says so rather than pretending a VM runs.
 */
export function createBackend(options: BackendFactoryOptions): BackendChoice {
  // Asking for the mock (RD_MOCK_BACKEND=1) is what the test harnesses do; nobody is misled there.
  if (options.env.RD_MOCK_BACKEND === '1') {
    return { backend: createMock(options, false) };
  }
  if (options.platform === 'linux' || options.platform === 'darwin') {
    return { backend: createLima(options) };
  }

  return {
    backend: createMock(options, true),
    notice: `No VM backend for ${ options.platform } is in this build yet: running the mock backend (no real VM; containers and Kubernetes are simulated).`,
  };
}

/** The engine client for what runs now: moby over the forwarded socket, containerd through nerdctl in the VM. */
export function createContainerEngineClient(engine: 'moby' | 'containerd', backend: VMBackend, paths: Paths): ContainerEngineClient {
  if (backend instanceof MockBackend) {
    backend.engineClient.engine = engine;

    return backend.engineClient;
  }
  return engine === 'moby' ? new MobyClient(new DockerApi(path.join(paths.altAppHome, 'docker.sock')), backend.executor) : new NerdctlClient(backend.executor);
}
