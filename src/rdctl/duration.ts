/** Parses a Go-style duration (`90s`, `10m`, `1h30m`, `500ms`) into milliseconds, or throws. */
export function parseDuration(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];

  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new Error(`invalid duration "${ text }"`);
  }

  return parts.reduce((total, p) => total + Number(p[1]) * units[p[2]], 0);
}
