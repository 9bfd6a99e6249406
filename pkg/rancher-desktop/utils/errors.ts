/** Codes for errors a user can cause and fix; each maps to one HTTP status. */
export type UserErrorCode = 'invalid-setting' | 'locked' | 'not-found' | 'busy' | 'unsupported' | 'bad-request';

/** An error caused by input; its message says what to do and is shown verbatim. */
export class UserError extends Error {
  constructor(readonly code: UserErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
  }
}

/** Details that help diagnose an environment failure (like RD's FailureDetails). */
export interface FailureDetails {
  lastCommand?: string;
  lastCommandComment?: string;
  lastLogLines: string[];
}

/** A failure of the environment (VM, child process); fatal ones stop the backend. */
export class BackendError extends Error {
  constructor(message: string, readonly fatal = false, readonly details?: FailureDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackendError';
  }
}
