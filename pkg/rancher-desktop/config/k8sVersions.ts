import semver from 'semver';

/** One entry of the version catalogue (`resources/k8s-versions.json`, shaped like RD's k3s-versions.json). */
export interface CatalogueEntry {
  version: string;
  channels: string[];
}

export interface K8sCatalogue {
  /** Canonical versions (no `v`), newest first: what `kubernetes.version` may be. */
  versions: string[];
  /** The newest version on the `stable` channel: the default when none is chosen. */
  stable?: string;
}

const canonical = (v: string) => v.replace(/^v/, '').replace(/\+k3s\d+$/, '');

/** Reads the catalogue's JSON; entries that are not valid versions are dropped. */
export function parseCatalogue(json: unknown): K8sCatalogue {
  const entries = ((json as { versions?: unknown } | null)?.versions ?? []) as CatalogueEntry[];
  const valid = (Array.isArray(entries) ? entries : [])
    .filter((e) => typeof e?.version === 'string' && semver.valid(canonical(e.version)))
    .map((e) => ({ version: canonical(e.version), channels: Array.isArray(e.channels) ? e.channels : [] }))
    .sort((a, b) => semver.rcompare(a.version, b.version));

  return { versions: valid.map((e) => e.version), stable: valid.find((e) => e.channels.includes('stable'))?.version ?? valid[0]?.version };
}
