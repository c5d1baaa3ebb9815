import { ContractError, type AppError, type ErrorCode } from '../../shared/contract/errors';

/** How every failed call reaches the UI: the contract's AppError as a throwable, `message` shown to the user. */
export class CallError extends Error {
  readonly code: ErrorCode;
  readonly issues: AppError['issues'];

  constructor(error: AppError) {
    super(error.message);
    this.name = 'CallError';
    this.code = error.code;
    this.issues = error.issues;
  }

  toValue(): AppError {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

/** Normalises anything thrown on the way (contract validation, IPC failure, bugs) into a CallError. */
export function toCallError(err: unknown, fallback: ErrorCode = 'TRANSPORT'): CallError {
  if (err instanceof CallError) return err;
  if (err instanceof ContractError) return new CallError(err.toValue());
  const message = err instanceof Error ? err.message : String(err);
  return new CallError({ code: fallback, message });
}
