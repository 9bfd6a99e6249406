/** Log levels, lowest first; `debug` lines are written only when debug is on. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One topic's log (core, server, lima…); implementations MUST never throw. */
export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

/** A logger that drops everything, for tests and optional dependencies. */
export const nullLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
