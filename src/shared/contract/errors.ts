import { z } from 'zod';

/** Error codes every transport can return; the user sees `message`, logs get `code`. */
export const errorCodeSchema = z.enum([
  'UNKNOWN_CALL',
  'INVALID_INPUT',
  'INVALID_OUTPUT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'UNAVAILABLE',
  'TRANSPORT',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** An error as a value: what crosses every boundary instead of a thrown exception. */
export const appErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  /** Field-level details for INVALID_INPUT (path → message). */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type AppError = z.infer<typeof appErrorSchema>;

/** Thrown inside main by services; the router turns it into an AppError value. */
export class ContractError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: AppError['issues'],
  ) {
    super(message);
    this.name = 'ContractError';
  }

  toValue(): AppError {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

/** Turns zod issues into the compact, user-readable form used in AppError. */
export function issuesFromZod(error: z.ZodError): NonNullable<AppError['issues']> {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
}
