// The only place rdctl writes to the terminal.

/** Prints to stdout as-is. */
export function out(text: string): void {
  process.stdout.write(text);
}

/** Prints a line to stdout. */
export function outLine(text: string): void {
  process.stdout.write(`${ text }\n`);
}

/** Prints to stderr as-is. */
export function err(text: string): void {
  process.stderr.write(text);
}

/** An error a command reports as `Error: <message>` with exit code 1 (cobra's convention). */
export class CommandError extends Error {
  override name = 'CommandError';
}
