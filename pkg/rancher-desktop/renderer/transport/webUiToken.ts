// The headless web UI's credential lives in this tab's sessionStorage, never in a cookie:
// a browser sends cookies for 127.0.0.1 to every server on 127.0.0.1, containers included.

const KEY = 'rd-web-ui-token';
/** Must match the server (headless/webUiServer.ts), which selects the first and checks the second. */
const PROTOCOL = 'rd-ui';
const TOKEN_PREFIX = 'rd-token.';

type Place = Pick<Location, 'href'>;
type History = Pick<globalThis.History, 'replaceState' | 'state'>;
type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

/**
 * Takes the token from the address bar's ?token= into sessionStorage and out of the address
 * bar (and so out of history and bookmarks); a reload finds it in sessionStorage again.
 */
export function takeToken(place: Place, history: History, storage: Storage): string | undefined {
  const url = new URL(place.href);
  const given = url.searchParams.get('token');

  if (given) {
    storage.setItem(KEY, given);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', `${ url.pathname }${ url.search }${ url.hash }`);
  }

  return given || storage.getItem(KEY) || undefined;
}

/** What the page offers when it opens the WebSocket; without a token the server refuses it. */
export function socketProtocols(token: string | undefined): string[] {
  return token ? [PROTOCOL, `${ TOKEN_PREFIX }${ token }`] : [PROTOCOL];
}
