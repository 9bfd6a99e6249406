// Port forwarding and the Kubernetes reset through the HTTP API and rdctl, on the mock
// backend's simulated cluster (its forwards really listen on 127.0.0.1).
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { startApp, waitForState, type RunningApp } from './harness';

jest.setTimeout(60_000);

function readFrom(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';

    socket.on('data', (d) => (text += d.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

const forward = (app: RunningApp, body: Record<string, unknown>) => app.request('POST', '/v1/port_forwarding', JSON.stringify(body));

describe('Kubernetes through the API (mock backend)', () => {
  let app: RunningApp;

  beforeAll(async() => {
    app = await startApp();
    await waitForState(app, ['STARTED']);
  });
  afterAll(() => app?.stop());

  it('forwards a Service port to a host port that answers, and deletes the forward', async() => {
    const reply = await forward(app, { namespace: 'default', service: 'web', k8sPort: 80, hostPort: 0 });

    expect(reply.status).toBe(200);
    const port = Number(reply.text);

    expect(port).toBeGreaterThan(0);
    expect(await readFrom(port)).toContain('Rancher Desktop mock service default/web:80');

    const deleted = await app.request('DELETE', '/v1/port_forwarding?namespace=default&service=web&k8sPort=80');

    expect(deleted).toMatchObject({ status: 200, text: 'Port forwarding successfully deleted' });
    await expect(readFrom(port)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('forwards by port name, and a second forward of the same port replaces the first', async() => {
    const first = Number((await forward(app, { namespace: 'default', service: 'web', k8sPort: 'http', hostPort: 0 })).text);
    const second = Number((await forward(app, { namespace: 'default', service: 'web', k8sPort: 'http', hostPort: 0 })).text);

    expect(await readFrom(second)).toContain('default/web:80');
    await expect(readFrom(first)).rejects.toThrow(/ECONNREFUSED/);
    expect((await app.request('DELETE', '/v1/port_forwarding?namespace=default&service=web&k8sPort=http')).status).toBe(200);
  });

  it('answers RD\'s 400 texts for bad requests', async() => {
    expect(await forward(app, { namespace: 'default', service: 'web' })).toMatchObject({ status: 400, text: 'missing required parameters' });
    expect(await forward(app, { namespace: 'default', service: 'nope', k8sPort: 80, hostPort: 0 }))
      .toMatchObject({ status: 400, text: expect.stringMatching(/^Could not forward port; .*no Service default\/nope/) });
    expect(await app.request('DELETE', '/v1/port_forwarding?namespace=default')).toMatchObject({ status: 400, text: 'missing required parameters' });
  });

  it('refuses an unknown reset mode or backend state with a 400 naming the valid ones, and does nothing', async() => {
    expect(await app.request('PUT', '/v1/k8s_reset', '{"mode":"bogus"}')).toMatchObject({ status: 400, text: 'invalid reset mode "bogus": use fast or wipe' });
    expect(await app.request('PUT', '/v1/backend_state', '{"vmState":"PAUSED"}')).toMatchObject({ status: 400, text: 'invalid desired VM state "PAUSED": use STARTED or STOPPED' });
    expect(JSON.parse((await app.request('GET', '/v1/backend_state')).text).vmState).toBe('STARTED');
    expect(fs.readFileSync(path.join(app.logsDir, 'background.log'), 'utf8')).not.toMatch(/Kubernetes \w+ reset/);
  });

  it('resets Kubernetes fast: 200 once done, the cluster back up, its forwards gone', async() => {
    const port = Number((await forward(app, { namespace: 'default', service: 'kubernetes', k8sPort: 443, hostPort: 0 })).text);
    const reply = await app.request('PUT', '/v1/k8s_reset', '{"mode":"fast"}');

    expect(reply).toMatchObject({ status: 200, text: 'Rancher Desktop fast reset successful' });
    expect(JSON.parse((await app.request('GET', '/v1/backend_state')).text).vmState).toBe('STARTED');
    await expect(readFrom(port)).rejects.toThrow(/ECONNREFUSED/);
    expect(await app.request('PUT', '/v1/k8s_reset', '{nope')).toMatchObject({ status: 400, text: 'error processing JSON request block' });
  });

  it('rdctl reset --k8s prints the server\'s answer', async() => {
    expect(await app.rdctl(['reset', '--k8s'])).toEqual({ code: 0, stdout: 'Rancher Desktop fast reset successful\n', stderr: '' });
    await waitForState(app, ['STARTED']);
  });

  it('rdctl reset --vm deletes the VM and starts again', async() => {
    expect(await app.rdctl(['reset', '--vm'])).toEqual({ code: 0, stdout: 'Rancher Desktop wipe reset successful\n', stderr: '' });
    expect(JSON.parse((await app.request('GET', '/v1/backend_state')).text).vmState).toBe('STARTED');
    expect(fs.readFileSync(path.join(app.logsDir, 'background.log'), 'utf8')).toMatch(/Kubernetes wipe reset\n(.*\n)*.*backend state: STOPPED/);
  });

  it('with Kubernetes disabled: forwards and the fast reset say why not, rdctl exits 1', async() => {
    await app.request('PUT', '/v1/settings', '{"version":19,"kubernetes":{"enabled":false}}');
    await waitForState(app, ['DISABLED']);
    expect(await forward(app, { namespace: 'default', service: 'web', k8sPort: 80, hostPort: 0 }))
      .toMatchObject({ status: 400, text: expect.stringMatching(/^Could not forward port; Kubernetes is not running/) });
    expect((await app.request('DELETE', '/v1/port_forwarding?namespace=default&service=web&k8sPort=80')).status).toBe(200);
    expect(await app.request('PUT', '/v1/k8s_reset', '{"mode":"fast"}')).toMatchObject({ status: 400, text: expect.stringContaining('Kubernetes is not running') });
    const rdctl = await app.rdctl(['reset', '--k8s']);

    expect(rdctl.code).toBe(1);
    expect(rdctl.stdout).toBe('');
    expect(rdctl.stderr).toMatch(/^Error: Kubernetes is not running/);
  });
});
