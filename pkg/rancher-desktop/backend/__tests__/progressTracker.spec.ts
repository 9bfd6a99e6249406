import { nullLogger } from '@pkg/utils/logger';

import { ProgressTracker } from '../progressTracker';

describe('ProgressTracker', () => {
  it('counts steps, and logs each step once but not the sub-step descriptions (their sources log those)', async() => {
    const lines: string[] = [];
    const tracker = new ProgressTracker({ ...nullLogger, info: (message: string) => lines.push(message) });
    const seen: string[] = [];

    tracker.onDidChange((p) => seen.push(`${ p.current }/${ p.max } ${ p.description ?? '' }`));
    tracker.begin(2);
    await tracker.step('Starting virtual machine', () => {
      tracker.describe('Starting virtual machine: Waiting for ssh');

      return Promise.resolve();
    });
    await tracker.step('Waiting for containerd', () => Promise.resolve());

    expect(lines).toEqual(['progress: Starting virtual machine', 'progress: Waiting for containerd']);
    expect(seen).toEqual(['0/2 ', '0/2 Starting virtual machine', '0/2 Starting virtual machine: Waiting for ssh', '1/2 Starting virtual machine: Waiting for ssh', '1/2 Waiting for containerd', '2/2 Waiting for containerd']);
  });
});
