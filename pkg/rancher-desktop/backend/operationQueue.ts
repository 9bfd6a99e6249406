interface Entry<K> {
  kind: K;
  /** What the caller gets: rejects when the operation failed or was refused. */
  result: Promise<void>;
  /** Settles when the operation has ended, never rejecting: the next one waits on it. */
  ended: Promise<void>;
}

/**
 * Runs operations one at a time, in the order they were asked for, so none is dropped and
 * none overlaps another. With `join`, an operation asked for right behind one of the same
 * kind (running or waiting) gets that one's outcome instead of running twice.
 */
export class OperationQueue<K extends string> {
  private newest?: Entry<K>;
  private pending = 0;

  /** Whether an operation runs or waits its turn. */
  get busy(): boolean {
    return this.pending > 0;
  }

  run(kind: K, operation: () => Promise<void>, join = false): Promise<void> {
    const previous = this.newest;

    if (join && previous?.kind === kind) {
      return previous.result;
    }
    const entry = { kind } as Entry<K>;

    this.pending++;
    // At once when idle, so the caller sees the state change before its next line.
    entry.result = (previous ? previous.ended.then(operation) : new Promise<void>((resolve) => resolve(operation()))).finally(() => {
      this.pending--;
      if (this.newest === entry) {
        this.newest = undefined;
      }
    });
    entry.ended = entry.result.catch(() => undefined);
    this.newest = entry;

    return entry.result;
  }
}
