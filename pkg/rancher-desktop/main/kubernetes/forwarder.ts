// Port forwards as the core keeps them, whoever carries the traffic.

/** What identifies a port forward: the Service and its port (a number or the port's name). */
export interface ForwardTarget {
  namespace: string;
  service: string;
  k8sPort: number | string;
}

/** An active forward: where it listens on 127.0.0.1. */
export interface ActiveForward {
  namespace: string;
  service: string;
  /** Always a string: 80 and "80" are the same port. */
  k8sPort: string;
  hostPort: number;
}

/** The map key of a forward, `namespace/service/k8sPort`. */
export function forwardKey(target: ForwardTarget): string {
  return `${ target.namespace }/${ target.service }/${ String(target.k8sPort) }`;
}

/** How a forward is named in logs and messages, `namespace/service:port`. */
export function forwardLabel(target: ForwardTarget): string {
  return `${ target.namespace }/${ target.service }:${ String(target.k8sPort) }`;
}

/** Host port forwards to Services: kubectl port-forward for a real cluster, local listeners for the mock. */
export interface Forwarder {
  /** Starts (or replaces) the forward of this Service port; hostPort 0 picks a free port. Resolves with the port listening. */
  forward(target: ForwardTarget, hostPort: number): Promise<number>;
  /** Ends a forward; resolves also when there was none. */
  cancel(target: ForwardTarget): Promise<void>;
  /** Ends every forward (the cluster went away). */
  stopAll(): Promise<void>;
  /** The forwards that are listening (or being restored on their port). */
  active(): ActiveForward[];
}
