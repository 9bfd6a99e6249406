// Edits one top-level key of docker's config.json as text, so that every other byte — the
// user's credentials, plugins, the docker CLI's tab indentation — stays as it was, and taking
// our key out again gives back the file the user had.

interface Member {
  key: string;
  /** Offset of the key's opening quote. */
  start: number;
  /** Offset just past the value. */
  end: number;
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Offset just past the JSON value (or string) starting at `i`, in text JSON.parse accepted. */
function skipValue(text: string, i: number): number {
  let depth = 0;

  for (; i < text.length; i++) {
    const c = text[i];

    if (c === '"') {
      for (i++; text[i] !== '"'; i++) {
        i += text[i] === '\\' ? 1 : 0;
      }
      if (depth === 0) {
        return i + 1;
      }
    } else if (c === '{' || c === '[') {
      depth++;
    } else if (c === '}' || c === ']') {
      if (depth === 0) {
        return i;
      }
      depth--;
      if (depth === 0) {
        return i + 1;
      }
    } else if (depth === 0 && (c === ',' || isSpace(c))) {
      return i;
    }
  }

  return i;
}

/** The top-level members of a JSON object, with their spans; `open`/`close` are its braces. */
function members(text: string): { open: number; close: number; items: Member[] } {
  JSON.parse(text);
  let i = 0;

  while (isSpace(text[i])) {
    i++;
  }
  if (text[i] !== '{') {
    throw new Error('docker config.json is not a JSON object; it was left unchanged');
  }
  const open = i++;
  const items: Member[] = [];

  for (;;) {
    while (isSpace(text[i]) || text[i] === ',') {
      i++;
    }
    if (text[i] === '}') {
      return { open, close: i, items };
    }
    const start = i;

    i = skipValue(text, i);
    const key = JSON.parse(text.slice(start, i)) as string;

    while (isSpace(text[i]) || text[i] === ':') {
      i++;
    }
    i = skipValue(text, i);
    items.push({ key, start, end: i });
  }
}

/** The config with top-level `key` set to the string `value`: replaced where it stands, or added as the first member in the file's own indentation. */
export function setTopLevelString(text: string, key: string, value: string): string {
  const { open, items } = members(text);
  const member = `${ JSON.stringify(key) }: ${ JSON.stringify(value) }`;
  const existing = items.find((m) => m.key === key);

  if (existing) {
    return `${ text.slice(0, existing.start) }${ member }${ text.slice(existing.end) }`;
  }
  if (items.length === 0) {
    return `${ JSON.stringify({ [key]: value }, undefined, 2) }\n`;
  }
  const indent = text.slice(open + 1, items[0].start);

  return `${ text.slice(0, open + 1) }${ indent }${ member },${ text.slice(open + 1) }`;
}

/** The config without top-level `key` (the inverse of adding it with setTopLevelString); the text itself when it has none. */
export function removeTopLevelKey(text: string, key: string): string {
  const { open, close, items } = members(text);
  const index = items.findIndex((m) => m.key === key);

  if (index < 0) {
    return text;
  }
  if (items.length === 1) {
    return `${ text.slice(0, open + 1) }${ text.slice(close) }`;
  }
  const [from, to] = index < items.length - 1 ? [items[index].start, items[index + 1].start] : [items[index - 1].end, items[index].end];

  return `${ text.slice(0, from) }${ text.slice(to) }`;
}
