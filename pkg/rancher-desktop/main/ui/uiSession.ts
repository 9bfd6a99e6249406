import type { Settings } from '@pkg/config/settingsTypes';
import type { UiEventName, UiEvents, UiMessage, UiRequestName } from '@pkg/ipc/uiContract';
import { parseRequest } from '@pkg/ipc/uiContract';
import type { Disposable } from '@pkg/utils/disposable';
import { UserError } from '@pkg/utils/errors';
import type { Logger } from '@pkg/utils/logger';

import type { CoreServices } from '../coreServices';
import type { DiagnosticsRunner } from '../diagnostics/diagnosticsRunner';

import { backendSnapshot } from './backendSnapshot';
import { coreHandlers } from './coreHandlers';
import { engineHandlers } from './engineHandlers';
import { StreamRegistry } from './streamRegistry';
import type { UiContext } from './uiContext';

type AnyHandler = (ctx: UiContext, ...args: unknown[]) => Promise<unknown>;

const handlers = { ...coreHandlers, ...engineHandlers } as unknown as Record<UiRequestName, AnyHandler>;

export interface UiSessionOptions {
  services: CoreServices;
  diagnostics: DiagnosticsRunner;
  about: UiContext['about'];
  logger: Logger;
  /** Sends one message to this connection's renderer. */
  send(message: UiMessage): void;
}

/**
 * One renderer connection (an Electron window or a browser tab): answers its requests,
 * pushes backend and settings changes to it, and owns its streams.
 */
export class UiSession {
  private readonly ctx: UiContext;
  private readonly subscriptions: Disposable[];

  constructor(private readonly options: UiSessionOptions) {
    const { services } = options;
    const pushBackend = () => this.emit('backend.changed', backendSnapshot(services.backend));

    this.ctx = {
      services,
      diagnostics: options.diagnostics,
      about: options.about,
      streams: new StreamRegistry({
        output: (streamId, text) => this.emit('stream.output', { streamId, text }),
        end: (streamId, error) => this.emit('stream.end', { streamId, ...(error ? { error } : {}) }),
      }),
    };
    this.subscriptions = [
      services.backend.onDidChangeState(pushBackend),
      services.backend.onDidChangeProgress(pushBackend),
      services.settings.onDidChange((s: Settings) => this.emit('settings.changed', s)),
      services.kubernetes.onDidChangeServices((list) => this.emit('portForwarding.changed', list)),
    ];
  }

  /** Handles one incoming message; malformed ones are answered with an error when they have an id. */
  async handle(data: unknown): Promise<void> {
    const request = parseRequest(data);

    if (!request) {
      const id = (data as { id?: unknown } | null)?.id;

      if (Number.isInteger(id)) {
        this.options.send({ type: 'reply', id: id as number, ok: false, error: 'malformed or unknown request' });
      }

      return;
    }
    try {
      const result = await handlers[request.name](this.ctx, ...request.args);

      this.options.send({ type: 'reply', id: request.id, ok: true, result: result ?? null });
    } catch (error) {
      if (!(error instanceof UserError)) {
        this.options.logger.error(`UI request ${ request.name } failed`, error);
      }
      this.options.send({ type: 'reply', id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }

  dispose(): void {
    this.ctx.streams.disposeAll();
    for (const s of this.subscriptions) {
      s.dispose();
    }
  }

  private emit<E extends UiEventName>(name: E, payload: UiEvents[E]): void {
    this.options.send({ type: 'event', name, payload });
  }
}
