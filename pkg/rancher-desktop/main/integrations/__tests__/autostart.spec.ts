import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { applyAutostart, desktopEntry } from '../autostart';

describe('Linux autostart entry', () => {
  let config: string;
  const entry = () => path.join(config, 'autostart', 'rancher-desktop.desktop');

  beforeEach(() => {
    config = fs.mkdtempSync(path.join(os.tmpdir(), 'autostart-'));
  });
  afterEach(() => fs.rmSync(config, { recursive: true, force: true }));

  it('writes a desktop entry that starts the app when enabled, and removes it when disabled', () => {
    expect(applyAutostart(true, config, '/opt/rd/rancher-desktop')).toBe('written');
    expect(fs.readFileSync(entry(), 'utf8')).toContain('Exec=/opt/rd/rancher-desktop\n');
    expect(applyAutostart(true, config, '/opt/rd/rancher-desktop')).toBe('unchanged');
    expect(applyAutostart(false, config, '/opt/rd/rancher-desktop')).toBe('removed');
    expect(fs.existsSync(entry())).toBe(false);
    expect(applyAutostart(false, config, '/opt/rd/rancher-desktop')).toBe('unchanged');
  });

  it('leaves the other autostart entries alone', () => {
    fs.mkdirSync(path.join(config, 'autostart'));
    fs.writeFileSync(path.join(config, 'autostart', 'mine.desktop'), 'x');
    applyAutostart(true, config, '/a');
    applyAutostart(false, config, '/a');
    expect(fs.readdirSync(path.join(config, 'autostart'))).toEqual(['mine.desktop']);
  });

  it('keeps a user-edited entry that still starts this app, and fixes one that starts another', () => {
    fs.mkdirSync(path.join(config, 'autostart'));
    fs.writeFileSync(entry(), '[Desktop Entry]\nExec=/a\nX-My-Key=1\n');
    expect(applyAutostart(true, config, '/a')).toBe('unchanged');
    expect(applyAutostart(true, config, '/b')).toBe('written');
    expect(fs.readFileSync(entry(), 'utf8')).toContain('Exec=/b');
  });

  it('quotes an executable path with spaces as the Desktop Entry spec says', () => {
    expect(desktopEntry('/home/me/My Apps/rd')).toContain('Exec="/home/me/My Apps/rd"\n');
  });
});
