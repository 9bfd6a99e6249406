import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { kubeconfigPath, readKubeContexts, setCurrentContext } from '../kubeContexts';

const CONFIG = `# my clusters
apiVersion: v1
clusters: []
contexts:
- name: work   # keep this comment
  context: {cluster: a, user: a}
- name: rancher-desktop
  context: {cluster: b, user: b}
current-context: work
kind: Config
users: []
`;

describe('kubeconfig contexts for the tray', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists the contexts and the current one', () => {
    fs.writeFileSync(path.join(dir, 'config'), CONFIG);
    expect(readKubeContexts(path.join(dir, 'config'))).toEqual({ file: path.join(dir, 'config'), names: ['work', 'rancher-desktop'], current: 'work' });
  });

  it('lists nothing for a missing or broken file', () => {
    expect(readKubeContexts(path.join(dir, 'none')).names).toEqual([]);
    fs.writeFileSync(path.join(dir, 'bad'), ': : :');
    expect(readKubeContexts(path.join(dir, 'bad')).names).toEqual([]);
  });

  it('switches the current context by changing that one line only, keeping the file mode', () => {
    const file = path.join(dir, 'config');

    fs.writeFileSync(file, CONFIG, { mode: 0o600 });
    setCurrentContext(file, 'rancher-desktop');
    expect(fs.readFileSync(file, 'utf8')).toBe(CONFIG.replace('current-context: work', 'current-context: "rancher-desktop"'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('adds the line when there is none, and refuses an unknown context without writing', () => {
    const file = path.join(dir, 'config');
    const without = CONFIG.replace('current-context: work\n', '');

    fs.writeFileSync(file, without);
    expect(() => setCurrentContext(file, 'nope')).toThrow('no context named "nope"');
    expect(fs.readFileSync(file, 'utf8')).toBe(without);
    setCurrentContext(file, 'work');
    expect(fs.readFileSync(file, 'utf8')).toBe(`${ without }current-context: "work"\n`);
  });

  it('uses the first existing $KUBECONFIG entry, else ~/.kube/config', () => {
    fs.writeFileSync(path.join(dir, 'b'), CONFIG);
    expect(kubeconfigPath('/home/u', { KUBECONFIG: [path.join(dir, 'a'), path.join(dir, 'b')].join(path.delimiter) })).toBe(path.join(dir, 'b'));
    expect(kubeconfigPath('/home/u', {})).toBe('/home/u/.kube/config');
  });
});
