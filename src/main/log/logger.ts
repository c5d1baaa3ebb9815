/** Structured logger: one JSON line per entry; keys that look secret are redacted. */
export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
/** Names that are secret wherever they appear in a key ("sessionToken", "x-api-key", "Set-Cookie", "signingSeedHex"). */
const SECRET_PART = /token|secret|passw(or)?d|passphrase|private|api[-_]?key|authorization|mnemonic|jwt|seed|cookie|signature|credential/i;
/** The word "key" on its own, as a whole key or its last word ("key", "minerKey", "wallet_key", "key-pem"), not "keyId". */
const KEY_WORD = /^keys?$|^keys?[-_.](?!ids?$|prefix$|count$)|[-_.]keys?$/i;
const KEY_CAMEL = /[a-z0-9]Keys?$|^keys?(?=[A-Z])(?!Ids?$|Prefix$|Count$)/;
const MAX_DEPTH = 6;

/** Whether a field name looks like it holds a secret (its value is then never written). */
export function isSecretKey(name: string): boolean {
  return SECRET_PART.test(name) || KEY_WORD.test(name) || KEY_CAMEL.test(name);
}

/** A copy of `value` with every secret-looking field replaced; anything nested deeper than we look is dropped, not leaked. */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return '[truncated]';
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = isSecretKey(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

export function createLogger(opts: { level?: Level; write?: (line: string) => void } = {}): Logger {
  const min = order[opts.level ?? ((process.env.CLAWGRID_LOG_LEVEL as Level | undefined) ?? 'info')] ?? order.info;
  const write = opts.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const emit = (level: Level, event: string, fields?: Record<string, unknown>) => {
    if (order[level] < min) return;
    write(JSON.stringify({ t: new Date().toISOString(), level, event, ...(fields ? (redact(fields) as object) : {}) }));
  };
  return {
    debug: (e, f) => emit('debug', e, f),
    info: (e, f) => emit('info', e, f),
    warn: (e, f) => emit('warn', e, f),
    error: (e, f) => emit('error', e, f),
  };
}

/** A logger that drops everything: for tests and benchmarks. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
