import type { z } from 'zod';
import type { CliResult } from './cli-runner';

/** A CLI output parsed and validated, or why not (a value, never thrown). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Extracts the JSON document from a CLI's stdout (OpenClaw prints a JSON document, sometimes after
 * plain log lines) and validates it. `{ok:false,error:{message}}` answers become their message.
 */
export function parseCliJson<S extends z.ZodType>(result: CliResult, schema: S): Parsed<z.output<S>> {
  if (result.code === null) return { ok: false, message: `${result.commandLine} could not run: ${result.error ?? 'unknown error'}` };
  const json = extractJson(result.stdout);
  if (json === undefined) {
    const tail = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ').slice(0, 400);
    return { ok: false, message: `${result.commandLine} exited ${result.code}${result.timedOut ? ' (timed out)' : ''} without JSON${tail ? `: ${tail}` : ''}` };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const err = cliErrorMessage(json);
  if (err) return { ok: false, message: err };
  return { ok: false, message: `${result.commandLine} printed JSON ClawGrid does not understand: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
}

/** The message of OpenClaw's `{ok:false,error:{message}}` shape, if that is what this is. */
export function cliErrorMessage(json: unknown): string | null {
  if (json && typeof json === 'object' && 'error' in json) {
    const e = (json as { error: unknown }).error;
    if (e && typeof e === 'object' && 'message' in e && typeof (e as { message: unknown }).message === 'string') return (e as { message: string }).message;
  }
  return null;
}

/** The first top-level JSON object or array in the text, or undefined. */
export function extractJson(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    /* fall through: log lines around the document */
  }
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i];
    if ((c === '{' || c === '[') && (i === 0 || trimmed[i - 1] === '\n')) {
      try {
        return JSON.parse(trimmed.slice(i));
      } catch {
        /* try the next candidate */
      }
    }
  }
  return undefined;
}
