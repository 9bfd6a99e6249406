import { imagePatternErrors, imagePatternRules, isImageAllowed, manifestRequest, parseImagePattern } from '../imagePatterns';

const SHA = `sha256:${ 'a'.repeat(64) }`;

describe('manifestRequest', () => {
  it.each([
    ['busybox', 'registry-1.docker.io/v2/library/busybox/manifests/latest'],
    ['busybox:1.36', 'registry-1.docker.io/v2/library/busybox/manifests/1.36'],
    ['docker.io/rancher/k3s:v1', 'registry-1.docker.io/v2/rancher/k3s/manifests/v1'],
    [`ghcr.io/org/app@${ SHA }`, `ghcr.io/v2/org/app/manifests/${ SHA }`],
    ['host.lima.internal:5443/team/app:2', 'host.lima.internal:5443/v2/team/app/manifests/2'],
    ['localhost/app', 'localhost/v2/app/manifests/latest'],
  ])('%s is fetched as %s', (image, request) => {
    expect(manifestRequest(image)).toBe(request);
  });
});

describe('isImageAllowed: RD pattern semantics', () => {
  it.each([
    // A bare name is Docker Hub's official image, any tag.
    ['busybox', 'busybox', true],
    ['busybox', 'busybox:1.36', true],
    ['busybox', 'docker.io/library/busybox:1.36', true],
    ['busybox', 'busybox2', false],
    ['busybox', 'someone/busybox', false],
    ['docker.io/busybox', 'busybox', true],
    ['library/busybox', 'busybox', true],
    // An org path on Docker Hub.
    ['rancher/k3s', 'rancher/k3s:v1.30', true],
    ['rancher/k3s', 'rancher/k3s-upgrade', false],
    // One level and any depth.
    ['rancher/', 'rancher/k3s', true],
    ['rancher/', 'rancher/a/b', false],
    ['ghcr.io/org//', 'ghcr.io/org/a/b/c:1', true],
    ['ghcr.io/org//', 'ghcr.io/other/a', false],
    // A registry on its own allows everything in it, and nothing elsewhere.
    ['ghcr.io', 'ghcr.io/anything/at/all:1', true],
    ['ghcr.io', 'busybox', false],
    ['ghcr.io/', 'ghcr.io/a', true],
    ['ghcr.io/', 'ghcr.io/a/b', false],
    // Tags and digests.
    ['busybox:1.36', 'busybox:1.36', true],
    ['busybox:1.36', 'busybox:1.37', false],
    ['busybox:1.36', 'busybox', false],
    [`busybox@${ SHA }`, `busybox@${ SHA }`, true],
    [`busybox:1.36@${ SHA }`, `busybox@${ SHA }`, true],
    [`busybox@${ SHA }`, 'busybox:1.36', false],
    // Hosts with ports (the suites' registry), and case.
    ['host.lima.internal:5443/team/app', 'host.lima.internal:5443/team/app:2', true],
    ['host.lima.internal:5443/team/app', 'host.lima.internal:5443/team/other', false],
    ['host.lima.internal:5443/team/app', 'host.lima.internal:5444/team/app', false],
    ['GHCR.io/Org/App', 'ghcr.io/org/app', true],
  ])('pattern %s, image %s: %s', (pattern, image, allowed) => {
    expect(isImageAllowed(image, [pattern])).toBe(allowed);
  });

  it('allows an image when any pattern matches, and nothing without patterns', () => {
    expect(isImageAllowed('nginx', ['busybox', 'nginx'])).toBe(true);
    expect(isImageAllowed('nginx', [])).toBe(false);
  });

  it('matches the request with or without the default port, as engines send either', () => {
    const [rule] = imagePatternRules(['ghcr.io/org/app']);

    expect(new RegExp(rule, 'i').test('ghcr.io:443/v2/org/app/manifests/1')).toBe(true);
    expect(new RegExp(rule, 'i').test('ghcr.io:8443/v2/org/app/manifests/1')).toBe(false);
  });

  it('treats every character of a pattern literally', () => {
    const [rule] = imagePatternRules(['a.b/c']);

    expect(new RegExp(rule, 'i').test('aXb/v2/c/manifests/1')).toBe(false);
  });
});

describe('imagePatternErrors', () => {
  it.each([
    ['', 'it is empty'],
    ['bad name', 'white space'],
    ['UPPER?', '"UPPER?" is not a valid repository name component'],
    ['a//b', 'empty path component'],
    ['busybox:', '"" is neither a tag nor a digest'],
    ['busybox@sha256:zz', 'neither a tag nor a digest'],
    ['bad_host.io:99999999/x', 'is not a registry host name'],
    ['/', 'names no repository'],
    ['-x/y', 'not a valid repository name component'],
    ['docker.io/library/*', '"*" is not a wildcard here'],
  ])('%j is refused: %s', (pattern, reason) => {
    expect(parseImagePattern(pattern)).toEqual({ error: expect.stringContaining(reason) });
    expect(imagePatternErrors([pattern])).toEqual([expect.stringContaining(`"${ pattern }" does not parse`)]);
  });

  it('accepts every kind of pattern RD documents', () => {
    expect(imagePatternErrors(['busybox', 'rancher/', 'ghcr.io', 'ghcr.io/org//', `nginx@${ SHA }`, 'localhost:5000/x:1', 'docker.io/library/nginx:1.27-alpine'])).toEqual([]);
  });
});
