import { ipcMain, type WebContents } from 'electron';

import type { RunningCore } from '@pkg/main/app';

import { UI_CHANNEL } from './uiChannel';

/** One UI session per window's web contents, ended when the contents go away. */
export function bridgeUiSessions(core: RunningCore): void {
  const sessions = new Map<number, ReturnType<RunningCore['openUiSession']>>();
  const sessionFor = (contents: WebContents) => {
    let session = sessions.get(contents.id);

    if (!session) {
      session = core.openUiSession((message) => {
        if (!contents.isDestroyed()) {
          contents.send(UI_CHANNEL, message);
        }
      });
      sessions.set(contents.id, session);
      contents.once('destroyed', () => {
        sessions.get(contents.id)?.dispose();
        sessions.delete(contents.id);
      });
    }

    return session;
  };

  ipcMain.on(UI_CHANNEL, (event, message: unknown) => {
    sessionFor(event.sender).handle(message).catch(() => {});
  });
}
