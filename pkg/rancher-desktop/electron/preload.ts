// The renderer's only door to the core: contract messages over one IPC channel. Runs
// sandboxed with context isolation; the page sees window.rdBridge and nothing of Node.
import { contextBridge, ipcRenderer } from 'electron';

import type { UiMessage } from '@pkg/ipc/uiContract';

import { UI_CHANNEL } from './uiChannel';

contextBridge.exposeInMainWorld('rdBridge', {
  send: (message: UiMessage) => ipcRenderer.send(UI_CHANNEL, message),
  onMessage: (handler: (message: UiMessage) => void) => {
    ipcRenderer.on(UI_CHANNEL, (_event, message: UiMessage) => handler(message));
  },
});
