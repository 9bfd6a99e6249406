import { defaultTransientSettings, validateTransientSettings } from '../transientSettings';

describe('transient settings', () => {
  it('has RD defaults, with the WSL tab only on Windows', () => {
    expect(defaultTransientSettings('linux').preferences.navItem.currentTabs).toEqual({ 'Application': 'general', 'Virtual Machine': 'hardware', 'Container Engine': 'general' });
    expect(defaultTransientSettings('win32').preferences.navItem.currentTabs.WSL).toBe('integration');
  });

  it('validates pages and tabs', () => {
    expect(validateTransientSettings({ noModalDialogs: true, preferences: { navItem: { current: 'Kubernetes', currentTabs: { 'Container Engine': 'allowed-images' } } } }, 'linux')).toEqual([]);
    expect(validateTransientSettings({ noModalDialogs: 'yes' }, 'linux')).toEqual(['Invalid value for "noModalDialogs": <"yes">']);
    expect(validateTransientSettings({ preferences: { navItem: { current: 'WSL' } } }, 'linux')[0]).toContain('preferences.navItem.current');
    expect(validateTransientSettings({ preferences: { navItem: { currentTabs: { 'Virtual Machine': 'emulation' } } } }, 'linux')[0]).toContain('must be one of ["hardware","volumes"]');
    expect(validateTransientSettings({ preferences: { navItem: { currentTabs: { 'Virtual Machine': 'emulation' } } } }, 'darwin')).toEqual([]);
  });
});
