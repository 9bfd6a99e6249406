import type { StreamHandle, UiClient } from '@pkg/ipc/uiContract';

/**
 * Follows a started stream (pull, build, logs): output to `onText`; resolves at its end,
 * rejects on its error. The core sends a stream's id before its first output, so none is missed.
 */
export function followStream(client: UiClient, started: Promise<StreamHandle>, onText: (text: string) => void): { done: Promise<void>; cancel: () => void } {
  let streamId: string | undefined;
  let finish: (error?: string) => void = () => {};
  const done = new Promise<void>((resolve, reject) => {
    finish = (error) => (error ? reject(new Error(error)) : resolve());
  });
  const offOutput = client.on('stream.output', (e) => {
    if (e.streamId === streamId) {
      onText(e.text);
    }
  });
  const offEnd = client.on('stream.end', (e) => {
    if (e.streamId === streamId) {
      offOutput();
      offEnd();
      finish(e.error);
    }
  });

  started.then((handle) => {
    streamId = handle.streamId;
  }, (error: Error) => {
    offOutput();
    offEnd();
    finish(error.message);
  });

  return {
    done,
    cancel: () => {
      if (streamId) {
        client.request('stream.cancel', streamId).catch(() => {});
      }
    },
  };
}
