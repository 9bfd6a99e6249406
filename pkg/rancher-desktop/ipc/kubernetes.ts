/**
 * Kubernetes facts shared by the core, the HTTP API and the GUI contract (plain data, no
 * Node): the Services of the running cluster and the host ports forwarded to them.
 */

/** One port of one Service (RD's ServiceEntry); `listenPort` is set while a host port forwards to it. */
export interface ServiceEntry {
  namespace: string;
  name: string;
  /** The port's name in the Service, when it has one. */
  portName?: string;
  /** The Service's port number. */
  port: number;
  protocol?: string;
  /** The host port on 127.0.0.1 that forwards to this port, while a forward is active. */
  listenPort?: number;
}

/** PUT /v1/k8s_reset: `fast` deletes the cluster's data and keeps the VM; `wipe` deletes the VM too. */
export type K8sResetMode = 'fast' | 'wipe';
