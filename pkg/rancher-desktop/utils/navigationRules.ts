// What an app window may open or go to. Kept out of electron/ so it is tested without Electron.

/**
 * Whether a link may be handed to the user's browser (shell.openExternal): only http(s).
 * Other schemes reach other programs (file: runs or shows local files, smb: leaks
 * credentials, custom schemes start whatever registered them).
 */
export function isOpenableExternally(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);

    return (protocol === 'http:' || protocol === 'https:') && hostname !== '';
  } catch {
    return false;
  }
}

/**
 * Whether the window may navigate to `url`: only within the app's own page (`appUrl`, the
 * renderer's index.html), whose routes are in the hash. Anything else would run a foreign
 * page with the app's preload bridge.
 */
export function isInAppNavigation(url: string, appUrl: string): boolean {
  try {
    const target = new URL(url);
    const app = new URL(appUrl);

    return target.protocol === app.protocol && target.host === app.host && target.pathname === app.pathname && target.search === app.search;
  } catch {
    return false;
  }
}
