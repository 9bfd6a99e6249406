import net from 'node:net';

import type { ServiceEntry } from '@pkg/ipc/kubernetes';
import { UserError } from '@pkg/utils/errors';
import type { Logger } from '@pkg/utils/logger';

import { type ActiveForward, type Forwarder, forwardKey, forwardLabel, type ForwardTarget } from './forwarder';
import type { ServiceLister } from './serviceLister';

/** The Services of the mock backend's simulated cluster (no cluster runs: tests and screenshots). */
export const MOCK_SERVICES: readonly ServiceEntry[] = [
  { namespace: 'default', name: 'kubernetes', portName: 'https', port: 443, protocol: 'TCP' },
  { namespace: 'default', name: 'web', portName: 'http', port: 80, protocol: 'TCP' },
  { namespace: 'default', name: 'web', portName: 'metrics', port: 9090, protocol: 'TCP' },
  { namespace: 'kube-system', name: 'kube-dns', portName: 'dns', port: 53, protocol: 'UDP' },
  { namespace: 'kube-system', name: 'kube-dns', portName: 'dns-tcp', port: 53, protocol: 'TCP' },
];

export const mockServiceLister: ServiceLister = async(namespace) => MOCK_SERVICES.filter((s) => !namespace || s.namespace === namespace).map((s) => ({ ...s }));

/** What a connection to a mock forward reads: a complete HTTP answer, so a browser or curl shows it too. */
export function mockAnswer(entry: ServiceEntry): string {
  const body = `Rancher Desktop mock service ${ entry.namespace }/${ entry.name }:${ entry.port }\n`;

  return `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${ body.length }\r\nConnection: close\r\n\r\n${ body }`;
}

interface Listener extends ActiveForward {
  server: net.Server;
  sockets: Set<net.Socket>;
}

function listen(server: net.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/**
 * The mock's forwards: each really listens on 127.0.0.1 and answers every connection with
 * a fixed text naming the Service, so tests can connect. Same keys and replacement rules
 * as the kubectl forwarder.
 */
export class MockPortForwarder implements Forwarder {
  private readonly listeners = new Map<string, Listener>();

  constructor(private readonly logger: Logger, private readonly services: () => readonly ServiceEntry[] = () => MOCK_SERVICES) {}

  async forward(target: ForwardTarget, hostPort: number): Promise<number> {
    const wanted = String(target.k8sPort);
    const entry = this.services().find((s) => s.namespace === target.namespace && s.name === target.service && (String(s.port) === wanted || s.portName === wanted));

    if (!entry) {
      throw new UserError('not-found', `error: the mock cluster has no Service ${ target.namespace }/${ target.service } with a port ${ wanted }`);
    }
    await this.cancel(target);
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
      socket.resume();
      socket.end(mockAnswer(entry));
    });
    let port: number;

    try {
      port = await listen(server, hostPort);
    } catch (error) {
      throw new UserError('bad-request', `unable to listen on 127.0.0.1:${ hostPort }: ${ (error as Error).message }`);
    }
    this.listeners.set(forwardKey(target), { namespace: target.namespace, service: target.service, k8sPort: wanted, hostPort: port, server, sockets });
    this.logger.info(`mock port forward ${ forwardLabel(target) }: listening on 127.0.0.1:${ port }`);

    return port;
  }

  async cancel(target: ForwardTarget): Promise<void> {
    const key = forwardKey(target);
    const listener = this.listeners.get(key);

    if (listener) {
      this.listeners.delete(key);
      await this.close(listener);
      this.logger.info(`mock port forward ${ forwardLabel(target) }: stopped`);
    }
  }

  async stopAll(): Promise<void> {
    const all = [...this.listeners.values()];

    this.listeners.clear();
    await Promise.all(all.map((l) => this.close(l)));
  }

  active(): ActiveForward[] {
    return [...this.listeners.values()].map(({ namespace, service, k8sPort, hostPort }) => ({ namespace, service, k8sPort, hostPort }));
  }

  private close(listener: Listener): Promise<void> {
    return new Promise((resolve) => {
      listener.server.close(() => resolve());
      listener.sockets.forEach((s) => s.destroy());
    });
  }
}
