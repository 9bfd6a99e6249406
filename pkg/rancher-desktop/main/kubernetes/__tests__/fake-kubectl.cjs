#!/usr/bin/env node
/* global process, console, setInterval */
// A stand-in for kubectl in unit tests: it answers `get services` from a file and runs a
// real listener for `port-forward`, printing kubectl's "Forwarding from" line. Each run is
// appended to $FAKE_KUBECTL_LOG as a JSON line {pid, args}, so tests can find and kill it.
const fs = require('node:fs');
const net = require('node:net');

const args = process.argv.slice(2);

if (process.env.FAKE_KUBECTL_LOG) {
  fs.appendFileSync(process.env.FAKE_KUBECTL_LOG, `${ JSON.stringify({ pid: process.pid, args }) }\n`);
}

const rest = [];

for (let i = 0; i < args.length; i++) {
  if (['--kubeconfig', '--context', '--address', '--namespace', '--output', '--request-timeout'].includes(args[i])) {
    i++;
  } else {
    rest.push(args[i]);
  }
}
const namespace = args[args.indexOf('--namespace') + 1];

function fail(message) {
  process.stderr.write(`${ message }\n`);
  process.exit(1);
}

if (rest[0] === 'get' && rest[1] === 'services') {
  if (process.env.FAKE_KUBECTL_FAIL) {
    fail(process.env.FAKE_KUBECTL_FAIL);
  }
  process.stdout.write(fs.readFileSync(process.env.FAKE_KUBECTL_SERVICES, 'utf8'));
} else if (rest[0] === 'port-forward') {
  const name = rest[1].replace(/^service\//, '');
  const [local, remote] = rest[2].split(':');

  if (name === 'missing') {
    fail(`Error from server (NotFound): services "${ name }" not found`);
  }
  if (name === 'silent') {
    setInterval(() => {}, 1000);
  } else {
    const server = net.createServer((socket) => socket.end(`fake ${ namespace }/${ name }:${ remote }\n`));

    server.once('error', (error) => fail(`Unable to listen on port ${ local }: ${ error.message }\nerror: unable to listen on any of the requested ports: [{${ local } ${ remote }}]`));
    server.listen(Number(local || 0), '127.0.0.1', () => {
      console.log(`Forwarding from 127.0.0.1:${ server.address().port } -> ${ remote }`);
    });
  }
} else {
  fail(`fake kubectl: unknown command ${ rest.join(' ') }`);
}
