/**
 * How the core reaches the user's screen. Each shell implements it (Electron: dialogs and
 * notifications; headless: the terminal and the log); backend and config code never do.
 */
export interface HostUi {
  /** A message the user should see but need not act on now. */
  notify(title: string, message: string): void;
  /** A failure the user must know about; in the GUI a dialog unless noModalDialogs. */
  showError(title: string, message: string): void;
}
