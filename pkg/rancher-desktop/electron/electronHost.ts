import { dialog, Notification } from 'electron';

import type { HostUi } from '@pkg/main/host';

/** The core's way to the screen in the GUI: notifications, and error dialogs unless --no-modal-dialogs. */
export function electronHost(noModalDialogs: () => boolean): HostUi {
  return {
    notify: (title, message) => {
      if (Notification.isSupported()) {
        new Notification({ title, body: message }).show();
      }
    },
    showError: (title, message) => {
      if (noModalDialogs()) {
        process.stderr.write(`${ title }: ${ message }\n`);
      } else {
        dialog.showErrorBox(title, message);
      }
    },
  };
}
