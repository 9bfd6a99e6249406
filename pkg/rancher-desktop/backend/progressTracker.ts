import type { Progress } from '@pkg/ipc/backendState';
import { Emitter } from '@pkg/utils/emitter';
import type { Logger } from '@pkg/utils/logger';

/**
 * Tracks the progress of a multi-step operation so GUI and CLI show the same
 * description and current/max; every change is announced through onDidChange.
 */
export class ProgressTracker {
  private value: Progress = { current: 0, max: 0 };
  private readonly changed = new Emitter<Progress>();
  readonly onDidChange = this.changed.event;

  /** With a logger, each step is a line in the log (its time says where a slow start went). */
  constructor(private readonly logger?: Logger) {}

  get progress(): Progress {
    return this.value;
  }

  /** Starts a sequence of `max` steps (max < 0: indeterminate). */
  begin(max: number, description?: string): void {
    this.set({ current: 0, max, description });
  }

  /** Runs one step, announcing its description first and counting it when done. */
  async step<T>(description: string, fn: () => Promise<T>): Promise<T> {
    this.logger?.info(`progress: ${ description }`);
    this.set({ ...this.value, description });
    const result = await fn();

    this.set({ ...this.value, current: this.value.current + 1 });

    return result;
  }

  /** Refines the current step's description (a sub-step reported by a child process). */
  describe(description: string): void {
    if (description !== this.value.description) {
      this.set({ ...this.value, description });
    }
  }

  /** Clears the progress once the operation has ended, whatever its outcome. */
  end(): void {
    this.set({ current: 0, max: 0 });
  }

  private set(progress: Progress): void {
    const descriptionChanged = progress.description !== this.value.description;

    this.value = { ...progress, transitionTime: descriptionChanged ? new Date().toISOString() : this.value.transitionTime };
    this.changed.fire(this.value);
  }
}
