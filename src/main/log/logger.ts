/** Structured logger: one JSON line per entry; keys that look secret are redacted. */
export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /token|secret|password|passphrase|private|apikey|api_key|authorization|mnemonic|jwt/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
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
