import https from 'node:https';

/** The admin identity the cluster's PKI issued, PEM-encoded, as the host's kubeconfig holds it. */
export interface ClusterCredentials {
  ca: string;
  cert: string;
  key: string;
}

export interface ApiAnswer {
  status: number;
  body: string;
}

/**
 * A GET against the cluster's API from the host (through Lima's forward of the API port),
 * with the admin identity: how the backend waits for readiness without spawning kubectl
 * in an emulated guest for each poll. Rejects on connection errors and after `timeoutMs`.
 */
export function apiGet(port: number, path: string, credentials: ClusterCredentials, timeoutMs = 5_000): Promise<ApiAnswer> {
  return new Promise((resolve, reject) => {
    const request = https.get({
      host: '127.0.0.1', port, path, ca: credentials.ca, cert: credentials.cert, key: credentials.key, timeout: timeoutMs,
    }, (response) => {
      let body = '';

      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });

    request.on('timeout', () => request.destroy(new Error(`no answer from https://127.0.0.1:${ port }${ path } within ${ timeoutMs } ms`)));
    request.on('error', reject);
  });
}

/** Whether the node reports Ready in a GET /api/v1/nodes/<name> answer. */
export function nodeIsReady(answer: ApiAnswer): boolean {
  if (answer.status !== 200) {
    return false;
  }
  try {
    const conditions = (JSON.parse(answer.body) as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions ?? [];

    return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
  } catch {
    return false;
  }
}
