import { socketProtocols, takeToken } from '../webUiToken';

describe('web UI token', () => {
  beforeEach(() => {
    window.sessionStorage.clear();
    window.history.replaceState(null, '', '/');
  });

  it('moves ?token= from the address bar to sessionStorage, keeping the rest of the URL', () => {
    window.history.replaceState(null, '', '/?token=abc&x=1#/general');

    expect(takeToken(window.location, window.history, window.sessionStorage)).toBe('abc');
    expect(window.location.search).toBe('?x=1');
    expect(window.location.hash).toBe('#/general');
    expect(window.sessionStorage.getItem('rd-web-ui-token')).toBe('abc');
    expect(document.cookie).toBe('');
  });

  it('finds the stored token after a reload, and none when there never was one', () => {
    expect(takeToken(window.location, window.history, window.sessionStorage)).toBeUndefined();
    window.sessionStorage.setItem('rd-web-ui-token', 'abc');
    expect(takeToken(window.location, window.history, window.sessionStorage)).toBe('abc');
  });

  it('offers the token as a subprotocol beside the one the server selects', () => {
    expect(socketProtocols('abc')).toEqual(['rd-ui', 'rd-token.abc']);
    expect(socketProtocols(undefined)).toEqual(['rd-ui']);
  });
});
