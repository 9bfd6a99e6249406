import type { ServiceEntry } from '@pkg/ipc/kubernetes';
import { BackendError } from '@pkg/utils/errors';
import { lastLines, type ProcessRunner } from '@pkg/utils/node/processRunner';

import { type KubectlTarget, kubectlArgs, kubectlReason } from './kubectl';

/** Lists the Service ports of one namespace, or of all when none is given. */
export type ServiceLister = (namespace?: string) => Promise<ServiceEntry[]>;

interface ServiceJson {
  metadata?: { name?: unknown; namespace?: unknown };
  spec?: { ports?: { name?: unknown; port?: unknown; protocol?: unknown }[] };
}

const byPlace = (a: ServiceEntry, b: ServiceEntry) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) || a.port - b.port || (a.protocol ?? '').localeCompare(b.protocol ?? '');

/** `kubectl get services -o json` → one entry per port, sorted by namespace, name and port; Services without ports are left out. */
export function parseServiceList(json: string): ServiceEntry[] {
  const doc = JSON.parse(json) as { items?: ServiceJson[] };
  const entries: ServiceEntry[] = [];

  for (const item of doc.items ?? []) {
    const name = item.metadata?.name;
    const namespace = item.metadata?.namespace;

    if (typeof name !== 'string' || typeof namespace !== 'string') {
      continue;
    }
    for (const p of item.spec?.ports ?? []) {
      if (typeof p.port !== 'number') {
        continue;
      }
      entries.push({
        namespace,
        name,
        ...(typeof p.name === 'string' && p.name ? { portName: p.name } : {}),
        port: p.port,
        protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
      });
    }
  }

  return entries.sort(byPlace);
}

/** The lister that asks the cluster through kubectl; a kubectl failure is a BackendError with its stderr. */
export function kubectlServiceLister(run: ProcessRunner, target: KubectlTarget): ServiceLister {
  return async(namespace) => {
    const args = kubectlArgs(target, 'get', 'services', ...(namespace ? ['--namespace', namespace] : ['--all-namespaces']), '--output', 'json', '--request-timeout', '20s');
    const outcome = await run(target.kubectl, args, { env: target.env, timeoutMs: 30_000 }).catch((error: Error) => {
      throw new BackendError(`Could not run ${ target.kubectl }: ${ error.message }`);
    });

    if (outcome.code !== 0) {
      const why = kubectlReason(outcome.stderr) || `exit code ${ outcome.code ?? outcome.signal }`;

      throw new BackendError(`Could not list the Kubernetes services: ${ why }`, false, { lastCommand: `kubectl ${ args.join(' ') }`, lastLogLines: lastLines(outcome.stderr, 20) });
    }
    try {
      return parseServiceList(outcome.stdout);
    } catch (error) {
      throw new BackendError(`Could not list the Kubernetes services: kubectl printed no JSON (${ (error as Error).message })`);
    }
  };
}
