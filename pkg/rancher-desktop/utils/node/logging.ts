import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';

import type { Logger, LogLevel } from '@pkg/utils/logger';

const SECRET = /("?(?:password|token)"?\s*[:=]\s*"?)[^"\s,}]+/gi;

function format(level: LogLevel, message: string, details: unknown[]): string {
  const extra = details.map((d) => (d instanceof Error ? d.stack ?? d.message : typeof d === 'string' ? d : util.inspect(d, { depth: 4 })));
  const line = [message, ...extra].join(' ').replace(SECRET, '$1***');

  return `${ new Date().toISOString() } ${ level.toUpperCase() }: ${ line }\n`;
}

/**
 * Writes one file per topic under the logs folder (`core.log`, `server.log`…). The debug
 * switch is shared so `application.debug` can raise every topic's level at once.
 */
export class LogFiles {
  private streams = new Map<string, fs.WriteStream>();
  debugEnabled: boolean;

  constructor(readonly dir: string, debug = false) {
    fs.mkdirSync(dir, { recursive: true });
    this.debugEnabled = debug || !!process.env.RD_DEBUG_ENABLED;
  }

  /** The logger of one topic; the file is opened in append mode on first use. */
  topic(name: string): Logger {
    const write = (level: LogLevel, message: string, details: unknown[]) => {
      if (level === 'debug' && !this.debugEnabled) {
        return;
      }
      try {
        this.stream(name).write(format(level, message, details));
      } catch {
        // Logging must never take the app down.
      }
    };

    return {
      debug: (m, ...d) => write('debug', m, d),
      info: (m, ...d) => write('info', m, d),
      warn: (m, ...d) => write('warn', m, d),
      error: (m, ...d) => write('error', m, d),
    };
  }

  pathOf(name: string): string {
    return path.join(this.dir, `${ name }.log`);
  }

  private stream(name: string): fs.WriteStream {
    let stream = this.streams.get(name);

    if (!stream) {
      stream = fs.createWriteStream(this.pathOf(name), { flags: 'a', mode: 0o600 });
      stream.on('error', () => {});
      this.streams.set(name, stream);
    }

    return stream;
  }

  /** Flushes and closes every file. */
  async close(): Promise<void> {
    const streams = [...this.streams.values()];

    this.streams.clear();
    await Promise.all(streams.map((s) => new Promise<void>((resolve) => s.end(resolve))));
  }
}
