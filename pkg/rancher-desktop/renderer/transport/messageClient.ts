import type { UiArgs, UiClient, UiEventName, UiEvents, UiMessage, UiRequestName, UiResult } from '@pkg/ipc/uiContract';

/** A way to exchange contract messages with the core (Electron IPC or a WebSocket). */
export interface MessagePort {
  post(message: UiMessage): void;
  /** Registers the one handler for incoming messages. */
  onMessage(handler: (message: UiMessage) => void): void;
}

/** Turns a message port into the typed client: request ids, pending replies, event listeners. */
export class MessageClient implements UiClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  constructor(private readonly port: MessagePort) {
    port.onMessage((message) => this.receive(message));
  }

  request<N extends UiRequestName>(name: N, ...args: UiArgs<N>): Promise<UiResult<N>> {
    const id = this.nextId++;

    return new Promise<UiResult<N>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      try {
        this.port.post({ type: 'request', id, name, args });
      } catch (e) {
        this.pending.delete(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  on<E extends UiEventName>(name: E, listener: (payload: UiEvents[E]) => void): () => void {
    const set = this.listeners.get(name) ?? new Set();

    this.listeners.set(name, set);
    set.add(listener as (payload: unknown) => void);

    return () => set.delete(listener as (payload: unknown) => void);
  }

  /** Fails every request still waiting (the connection dropped). */
  failPending(reason: string): void {
    for (const { reject } of this.pending.values()) {
      reject(new Error(reason));
    }
    this.pending.clear();
  }

  private dispatch(name: string, payload: unknown): void {
    for (const listener of [...(this.listeners.get(name) ?? [])]) {
      listener(payload);
    }
  }

  private receive(message: UiMessage): void {
    if (message.type === 'event') {
      this.dispatch(message.name, message.payload);
    } else if (message.type === 'reply') {
      const waiting = this.pending.get(message.id);

      this.pending.delete(message.id);
      if (message.ok) {
        waiting?.resolve(message.result);
      } else {
        waiting?.reject(new Error(message.error));
      }
    }
  }
}
