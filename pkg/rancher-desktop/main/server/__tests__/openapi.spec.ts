import fs from 'node:fs';
import path from 'node:path';

import yaml from 'js-yaml';

import { forEachLeaf } from '@pkg/config/settingsSchema';
import { routes } from '@pkg/ipc/routes';

const spec = yaml.load(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'assets', 'specs', 'command-api.yaml'), 'utf8')) as any;

describe('command-api.yaml', () => {
  it('describes exactly the routes of the route table, with their requests and since-versions', () => {
    const inSpec = Object.entries(spec.paths as Record<string, Record<string, any>>)
      .filter(([p]) => p.startsWith('/v1/'))
      .flatMap(([p, methods]) => Object.entries(methods).map(([m, op]) => `${ m.toUpperCase() } ${ p } ${ op.operationId } ${ op['x-rd-since'] }`))
      .sort();
    const inCode = routes.map((r) => `${ r.method } /v1/${ r.path } ${ r.request } ${ r.since }`).sort();

    expect(inSpec).toEqual(inCode);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/', '/v0', '/v1']));
  });

  it('describes every setting of the schema with its type, enum, range and platforms', () => {
    const described = new Map<string, any>();
    const walk = (node: any, prefix: string) => {
      for (const [key, value] of Object.entries<any>(node.properties)) {
        const p = prefix ? `${ prefix }.${ key }` : key;

        if (value.type === 'object' && value.properties) {
          walk(value, p);
        } else {
          described.set(p, value);
        }
      }
    };

    walk(spec.components.schemas.preferences, '');
    const leaves: string[] = [];

    forEachLeaf((p, leaf) => {
      leaves.push(p);
      const d = described.get(p);
      const type = { boolean: 'boolean', integer: 'integer', string: 'string', 'string-array': 'array', map: 'object' }[leaf.kind];

      expect([p, d?.type]).toEqual([p, type]);
      expect([p, d.enum]).toEqual([p, leaf.kind === 'string' ? leaf.enum && [...leaf.enum] : undefined]);
      expect([p, d['x-rd-platforms']]).toEqual([p, leaf.platforms && [...leaf.platforms]]);
      expect([p, d['x-rd-hidden'] ?? false]).toEqual([p, leaf.hidden ?? false]);
      if (leaf.kind === 'integer') {
        expect([p, d.minimum, d.maximum]).toEqual([p, leaf.min, leaf.max]);
      }
    });
    expect([...described.keys()].sort()).toEqual(leaves.sort());
  });
});
