interface Entry<K> {
  kind: K;
  /** What the caller gets: rejects when the operation failed or was refused. */
  result: Promise<void>;
  /** Settles when the operation has ended, never rejecting: the next one waits on it. */
  ended: Promise<void>;
  /** Set while it waits: it then rejects with this instead of running. */
  cancelled?: Error;
}

/**
 * Runs operations one at a time, in the order they were asked for, so none is dropped and
 * none overlaps another. With `join`, an operation asked for right behind one of the same
 * kind (running or waiting) gets that one's outcome instead of running twice.
 */
export class OperationQueue<K extends string> {
  private newest?: Entry<K>;
  private readonly waiting = new Set<Entry<K>>();
  private pending = 0;

  /** Whether an operation runs or waits its turn. */
  get busy(): boolean {
    return this.pending > 0;
  }

  run(kind: K, operation: () => Promise<void>, join = false): Promise<void> {
    const previous = this.newest;

    if (join && previous?.kind === kind && !previous.cancelled) {
      return previous.result;
    }
    const entry = { kind } as Entry<K>;
    const begin = () => {
      this.waiting.delete(entry);

      return entry.cancelled ? Promise.reject(entry.cancelled) : operation();
    };

    this.pending++;
    this.waiting.add(entry);
    // At once when idle, so the caller sees the state change before its next line.
    entry.result = (previous ? previous.ended.then(begin) : new Promise<void>((resolve) => resolve(begin()))).finally(() => {
      this.pending--;
      if (this.newest === entry) {
        this.newest = undefined;
      }
    });
    entry.ended = entry.result.catch(() => undefined);
    this.newest = entry;

    return entry.result;
  }

  /** Refuses every operation still waiting its turn with `reason` (the one running goes on); nothing joins them after. */
  cancelWaiting(reason: Error): void {
    for (const entry of this.waiting) {
      entry.cancelled = reason;
    }
  }
}
