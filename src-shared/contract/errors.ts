// Errors crossing the contract. Handlers throw AppError; dispatch turns anything thrown into a Result,
// so a transport never leaks a stack trace (or a secret inside one) to the renderer.

export type ErrorCode =
  | 'INVALID_INPUT' // the call's input failed validation; `details` names the field
  | 'NOT_FOUND'
  | 'BAD_CSV' // an imported file cannot be read as a table; message names row/column
  | 'MAPPING_INVALID' // a row cannot be turned into a request; message names row and field
  | 'CREDENTIALS' // keychain missing, locked, or secret absent
  | 'CONFLICT' // e.g. job already running, or another process owns the database
  | 'NETWORK' // the LMS could not be reached
  | 'UNKNOWN_METHOD'
  | 'INTERNAL';

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  /** Where the problem is: a field path, a row number (as a spreadsheet shows it: header = row 1), a column. */
  details?: {
    field?: string;
    row?: number;
    column?: string;
    issues?: { path: string; message: string }[];
    /** With `field: 'confirm'`: the phrase that confirms the destructive operation. */
    phrase?: string;
  };
}

export class AppError extends Error implements AppErrorShape {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: AppErrorShape['details'],
  ) {
    super(message);
    this.name = 'AppError';
  }
  toJSON(): AppErrorShape {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (error: AppErrorShape): Result<never> => ({ ok: false, error });
