import { z } from 'zod';
import { cliErrorMessage, extractJson } from './cli-json';
import type { OpenClawCli } from './cli-runner';
import { configSetSchema } from './cli-schemas';

export type ConfigValue = { state: 'set'; value: unknown } | { state: 'unset' } | { state: 'error'; message: string };
export type OpResult = { ok: true } | { ok: false; message: string };

const TIMEOUT = 45_000;

/** `openclaw config get <path> --json`; "valid but unset" is a normal answer, not an error. */
export async function configGet(cli: OpenClawCli, path: string): Promise<ConfigValue> {
  const r = await cli.run(['config', 'get', path, '--json'], { timeoutMs: TIMEOUT });
  const json = extractJson(r.stdout);
  if (r.code === 0 && json !== undefined) return { state: 'set', value: json };
  const msg = cliErrorMessage(json) ?? (r.error || r.stderr.trim().split('\n').pop() || `exit ${r.code}`);
  if (/unset/i.test(msg)) return { state: 'unset' };
  return { state: 'error', message: `openclaw config get ${path}: ${msg}` };
}

/**
 * Writes one value the way OpenClaw's docs recommend: `config set … --strict-json --dry-run` first (schema
 * and model-reference checks), then the same without `--dry-run`. Never touches OpenClaw's files directly.
 */
export async function configSet(cli: OpenClawCli, path: string, value: unknown): Promise<OpResult> {
  const json = JSON.stringify(value);
  const dry = await cli.run(['config', 'set', path, json, '--strict-json', '--dry-run', '--json'], { timeoutMs: TIMEOUT });
  const parsed = configSetSchema.safeParse(extractJson(dry.stdout));
  if (dry.code !== 0 || !parsed.success || !parsed.data.ok) {
    const why = parsed.success ? parsed.data.errors?.map((e) => e.message).join('; ') : cliErrorMessage(extractJson(dry.stdout));
    return { ok: false, message: `OpenClaw refused ${path} in its dry run: ${why || dry.error || dry.stderr.trim().slice(-300) || `exit ${dry.code}`}` };
  }
  const real = await cli.run(['config', 'set', path, json, '--strict-json'], { timeoutMs: TIMEOUT });
  if (real.code !== 0) return { ok: false, message: `openclaw config set ${path} failed: ${(real.stderr || real.stdout || real.error || '').trim().slice(-300)}` };
  return { ok: true };
}

/** `openclaw config unset <path>`; already unset counts as done. */
export async function configUnset(cli: OpenClawCli, path: string): Promise<OpResult> {
  const r = await cli.run(['config', 'unset', path], { timeoutMs: TIMEOUT });
  if (r.code === 0) return { ok: true };
  const text = `${r.stdout}\n${r.stderr}`;
  if (/not set|unset|does not exist|not found/i.test(text)) return { ok: true };
  return { ok: false, message: `openclaw config unset ${path} failed: ${text.trim().slice(-300) || r.error}` };
}

/** Default agent id from `agents list --json` (works without a gateway). */
export const agentsListDefaultSchema = z.array(z.looseObject({ id: z.string(), isDefault: z.boolean().optional(), model: z.string().nullable().optional() }));
