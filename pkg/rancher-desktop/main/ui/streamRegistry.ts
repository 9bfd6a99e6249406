import type { OutputListener } from '@pkg/ipc/containerEngine';

/** Where a stream's output and end go (one UI connection). */
export interface StreamSink {
  output(streamId: string, text: string): void;
  end(streamId: string, error?: string): void;
}

/**
 * Long operations of one UI connection (pull, build, follow logs): each gets an id the
 * renderer can cancel, and every one is aborted when the connection goes away.
 */
export class StreamRegistry {
  private next = 1;
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly sink: StreamSink) {}

  start(run: (listener: OutputListener, signal: AbortSignal) => Promise<void>): string {
    const streamId = `s${ this.next++ }`;
    const controller = new AbortController();

    this.running.set(streamId, controller);
    // The id must reach the renderer before any output does: the reply carrying it is sent
    // in this turn's microtasks, the operation starts in the next turn.
    setImmediate(() => {
      run((text) => this.sink.output(streamId, text), controller.signal).then(
        () => this.finish(streamId),
        (error: unknown) => this.finish(streamId, controller.signal.aborted ? undefined : error instanceof Error ? error.message : String(error)),
      );
    });

    return streamId;
  }

  cancel(streamId: string): void {
    this.running.get(streamId)?.abort();
  }

  disposeAll(): void {
    for (const controller of this.running.values()) {
      controller.abort();
    }
    this.running.clear();
  }

  get size(): number {
    return this.running.size;
  }

  private finish(streamId: string, error?: string): void {
    if (this.running.delete(streamId)) {
      this.sink.end(streamId, error);
    }
  }
}
