import { isInAppNavigation, isOpenableExternally } from '../navigationRules';

describe('what app windows may open', () => {
  it.each(['http://127.0.0.1:8080/', 'https://docs.rancherdesktop.io/', 'HTTPS://Example.com/a?b#c'])('hands %s to the browser', (url) => {
    expect(isOpenableExternally(url)).toBe(true);
  });

  it.each([
    'file:///etc/passwd', 'javascript:alert(1)', 'smb://attacker/share', 'ms-settings:', 'vscode://x', 'data:text/html,x',
    'mailto:a@b.c', 'http:', 'https://', 'not a url', '', '//example.com/',
  ])('refuses %s', (url) => {
    expect(isOpenableExternally(url)).toBe(false);
  });

  const app = 'file:///opt/rd/dist/renderer/index.html';

  it('lets the window move between its own routes', () => {
    expect(isInAppNavigation('file:///opt/rd/dist/renderer/index.html#/preferences', app)).toBe(true);
    expect(isInAppNavigation(`${ app }#/general`, `${ app }#/images`)).toBe(true);
  });

  it.each([
    'https://evil.example/', 'file:///etc/passwd', 'file:///opt/rd/dist/renderer/other.html', `${ app }?x=1`, 'about:blank', 'javascript:1', 'nonsense',
  ])('refuses to navigate to %s', (url) => {
    expect(isInAppNavigation(url, app)).toBe(false);
  });
});
