import { parseCommandLine } from '../commandLineOptions';
import { defaultSettings } from '../defaults';

const settings = defaultSettings({ platform: 'linux', kernelMajor: 6, totalMemoryBytes: 8 * 2 ** 30, arch: 'x64' });

describe('parseCommandLine', () => {
  it('parses --path=value, --path value, bare booleans and --no-modal-dialogs', () => {
    expect(parseCommandLine(['--kubernetes.enabled=false', '--virtualMachine.memoryInGB', '6', '--application.debug', '--containerEngine.name', 'containerd', '--no-modal-dialogs'], settings)).toEqual({
      settings: { kubernetes: { enabled: false }, virtualMachine: { memoryInGB: 6 }, application: { debug: true }, containerEngine: { name: 'containerd' } },
      noModalDialogs: true,
    });
  });

  it('ignores unknown arguments before the first known one (Electron adds its own)', () => {
    expect(parseCommandLine(['--inspect', 'foo', '--kubernetes.port=7443'], settings).settings).toEqual({ kubernetes: { port: 7443 } });
  });

  it('refuses unknown arguments after a known one, objects, and values of the wrong type', () => {
    expect(() => parseCommandLine(['--kubernetes.port=7443', '--bogus'], settings)).toThrow('no such entry in current settings');
    expect(() => parseCommandLine(['--application.debug', '--kubernetes=3'], settings)).toThrow('it is an object');
    expect(() => parseCommandLine(['--kubernetes.enabled=maybe'], settings)).toThrow("Can't evaluate --kubernetes.enabled=maybe as boolean");
    expect(() => parseCommandLine(['--kubernetes.port=abc'], settings)).toThrow('as number');
    expect(() => parseCommandLine(['--kubernetes.version'], settings)).toThrow('No value provided');
  });

  it('reads --no-modal-dialogs=false', () => {
    expect(parseCommandLine(['--no-modal-dialogs=false'], settings)).toEqual({ settings: {}, noModalDialogs: false });
  });
});
