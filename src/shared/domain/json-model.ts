/** The lossless JSON data model shared by the parser and the Python-compatible renderer (see canonical-json.ts). */

/** A value Python would hold as `float`; keeps `12.0` distinct from the int `12`. */
export class PyFloat {
  readonly kind = 'float' as const;
  constructor(readonly value: number) {}
  toJSON(): number {
    return this.value;
  }
}

/** Marks a JS number as a Python float (builders of receipts use this for `units`, `price`, …). */
export function pyFloat(value: number): PyFloat {
  return new PyFloat(value);
}

/** A JSON value with Python's int/float distinction preserved. */
export type JsonValue =
  | null
  | undefined
  | boolean
  | string
  | number
  | bigint
  | PyFloat
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** A JSON object in the lossless model. */
export type JsonObject = { readonly [key: string]: JsonValue };

/** Why a text is not JSON; `offset` is the UTF-16 index where parsing stopped. */
export interface JsonParseError {
  code: 'INVALID_JSON';
  message: string;
  offset: number;
}

/** The outcome of a lossless parse, as a value. */
export type JsonParseResult = { ok: true; value: JsonValue } | { ok: false; error: JsonParseError };

export function isPyFloat(value: unknown): value is PyFloat {
  return value instanceof PyFloat;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof PyFloat);
}


/** Converts the lossless model to plain JSON-able data for display (floats → number, big ints → string). */
export function toPlainJson(value: JsonValue): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof PyFloat) return Number.isFinite(value.value) ? value.value : String(value.value);
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (isJsonObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) Object.defineProperty(out, k, { value: toPlainJson(value[k]), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}
