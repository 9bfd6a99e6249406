/**
 * The allowed-images patterns of `containerEngine.allowedImages.patterns`, with Rancher
 * Desktop's meaning, turned into the rules the registry proxy in the VM applies to each
 * manifest request (`<host>/v2/<repository>/manifests/<reference>`). A manifest is what an
 * engine fetches first to pull, and what it writes last to push, so a refused manifest
 * refuses the image; blobs are only reachable by the digests a manifest names.
 *
 * Pattern meaning (RD's):
 * - `busybox`, `docker.io/busybox`: Docker Hub's `library/busybox`, any tag.
 * - `rancher/k3s`: Docker Hub's `rancher/k3s`; `ghcr.io/org/app`: that registry's `org/app`.
 * - A first component with a dot (or a port, or `localhost`) is the registry host;
 *   `ghcr.io` alone allows every repository of that registry.
 * - A trailing `/` allows one more path component (`rancher/` is every `rancher/<name>`),
 *   a trailing `//` any number (`ghcr.io/org//`).
 * - `:tag` or `@sha256:…` on the last component allows only that reference.
 * Matching ignores case, as RD's does.
 */

export interface ImagePattern {
  /** The pattern as the user wrote it. */
  pattern: string;
  /** The registry host the engine connects to (`registry-1.docker.io` for Docker Hub). */
  host: string;
  /** The rule over `<host>/v2/<repository>/manifests/<reference>` (a RegExp source, case-insensitive). */
  rule: string;
}

export const DOCKER_HUB = 'registry-1.docker.io';

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/i;
const HOST = /^(?:localhost|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::[0-9]{1,5})?$/i;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-f]{32,}$/i;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component.toLowerCase() === 'localhost';
}

/** Splits `name[:tag][@digest]`; the digest wins over a tag, as it does for a pull. */
function splitReference(last: string): { name: string; reference?: string } {
  const at = last.indexOf('@');
  const beforeDigest = at < 0 ? last : last.slice(0, at);
  const colon = beforeDigest.indexOf(':');
  const name = colon < 0 ? beforeDigest : beforeDigest.slice(0, colon);
  const tag = colon < 0 ? undefined : beforeDigest.slice(colon + 1);

  return { name, reference: at < 0 ? tag : last.slice(at + 1) };
}

/** The parsed pattern, or the reason it does not parse (said to the user with the pattern). */
export function parseImagePattern(pattern: string): ImagePattern | { error: string } {
  if (pattern.trim() === '') {
    return { error: 'it is empty' };
  }
  if (/\s/.test(pattern)) {
    return { error: 'it contains white space' };
  }
  if (pattern.includes('*')) {
    return { error: '"*" is not a wildcard here: end the pattern with "/" to allow one more path component, or "//" to allow any number' };
  }
  const parts = pattern.split('/');
  let host = DOCKER_HUB;
  let hostGiven = false;

  // As RD: a lone component with a dot in its name (`ghcr.io`, not `busybox:1.36`) is a
  // registry; before a slash, Docker's rule (a dot, a port or `localhost`) says what is a host.
  if (parts.length === 1 ? /^[^:@]*\./.test(parts[0]) : isHost(parts[0])) {
    host = parts.shift() as string;
    hostGiven = true;
    if (!HOST.test(host)) {
      return { error: `"${ host }" is not a registry host name` };
    }
    if (['docker.io', 'index.docker.io'].includes(host.toLowerCase())) {
      host = DOCKER_HUB;
    }
  }

  // Trailing empty components are the wildcards; an empty one anywhere else is a typo.
  let wildcard: '' | '[^/]+' | '.+' = '';

  if (parts.length >= 2 && parts.at(-1) === '' && parts.at(-2) === '') {
    parts.splice(-2, 2);
    wildcard = '.+';
  } else if (parts.length >= 1 && parts.at(-1) === '') {
    parts.pop();
    wildcard = '[^/]+';
  }
  if (parts.length === 0) {
    if (!hostGiven) {
      return { error: 'it names no repository' };
    }

    // `ghcr.io` or `ghcr.io//`: every repository of the registry; `ghcr.io/`: one level.
    return { pattern, host, rule: rulePattern(host, wildcard || '.+', undefined) };
  }

  const { name, reference } = wildcard ? { name: parts.at(-1) as string, reference: undefined } : splitReference(parts.at(-1) as string);

  parts[parts.length - 1] = name;
  for (const component of parts) {
    if (!COMPONENT.test(component)) {
      return { error: component === '' ? 'it has an empty path component' : `"${ component }" is not a valid repository name component` };
    }
  }
  if (reference !== undefined && !(TAG.test(reference) || DIGEST.test(reference))) {
    return { error: `"${ reference }" is neither a tag nor a digest` };
  }
  // Docker Hub's official images live under `library/`.
  if (host === DOCKER_HUB && parts.length === 1 && !wildcard) {
    parts.unshift('library');
  }
  const repository = parts.map(escape).join('/') + (wildcard ? `/${ wildcard }` : '');

  return { pattern, host, rule: rulePattern(host, repository, reference) };
}

function rulePattern(host: string, repository: string, reference: string | undefined): string {
  // The request's host may or may not carry the default port.
  const hostRule = host.includes(':') ? escape(host) : `${ escape(host) }(?::443)?`;

  return `^${ hostRule }/v2/${ repository }/manifests/${ reference === undefined ? '[^/]+' : escape(reference) }$`;
}

/** One message per pattern that does not parse, naming it; empty when all parse. */
export function imagePatternErrors(patterns: readonly string[]): string[] {
  return patterns.flatMap((pattern) => {
    const parsed = parseImagePattern(pattern);

    return 'error' in parsed ? [`The allowed-images pattern "${ pattern }" does not parse: ${ parsed.error }.`] : [];
  });
}

/** The proxy's rules for a list of patterns (those that do not parse are left out; the validator refuses them). */
export function imagePatternRules(patterns: readonly string[]): string[] {
  return patterns.map(parseImagePattern).flatMap((p) => ('error' in p ? [] : [p.rule]));
}

/**
 * The manifest request an engine makes to pull `image` (`busybox`, `ghcr.io/org/app:1.0`,
 * `name@sha256:…`), as the proxy sees it: `<host>/v2/<repository>/manifests/<reference>`.
 */
export function manifestRequest(image: string): string {
  const parts = image.split('/');
  const host = parts.length > 1 && isHost(parts[0]) ? (parts.shift() as string) : 'docker.io';
  const { name, reference } = splitReference(parts.pop() as string);
  const registry = ['docker.io', 'index.docker.io'].includes(host.toLowerCase()) ? DOCKER_HUB : host;
  const repository = [...parts, name];

  if (registry === DOCKER_HUB && repository.length === 1) {
    repository.unshift('library');
  }

  return `${ registry }/v2/${ repository.join('/') }/manifests/${ reference ?? 'latest' }`;
}

/** Whether the policy lets the engine pull `image` (as the proxy would decide its first request). */
export function isImageAllowed(image: string, patterns: readonly string[]): boolean {
  const request = manifestRequest(image);

  return imagePatternRules(patterns).some((rule) => new RegExp(rule, 'i').test(request));
}
