/**
 * Exact decimal money: a value is a bigint count of 10^-18 units ("atto"), so sums, comparisons and
 * limits never touch a float. Wire decimals (string or number, as AITBC sends both) parse exactly from
 * their lexeme; results print as canonical decimal strings.
 */

/** Fixed-point scale: 18 decimal places (enough for AIT prices × token counts without rounding). */
export const DECIMALS = 18;
export const SCALE = 10n ** 18n;

/** A decimal amount in 10^-18 units. */
export type Amount = bigint;

export const ZERO: Amount = 0n;

/** Why a decimal failed to parse: the message is shown to a person. */
export class DecimalError extends Error {
  readonly code = 'INVALID_DECIMAL';
  constructor(message: string) {
    super(message);
    this.name = 'DecimalError';
  }
}

const LEXEME = /^([+-])?(\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses "12.5", "0.50000000", "-3", "1e-7", 12.5 exactly. More than 18 decimal places is an error
 * unless `round` is 'truncate' (then digits beyond the scale are dropped toward zero).
 */
export function parseAmount(value: string | number | bigint, opts: { round?: 'error' | 'truncate' } = {}): Amount {
  if (typeof value === 'bigint') return value * SCALE;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DecimalError(`Not a finite number: ${value}`);
    // Number#toString is the shortest lexeme that round-trips: the value the sender meant.
    return parseAmount(String(value), opts);
  }
  const text = value.trim();
  const m = LEXEME.exec(text);
  if (!m || text === '' || (m[2] === undefined && (m[3] === undefined || m[3] === ''))) {
    throw new DecimalError(`Not a decimal number: "${value.slice(0, 40)}"`);
  }
  const negative = m[1] === '-';
  const intPart = m[2] ?? '0';
  let frac = m[3] ?? '';
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 400) throw new DecimalError(`Exponent out of range: "${value.slice(0, 40)}"`);
  // digits = intPart.frac × 10^exp → shift the decimal point.
  let digits = intPart + frac;
  let pointPos = intPart.length + exp;
  if (pointPos < 0) {
    digits = '0'.repeat(-pointPos) + digits;
    pointPos = 0;
  }
  if (pointPos > digits.length) digits = digits + '0'.repeat(pointPos - digits.length);
  const whole = digits.slice(0, pointPos) || '0';
  frac = digits.slice(pointPos);
  if (frac.length > DECIMALS) {
    const extra = frac.slice(DECIMALS);
    if (/[1-9]/.test(extra) && opts.round !== 'truncate') {
      throw new DecimalError(`More than ${DECIMALS} decimal places: "${value.slice(0, 40)}"`);
    }
    frac = frac.slice(0, DECIMALS);
  }
  const units = BigInt(whole) * SCALE + BigInt(frac.padEnd(DECIMALS, '0') || '0');
  return negative ? -units : units;
}

/** Like parseAmount, but returns null instead of throwing. */
export function tryParseAmount(value: unknown): Amount | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  try {
    return parseAmount(value);
  } catch {
    return null;
  }
}

/** True when `value` is a plain decimal string this module can represent (for zod refinements). */
export function isDecimalString(value: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(value) && tryParseAmount(value) !== null;
}

/**
 * Canonical decimal string: no exponent, no trailing zeros ("1.5", "0", "-0.000001"). `dp` rounds
 * half away from zero to that many places and pads to exactly `dp` places (for display).
 */
export function formatAmount(a: Amount, dp?: number): string {
  let v = a;
  if (dp !== undefined) {
    if (!Number.isInteger(dp) || dp < 0 || dp > DECIMALS) throw new DecimalError(`Bad number of decimal places: ${dp}`);
    const unit = 10n ** BigInt(DECIMALS - dp);
    const half = unit / 2n;
    const abs = v < 0n ? -v : v;
    const rounded = ((abs + (dp === DECIMALS ? 0n : half)) / unit) * unit;
    v = v < 0n ? -rounded : rounded;
  }
  const negative = v < 0n;
  const abs = negative ? -v : v;
  const whole = (abs / SCALE).toString();
  let frac = (abs % SCALE).toString().padStart(DECIMALS, '0');
  frac = dp === undefined ? frac.replace(/0+$/, '') : frac.slice(0, dp);
  const body = frac ? `${whole}.${frac}` : whole;
  return negative && abs !== 0n ? `-${body}` : body;
}

/** a × b, truncated toward zero to the scale. */
export function mulAmount(a: Amount, b: Amount): Amount {
  return (a * b) / SCALE;
}

/** a × b, rounded up (away from zero for positives): for worst-case reservations. */
export function mulAmountCeil(a: Amount, b: Amount): Amount {
  const p = a * b;
  const q = p / SCALE;
  return p % SCALE > 0n ? q + 1n : q;
}

/** a × n / d with integer n, d, rounded up for positives (worst-case math, never under-reserves). */
export function mulDivCeil(a: Amount, n: bigint, d: bigint): Amount {
  if (d <= 0n) throw new DecimalError('Division by zero or a negative divisor');
  const p = a * n;
  const q = p / d;
  return p % d > 0n ? q + 1n : q;
}

/** a × n / d with integer n, d, truncated toward zero. */
export function mulDiv(a: Amount, n: bigint, d: bigint): Amount {
  if (d === 0n) throw new DecimalError('Division by zero');
  return (a * n) / d;
}

export function minAmount(a: Amount, b: Amount): Amount {
  return a < b ? a : b;
}

export function maxAmount(a: Amount, b: Amount): Amount {
  return a > b ? a : b;
}

/** Sum of decimal strings, exactly. */
export function sumDecimals(values: readonly string[]): string {
  return formatAmount(values.reduce((acc, v) => acc + parseAmount(v), 0n));
}

/** Compares two decimal strings: -1, 0 or 1. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const x = parseAmount(a);
  const y = parseAmount(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Normalises any wire decimal (string or number) to the canonical string form. */
export function normalizeDecimal(value: string | number): string {
  return formatAmount(parseAmount(value));
}

/**
 * Wire decimal (string or number) → canonical decimal string, or null when it is not one. Used by the
 * AITBC wire schemas (src/main/aitbc/wire-schemas.ts) to turn money fields into exact strings.
 */
export function tryParseDecimal(value: unknown): string | null {
  const a = tryParseAmount(value);
  return a === null ? null : formatAmount(a);
}
