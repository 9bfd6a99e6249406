/** The IPC channel carrying the UI contract's messages both ways. */
export const UI_CHANNEL = 'rd-ui';
