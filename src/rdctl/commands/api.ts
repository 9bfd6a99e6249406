import fs from 'node:fs';

import type { Command } from 'commander';

import { apiRequest, statusLine } from '../client';
import { type GlobalFlags, resolveConnection } from '../connection';
import { CommandError, err, out } from '../output';

/** `rdctl api ENDPOINT`: any request; non-2xx puts the body on stderr and a JSON message on stdout. */
export function registerApi(program: Command): void {
  program.command('api')
    .description('Run API endpoints directly')
    .argument('<endpoint>', 'the endpoint, e.g. /v1/settings or settings')
    .option('-X, --method <method>', 'method to use (default GET, or PUT with a body)')
    .option('--input <file>', 'file containing the JSON body (- for standard input)')
    .option('-b, --body <json>', 'JSON body')
    .action(async(endpoint: string, opts: { method?: string; input?: string; body?: string }, command: Command) => {
      if (opts.input !== undefined && opts.body !== undefined) {
        throw new CommandError('api command: --body and --input options cannot both be specified');
      }
      let body = opts.body;

      if (opts.input !== undefined) {
        body = fs.readFileSync(opts.input === '-' ? 0 : opts.input, 'utf8');
      }
      const method = (opts.method ?? (body !== undefined ? 'PUT' : 'GET')).toUpperCase();
      const response = await apiRequest(resolveConnection(command.optsWithGlobals<GlobalFlags>()), method, endpoint, body);

      if (response.status >= 200 && response.status <= 299) {
        out(response.body);

        return;
      }
      err(response.body);
      out(`${ JSON.stringify({ message: statusLine(response) }) }\n`);
      process.exitCode = 1;
    });
}
