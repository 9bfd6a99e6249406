// Electron cannot run here: a stand-in BrowserWindow records what the window was told to do.
type Handler = (...args: any[]) => void;

const created: { handlers: Map<string, Handler>; openHandler?: (d: { url: string }) => { action: string }; loaded?: string }[] = [];
const opened: string[] = [];

jest.mock('electron', () => ({
  BrowserWindow: class {
    record: (typeof created)[number] = { handlers: new Map() };
    webContents = {
      setWindowOpenHandler: (h: (d: { url: string }) => { action: string }) => (this.record.openHandler = h),
      on: (name: string, h: Handler) => this.record.handlers.set(name, h),
    };

    constructor() {
      created.push(this.record);
    }

    once() {}
    isDestroyed() {
      return false;
    }

    loadFile(file: string) {
      this.record.loaded = file;

      return Promise.resolve();
    }
  },
  shell: {
    openExternal: (url: string) => {
      opened.push(url);

      return Promise.resolve();
    },
  },
}), { virtual: true });

import { Windows } from '../windows';

describe('app windows', () => {
  beforeEach(() => {
    created.length = 0;
    opened.length = 0;
    new Windows('/opt/rd/dist', '/icon.png').openMain();
  });

  function navigate(event: string, url: string): boolean {
    let prevented = false;

    created[0].handlers.get(event)?.({ preventDefault: () => (prevented = true) }, url);

    return prevented;
  }

  it('moves between its own routes', () => {
    expect(navigate('will-navigate', 'file:///opt/rd/dist/renderer/index.html#/images')).toBe(false);
    expect(opened).toEqual([]);
  });

  it.each(['will-navigate', 'will-redirect'])('refuses on %s to leave the app; an http(s) page opens in the browser instead', (event) => {
    expect(navigate(event, 'https://evil.example/')).toBe(true);
    expect(navigate(event, 'file:///etc/passwd')).toBe(true);
    expect(opened).toEqual(['https://evil.example/']);
  });

  it('opens new windows only as http(s) links in the browser', () => {
    for (const url of ['http://127.0.0.1:8080/', 'file:///etc/passwd', 'smb://host/share', 'javascript:alert(1)']) {
      expect(created[0].openHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['http://127.0.0.1:8080/']);
  });

  it('refuses webviews', () => {
    expect(navigate('will-attach-webview', 'about:blank')).toBe(true);
  });
});
