/**
 * Python-compatible JSON for signed AITBC receipts (reference aitbc.md §7.3).
 *
 * Data model (what `parseJsonLossless` returns and what `canonicalJson` / `pythonJsonDumps` accept):
 * - int: a JS `number` that `Number.isInteger`, or a `bigint` (the parser returns `bigint` only beyond
 *   ±2^53, so everyday ints stay plain numbers). Rendered as decimal digits, like Python `int`.
 * - float: a `PyFloat` (the parser returns one for every lexeme containing `.`, `e` or `E`), or a JS `number`
 *   that is not an integer. Builders mark integral floats with `pyFloat(12)` → `12.0`.
 *   Floats are re-rendered from the IEEE double's VALUE with Python's `repr(float)` (shortest round-trip
 *   digits, fixed notation with a fractional part for exponents -4..15, else `1e-05` / `1e+16`), never from
 *   the wire lexeme: the wire does not reliably carry Python's lexeme (§7.3 rule 8).
 * - null / undefined: dropped recursively by `canonicalJson` (object members AND array elements).
 * Pure: no node imports (used by main, the devnet and tests alike).
 */
import { PyFloat, type JsonObject, type JsonValue } from './json-model';

// The model and the parser live in their own files; re-exported here so a receipt's code needs one import.
export { isJsonObject, isPyFloat, PyFloat, pyFloat, toPlainJson, type JsonObject, type JsonParseError, type JsonParseResult, type JsonValue } from './json-model';
export { parseJsonLossless } from './lossless-json-parse';

// ---------------------------------------------------------------- rendering

/** Python `repr(float)`: shortest round-trip digits; fixed for decimal exponents -4..15, else `d.ddde±XX`. */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  const [mant = '', expText = '0'] = Math.abs(value).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expText);
  if (exp >= -4 && exp < 16) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const intPart = digits.length > exp + 1 ? digits.slice(0, exp + 1) : digits.padEnd(exp + 1, '0');
    const frac = digits.length > exp + 1 ? digits.slice(exp + 1) : '0';
    return `${sign}${intPart}.${frac}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const absExp = String(Math.abs(exp)).padStart(2, '0');
  return `${sign}${m}e${exp < 0 ? '-' : '+'}${absExp}`;
}

const SHORT_ESCAPES: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x08: '\\b', 0x0c: '\\f', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t' };

/** Python `json` string encoding; `ensureAscii` escapes every UTF-16 unit ≥ U+007F as `\uxxxx` (lowercase). */
export function pythonJsonString(s: string, ensureAscii = true): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && (c < 0x7f || !ensureAscii)) continue;
    out += s.slice(start, i);
    out += SHORT_ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, '0')}`;
    start = i + 1;
  }
  return `${out}${s.slice(start)}"`;
}

/** Orders strings by Unicode code point (Python `sorted` on str), not by UTF-16 unit like `Array#sort`. */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  for (;;) {
    if (i >= a.length || i >= b.length) return (a.length - i) - (b.length - i);
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y && (x < 0xd800 || x > 0xdbff)) {
      i++;
      continue;
    }
    // Surrogates: compare whole code points (a pair is one code point above 0xFFFF; a lone surrogate is itself).
    const cx = a.codePointAt(i) ?? x;
    const cy = b.codePointAt(i) ?? y;
    if (cx !== cy) return cx - cy;
    i += cx > 0xffff ? 2 : 1;
  }
}

/** Options mirroring Python `json.dumps` (separators are always compact `,` and `:`). */
export interface PythonDumpsOptions {
  sortKeys?: boolean;
  ensureAscii?: boolean;
  /** Drop null/undefined object members and array elements recursively (AITBC's canonical_json step). */
  dropNulls?: boolean;
}

function renderNumber(n: number): string {
  if (Number.isInteger(n)) return Number.isSafeInteger(n) ? String(n === 0 ? 0 : n) : BigInt(n).toString();
  return pythonFloatRepr(n);
}

/** Python `json.dumps(value, separators=(",", ":"), …)` over the lossless model. */
export function pythonJsonDumps(value: JsonValue, options: PythonDumpsOptions = {}): string {
  const { sortKeys = false, ensureAscii = true, dropNulls = false } = options;
  const render = (v: JsonValue): string => {
    if (v === null || v === undefined) return 'null';
    switch (typeof v) {
      case 'boolean': return v ? 'true' : 'false';
      case 'string': return pythonJsonString(v, ensureAscii);
      case 'number': return renderNumber(v);
      case 'bigint': return v.toString();
    }
    if (v instanceof PyFloat) return pythonFloatRepr(v.value);
    if (Array.isArray(v)) {
      const items = dropNulls ? v.filter((x: JsonValue) => x !== null && x !== undefined) : v;
      return `[${items.map(render).join(',')}]`;
    }
    const obj = v as JsonObject;
    let keys = Object.keys(obj);
    if (dropNulls) keys = keys.filter((k) => obj[k] !== null && obj[k] !== undefined);
    else keys = keys.filter((k) => obj[k] !== undefined);
    if (sortKeys) keys.sort(compareCodePoints);
    return `{${keys.map((k) => `${pythonJsonString(k, ensureAscii)}:${render(obj[k])}`).join(',')}}`;
  };
  return render(value);
}

/**
 * AITBC `canonical_json`: nulls removed recursively (also from arrays), then
 * `json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=True)`.
 */
export function canonicalJson(value: JsonValue): string {
  return pythonJsonDumps(value, { sortKeys: true, ensureAscii: true, dropNulls: true });
}

/** A flat record's keys in canonical order, for `canonicalFlatJson` (sorted once, not per call). */
export function canonicalKeyOrder(keys: readonly string[]): readonly string[] {
  return [...keys].sort(compareCodePoints);
}

/**
 * `canonicalJson` of a flat object whose members are strings, safe integers or null, with its keys given in
 * canonical order (`canonicalKeyOrder`): the same bytes, without the generic walk (no key listing, sorting or
 * closures per call). The proof chain renders two such objects per link on every request.
 */
export function canonicalFlatJson(obj: Readonly<Record<string, string | number | null | undefined>>, orderedKeys: readonly string[]): string {
  let out = '{';
  for (const k of orderedKeys) {
    const v = obj[k];
    if (v === null || v === undefined) continue;
    if (out.length > 1) out += ',';
    out += pythonJsonString(k, true) + ':' + (typeof v === 'string' ? pythonJsonString(v, true) : renderNumber(v));
  }
  return out + '}';
}
