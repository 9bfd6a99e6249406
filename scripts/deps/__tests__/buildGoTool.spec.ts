// buildGoTool.sh checks every module of a tool's build against its committed go.sum, not only
// the tool's own: here a fake tool and its one dependency are served by a file:// proxy.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

const script = path.resolve(__dirname, '..', 'buildGoTool.sh');
const hasGo = spawnSync('go', ['version']).status === 0;

/** A zip with stored (uncompressed) entries: all a Go module zip needs to be. */
function storedZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;

  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const nameBuf = Buffer.from(name);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);

    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);

    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);

  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);

  return Buffer.concat([...locals, ...centrals, end]);
}

/** Serves `module@version` with these files from a file:// proxy. */
function publish(proxy: string, module: string, version: string, files: Record<string, string>): void {
  const dir = path.join(proxy, module, '@v');

  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'list'), `${ version }\n`);
  fs.writeFileSync(path.join(dir, `${ version }.info`), JSON.stringify({ Version: version, Time: '2024-01-01T00:00:00Z' }));
  fs.writeFileSync(path.join(dir, `${ version }.mod`), files['go.mod']);
  fs.writeFileSync(path.join(dir, `${ version }.zip`), storedZip(Object.fromEntries(Object.entries(files).map(([f, t]) => [`${ module }@${ version }/${ f }`, t]))));
}

(hasGo ? describe : describe.skip)('buildGoTool.sh with committed go.sums', () => {
  let base: string;
  let sums: string;
  let env: Record<string, string>;

  beforeAll(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'gosum-'));
    const proxy = path.join(base, 'proxy');

    publish(proxy, 'example.com/dep', 'v1.0.0', {
      'go.mod':  'module example.com/dep\n\ngo 1.21\n',
      'dep.go':  'package dep\n\nconst Greeting = "hello"\n',
    });
    publish(proxy, 'example.com/tool', 'v1.0.0', {
      'go.mod':  'module example.com/tool\n\ngo 1.21\n\nrequire example.com/dep v1.0.0\n',
      'main.go': 'package main\n\nimport "example.com/dep"\n\nfunc main() { println(dep.Greeting) }\n',
    });
    sums = path.join(base, 'sums', 'tool.sum');
    // Only this proxy, a module cache of the test's own, and no checksum database.
    env = {
      ...process.env as Record<string, string>,
      GOPROXY: `file://${ proxy }`, GOMODCACHE: path.join(base, 'modcache'), GOSUMDB: 'off', GONOSUMDB: '', GOPRIVATE: '', GOFLAGS: '', GOTOOLCHAIN: 'local', TMPDIR: base, GO_SUM_FILE: sums,
    };
  });
  afterAll(() => {
    spawnSync('chmod', ['-R', 'u+w', base]);
    fs.rmSync(base, { recursive: true, force: true });
  });

  let run = 0;
  const build = (extra: Record<string, string> = {}) => {
    const out = path.join(base, `out-${ run++ }`);
    const result = spawnSync('nice', ['-n', '10', 'bash', script, 'tool', 'example.com/tool', 'v1.0.0', out, 'example.com/tool=tool'], { env: { ...env, ...extra }, encoding: 'utf8' });

    return { ...result, built: fs.existsSync(path.join(out, 'tool')), out };
  };
  const tamper = (module: string, transform: (line: string) => string | undefined) => {
    const good = fs.readFileSync(sums, 'utf8');
    const lines = good.split('\n').filter(Boolean).map((l) => (l.startsWith(`${ module } v1.0.0 h1:`) ? transform(l) : l));

    fs.writeFileSync(sums, `${ lines.filter((l) => l !== undefined).join('\n') }\n`);

    return () => fs.writeFileSync(sums, good);
  };

  it('refuses to build without a committed go.sum, and says how to make one', () => {
    const result = build();

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`no committed go.sum at ${ sums }`);
    expect(result.stderr).toContain('RD_GO_SUM_UPDATE=1');
    expect(result.built).toBe(false);
  });

  it('writes the sums on request, then builds against them', () => {
    const first = build({ GO_SUM_UPDATE: '1' });

    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(fs.readFileSync(sums, 'utf8')).toMatch(/^example\.com\/dep v1\.0\.0 h1:/m);
    const second = build();

    expect(second.stderr).toBe('');
    expect(second.built).toBe(true);
  }, 120_000);

  it('refuses a dependency whose hash differs from the committed one', () => {
    const restore = tamper('example.com/dep', (l) => l.replace(/h1:.*/, 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='));

    try {
      const result = build();

      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('checksum mismatch');
      expect(result.stderr).toContain('RD_GO_SUM_UPDATE=1');
      expect(result.built).toBe(false);
    } finally {
      restore();
    }
  }, 120_000);

  it('refuses a dependency the committed file does not list', () => {
    const restore = tamper('example.com/dep', () => undefined);

    try {
      const result = build();

      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/not in .*tool\.sum:\nexample\.com\/dep v1\.0\.0 h1:/);
      expect(result.built).toBe(false);
    } finally {
      restore();
    }
  }, 120_000);

  it('refuses a tampered hash of the tool itself', () => {
    const restore = tamper('example.com/tool', (l) => l.replace(/h1:.*/, 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='));

    try {
      const result = build();

      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('checksum mismatch');
      expect(result.built).toBe(false);
    } finally {
      restore();
    }
  }, 120_000);
});
