import { State } from '@pkg/ipc/backendState';
import type { ServiceEntry } from '@pkg/ipc/kubernetes';
import { Emitter, type Event } from '@pkg/utils/emitter';
import { UserError } from '@pkg/utils/errors';
import type { Logger } from '@pkg/utils/logger';

import type { KubernetesService } from '../coreServices';

import type { ActiveForward, Forwarder, ForwardTarget } from './forwarder';
import type { ServiceLister } from './serviceLister';

export interface ClusterServicesOptions {
  /** Where the backend is: Kubernetes answers only while it is STARTED. */
  backend: { readonly state: State; readonly onDidChangeState: Event<State> };
  lister: ServiceLister;
  forwarder: Forwarder;
  logger: Logger;
}

const samePort = (entry: ServiceEntry, fwd: ActiveForward) => fwd.k8sPort === String(entry.port) || (!!entry.portName && fwd.k8sPort === entry.portName);

/** Each Service port with the host port of its forward, if any. */
export function withListenPorts(entries: ServiceEntry[], forwards: ActiveForward[]): ServiceEntry[] {
  return entries.map((entry) => {
    const fwd = forwards.find((f) => f.namespace === entry.namespace && f.service === entry.name && samePort(entry, f));

    return fwd ? { ...entry, listenPort: fwd.hostPort } : entry;
  });
}

function checkTarget(namespace: unknown, service: unknown, k8sPort: unknown, hostPort: unknown): void {
  if (typeof namespace !== 'string' || !namespace || typeof service !== 'string' || !service) {
    throw new UserError('bad-request', 'namespace and service must be non-empty strings');
  }
  const portNumber = typeof k8sPort === 'number' && Number.isInteger(k8sPort) && k8sPort >= 1 && k8sPort <= 65535;

  if (!portNumber && !(typeof k8sPort === 'string' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/i.test(k8sPort))) {
    throw new UserError('bad-request', `k8sPort must be a port number (1-65535) or a port name, not ${ JSON.stringify(k8sPort) }`);
  }
  if (hostPort !== undefined && !(typeof hostPort === 'number' && Number.isInteger(hostPort) && hostPort >= 0 && hostPort <= 65535)) {
    throw new UserError('bad-request', `hostPort must be a port number (1-65535), or 0 for any free port, not ${ JSON.stringify(hostPort) }`);
  }
}

/**
 * CoreServices.kubernetes: the cluster's Services and the host ports forwarded to them.
 * Everything fails with a UserError while the backend is not STARTED, except listing (no
 * Services then) and cancelling (nothing to cancel). Forwards end when the backend leaves
 * STARTED. Listeners get the whole list after each forward or cancel and each state change.
 */
export class ClusterServices implements KubernetesService {
  private readonly emitter = new Emitter<ServiceEntry[]>();
  readonly onDidChangeServices = this.emitter.event;
  private previous: State;

  constructor(private readonly options: ClusterServicesOptions) {
    this.previous = options.backend.state;
    options.backend.onDidChangeState((state) => this.stateChanged(state));
  }

  async listServices(namespace?: string): Promise<ServiceEntry[]> {
    if (!this.running) {
      return [];
    }

    return withListenPorts(await this.options.lister(namespace || undefined), this.options.forwarder.active());
  }

  async forwardPort(namespace: string, service: string, k8sPort: number | string, hostPort: number): Promise<number> {
    this.requireRunning();
    checkTarget(namespace, service, k8sPort, hostPort);
    const port = await this.options.forwarder.forward({ namespace, service, k8sPort }, hostPort);

    this.announce();

    return port;
  }

  async cancelForward(namespace: string, service: string, k8sPort: number | string): Promise<void> {
    const target: ForwardTarget = { namespace, service, k8sPort };

    await this.options.forwarder.cancel(target);
    this.announce();
  }

  private get running(): boolean {
    return this.options.backend.state === State.STARTED;
  }

  private requireRunning(): void {
    if (!this.running) {
      throw new UserError('unsupported', `Kubernetes is not running (the backend is ${ this.options.backend.state }): enable it (kubernetes.enabled) and wait for the backend to start.`);
    }
  }

  private stateChanged(state: State): void {
    const was = this.previous;

    this.previous = state;
    if (was === State.STARTED && state !== State.STARTED) {
      this.options.forwarder.stopAll().catch((error) => this.options.logger.error('could not stop the port forwards', error));
    }
    if (state === State.STARTED || was === State.STARTED) {
      this.announce();
    }
  }

  /** Tells listeners the current list (empty while Kubernetes is not running). */
  private announce(): void {
    this.listServices().then(
      (entries) => this.emitter.fire(entries),
      (error) => this.options.logger.warn('could not list the Kubernetes services', error),
    );
  }
}
