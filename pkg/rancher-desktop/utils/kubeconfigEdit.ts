// Edits a kubeconfig's text so that only Rancher Desktop's entries change: the file is parsed
// (yaml keeps each node's source offsets) and our cluster, user and context are cut out or
// spliced in at those offsets. Every other byte — the user's clusters, users, contexts,
// comments, quoting, current-context — stays exactly as it was.
import { isMap, isNode, isScalar, isSeq, type Node, parseDocument, stringify, type YAMLMap } from 'yaml';

type Section = 'clusters' | 'users' | 'contexts';

/** Our three entries (without their names), e.g. `{ cluster: { server } }` for clusters. */
export type KubeEntries = Record<Section, Record<string, unknown>>;

interface Edit {
  start: number;
  end: number;
  text: string;
}

const SECTIONS: Section[] = ['clusters', 'users', 'contexts'];

function parse(text: string) {
  const doc = parseDocument(text);

  if (doc.errors.length > 0) {
    throw new Error(`the kubeconfig is not valid YAML (${ doc.errors[0].message.split('\n')[0] }); it was left unchanged`);
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new Error('the kubeconfig is not a YAML mapping; it was left unchanged');
  }

  return doc.contents as YAMLMap | null;
}

const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;

function pairOf(root: YAMLMap | null, key: string) {
  return root?.items.find((p) => isScalar(p.key) && p.key.value === key);
}

function nameOf(item: unknown): unknown {
  return isMap(item) ? item.get('name') : undefined;
}

function apply(text: string, edits: Edit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);
}

/** A block sequence item for `entry`, its dash at `column`. */
function blockItem(entry: Record<string, unknown>, column: number): string {
  return stringify([entry]).split('\n').filter(Boolean).map((line) => `${ ' '.repeat(column) }${ line }\n`).join('');
}

/** Cuts every item named `name` out of a block sequence (dash line to item end). */
function removals(text: string, seq: Node, name: string): Edit[] {
  if (!isSeq(seq) || seq.flow) {
    return [];
  }

  return seq.items.filter((item) => nameOf(item) === name && (item as Node).range).map((item) => {
    const [start, , end] = (item as Node).range as [number, number, number];

    return { start: lineStart(text, start), end, text: '' };
  });
}

/** From after a key's colon to the end of its value's line: what replacing a value replaces. */
function valueSpan(text: string, pair: { key: unknown; value: unknown }): [number, number] {
  const colon = text.indexOf(':', (pair.key as Node).range?.[1] ?? 0);
  const valueEnd = (pair.value as Node | null)?.range?.[1] ?? colon + 1;
  const eol = text.indexOf('\n', valueEnd);

  return [colon + 1, eol < 0 ? text.length : eol + 1];
}

/** Edits that put our entry into one section, replacing an older one of ours. */
function sectionEdits(text: string, root: YAMLMap | null, section: Section, entry: Record<string, unknown>): Edit[] {
  const pair = pairOf(root, section);

  if (!pair) {
    const tail = text.length > 0 && !text.endsWith('\n') ? '\n' : '';

    return [{ start: text.length, end: text.length, text: `${ tail }${ section }:\n${ blockItem(entry, 0) }` }];
  }
  const seq = pair.value as Node | null;

  if (isSeq(seq) && !seq.flow && seq.range && seq.items.length > 0) {
    const first = (seq.items[0] as Node).range?.[0] ?? seq.range[0];
    const column = Math.max(first - lineStart(text, first) - 2, 0);
    const end = seq.range[2];
    const prefix = text[end - 1] === '\n' ? '' : '\n';

    return [...removals(text, seq, entry.name as string), { start: end, end, text: `${ prefix }${ blockItem(entry, column) }` }];
  }
  // Empty, null or a flow sequence (`clusters: []`): it becomes a block sequence, keeping
  // the entries of the user's that a flow sequence held (their values; not their layout).
  const theirs = isSeq(seq) ? seq.items.filter((i) => nameOf(i) !== entry.name).map((i) => (i as Node).toJSON() as Record<string, unknown>) : [];
  const [start, end] = valueSpan(text, pair);

  return [{ start, end, text: `\n${ [...theirs, entry].map((e) => blockItem(e, 0)).join('') }` }];
}

/**
 * Adds (or replaces) the `name` cluster, user and context; sets current-context to it only
 * when the file has none. A file that does not exist yet is `''`.
 */
export function mergeKubeconfig(text: string, name: string, entries: KubeEntries): string {
  let result = text.trim() === '' ? 'apiVersion: v1\nkind: Config\npreferences: {}\n' : text;

  for (const section of SECTIONS) {
    result = apply(result, sectionEdits(result, parse(result), section, { name, ...entries[section] }));
  }
  const current = pairOf(parse(result), 'current-context');
  const value = current?.value;
  const line = ` ${ stringify(name).trim() }\n`;

  if (!current) {
    result = `${ result }${ result.endsWith('\n') ? '' : '\n' }current-context:${ line }`;
  } else if (value === null || (isScalar(value) && (value.value === '' || value.value === null))) {
    const [start, end] = valueSpan(result, current);

    result = apply(result, [{ start, end, text: line }]);
  }

  return result;
}

/** Takes the `name` cluster, user and context out, and a current-context naming it; nothing else changes. */
export function removeFromKubeconfig(text: string, name: string): string {
  const root = parse(text);
  const edits = SECTIONS.flatMap((section) => {
    const seq = pairOf(root, section)?.value as Node | undefined;

    return seq ? removals(text, seq, name) : [];
  });
  const current = pairOf(root, 'current-context');

  if (current && isScalar(current.value) && current.value.value === name && current.value.range) {
    const start = lineStart(text, (current.key as Node).range?.[0] ?? 0);
    const end = text.indexOf('\n', current.value.range[1]);

    edits.push({ start, end: end < 0 ? text.length : end + 1, text: '' });
  }

  return apply(text, edits);
}

/** Whether a kubeconfig holds a context of this name (which file of $KUBECONFIG to edit). */
export function hasContext(text: string, name: string): boolean {
  try {
    const contexts = pairOf(parse(text), 'contexts')?.value;

    return isSeq(contexts) && contexts.items.some((i) => nameOf(i) === name);
  } catch {
    return false;
  }
}

/** Whether a kubeconfig holds nothing at all: no entries, no settings of the user's (what removing ours from a file we created leaves). */
export function isEmptyKubeconfig(text: string): boolean {
  const root = parse(text);
  const skeleton = new Set(['apiVersion', 'kind', 'preferences', 'clusters', 'users', 'contexts', 'current-context']);

  return (root?.items ?? []).every((pair) => {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value: unknown = isNode(pair.value) ? pair.value.toJSON() : pair.value;
    const empty = value === null || value === '' || (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && Object.keys(value as object).length === 0);

    return skeleton.has(key) && (empty || key === 'apiVersion' || key === 'kind');
  });
}
