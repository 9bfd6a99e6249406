// Prints the control-plane figures of the app core: rdctl start-up (median of 20 runs of
// `rdctl list-settings` next to `node -e 0`) and GET /v1/settings throughput and p99 latency
// with 50 concurrent keep-alive clients. Targets (from the issue): rdctl ≤ 2× node's own
// start; ≥ 3000 req/s and p99 < 20 ms. Figures only: nothing here passes or fails.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

import autocannon from 'autocannon';

import { median, root, startMockApp } from './benchApp.mjs';

const rdctl = path.join(root, 'resources', process.platform, 'bin', 'rdctl');
const RUNS = 20;

function timeRuns(file, args, options) {
  const times = [];

  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(file, args, options);

    if (result.status !== 0) {
      throw new Error(`${ file } ${ args.join(' ') } failed: ${ result.stderr }`);
    }
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }

  return median(times);
}

const { app, env, user, creds } = await startMockApp();

try {
  const spawnOpts = { env, ...user, stdio: 'pipe' };
  const nodeMs = timeRuns(process.execPath, ['-e', '0'], spawnOpts);
  const rdctlMs = timeRuns(rdctl, ['list-settings'], spawnOpts);

  console.log(`node -e 0:           median ${ nodeMs.toFixed(1) } ms over ${ RUNS } runs`);
  console.log(`rdctl list-settings: median ${ rdctlMs.toFixed(1) } ms over ${ RUNS } runs (${ (rdctlMs / nodeMs).toFixed(2) }x node; target <= 2x)`);

  const load = (duration) => autocannon({
    url: `http://127.0.0.1:${ creds.port }/v1/settings`,
    connections: 50,
    duration,
    headers: { authorization: `Basic ${ Buffer.from(`${ creds.user }:${ creds.password }`).toString('base64') }` },
  });

  // A short unmeasured run first: the figures are for a warmed-up server, not JIT compilation.
  await load(2);
  const result = await load(Number(process.env.BENCH_SECONDS || 10));
  const non2xx = result.non2xx + result.errors;

  console.log(`GET /v1/settings, 50 clients, ${ result.duration }s: ${ Math.round(result.requests.average) } req/s (target >= 3000), p99 ${ result.latency.p99 } ms (target < 20), p50 ${ result.latency.p50 } ms, ${ non2xx } errors/non-2xx`);
  console.log(`machine: ${ os.cpus().length } cores, ${ (os.totalmem() / 2 ** 30).toFixed(0) } GiB, node ${ process.version }`);
} finally {
  app.kill('SIGTERM');
}
