import type { UiMessage } from '@pkg/ipc/uiContract';

import { MessageClient, type MessagePort } from './messageClient';
import { socketProtocols, takeToken } from './webUiToken';

/** What the Electron preload script exposes on window (electron/preload.ts). */
interface ElectronBridge {
  send(message: UiMessage): void;
  onMessage(handler: (message: UiMessage) => void): void;
}

declare global {
  interface Window {
    rdBridge?: ElectronBridge;
  }
}

export interface Connection {
  client: MessageClient;
  /** Called with true each time the core is reachable, false when the link drops. */
  onConnection(listener: (up: boolean) => void): void;
}

/**
 * The renderer's one client: Electron IPC when the preload bridge is there, otherwise a
 * WebSocket back to the page's own origin (headless mode), reconnecting if it drops.
 */
export function connect(): Connection {
  if (window.rdBridge) {
    const bridge = window.rdBridge;

    // Electron IPC is up at once and does not drop while the window lives.
    return { client: new MessageClient({ post: (m) => bridge.send(m), onMessage: (h) => bridge.onMessage(h) }), onConnection: (l) => l(true) };
  }
  const connectionListeners = new Set<(up: boolean) => void>();
  let socket: WebSocket | undefined;
  let handler: (message: UiMessage) => void = () => {};
  const queue: string[] = [];
  const port: MessagePort = {
    post: (m) => {
      const data = JSON.stringify(m);

      if (socket?.readyState === WebSocket.OPEN) {
        socket.send(data);
      } else {
        queue.push(data);
      }
    },
    onMessage: (h) => (handler = h),
  };
  const client = new MessageClient(port);
  const token = takeToken(window.location, window.history, window.sessionStorage);
  const open = (delay: number) => {
    const ws = new WebSocket(`${ location.protocol === 'https:' ? 'wss' : 'ws' }://${ location.host }/ws`, socketProtocols(token));

    socket = ws;
    ws.onopen = () => {
      delay = 250;
      for (const data of queue.splice(0)) {
        ws.send(data);
      }
      connectionListeners.forEach((l) => l(true));
    };
    ws.onmessage = (e) => handler(JSON.parse(String(e.data)) as UiMessage);
    ws.onclose = () => {
      client.failPending('The connection to Rancher Desktop was lost.');
      connectionListeners.forEach((l) => l(false));
      setTimeout(() => open(Math.min(delay * 2, 5000)), delay);
    };
  };

  open(250);

  return { client, onConnection: (l) => connectionListeners.add(l) };
}
