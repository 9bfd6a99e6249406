import os from 'node:os';
import path from 'node:path';

import type { ContainerEngineClient } from '@pkg/ipc/containerEngine';
import type { Logger } from '@pkg/utils/logger';
import type { Paths } from '@pkg/utils/node/paths';
import { runProcess } from '@pkg/utils/node/processRunner';

import { DockerApi, waitForDocker } from './containerEngine/dockerApi';
import { MobyClient } from './containerEngine/mobyClient';
import { NerdctlClient } from './containerEngine/nerdctlClient';
import { probeKvm } from './lima/kvmProbe';
import { LimaBackend } from './lima/limaBackend';
import { Limactl } from './lima/limactl';
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

function createMock(options: BackendFactoryOptions): MockBackend {
  return new MockBackend({
    logger: options.logger,
    stepDelayMs: options.env.RD_MOCK_BACKEND_DELAY_MS ? Number(options.env.RD_MOCK_BACKEND_DELAY_MS) : undefined,
    failStart: !!options.env.RD_MOCK_BACKEND_FAIL,
  });
}

function createLima(options: BackendFactoryOptions): LimaBackend {
  const { paths, env, logger } = options;
  const tools = findLimaTools(paths.resources, options.platform, env);
  const limactl = new Limactl({ limactl: tools.limactl, limaHome: paths.lima ?? path.join(paths.appHome, 'lima'), env, run: runProcess, logger, debug: options.debug });
  const home = os.homedir();
  const docker = new DockerApi(path.join(paths.altAppHome, 'docker.sock'));

  return new LimaBackend({
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
}

/**
 * The only place that names backend implementations: Lima on Linux and macOS, the mock
 * when RD_MOCK_BACKEND=1 (tests, screenshots) and on Windows, whose WSL backend is not in
 * this build; then the notice says so rather than pretending a VM runs.
 */
export function createBackend(options: BackendFactoryOptions): BackendChoice {
  if (options.env.RD_MOCK_BACKEND === '1') {
    return { backend: createMock(options) };
  }
  if (options.platform === 'linux' || options.platform === 'darwin') {
    return { backend: createLima(options) };
  }

  return {
    backend: createMock(options),
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
