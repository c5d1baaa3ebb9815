import { poseidon4 } from 'poseidon-lite';
import { sha256, stringToBytes } from 'viem';
import { isJsonObject, isPyFloat, pythonFloatRepr, type JsonObject, type JsonValue } from './canonical-json';

/** The four field elements of AITBC's `receipt_public` circuit and their Poseidon hash (reference §8.2). */
export type ReceiptFieldsResult =
  | { ok: true; fields: [string, string, string, string]; receiptHash: string }
  | { ok: false; reason: string };

// Pure (no node:crypto): both the devnet's prover and the proofs verifier compute these exact fields.
const sha256Hex = (s: string): string => sha256(stringToBytes(s)).slice(2);

/** Python `str(v)` for the scalar types a receipt carries; null for dicts/lists (Python repr not emulated). */
export function pythonStr(v: JsonValue): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v).toString() : pythonFloatRepr(v);
  if (isPyFloat(v)) return pythonFloatRepr(v.value);
  if (v === null || v === undefined) return 'None';
  return null;
}

/** F(parts…) of §8.2: str() of the non-null parts joined, "0" if empty, first 128 bits of sha256. */
export function fieldOf(...parts: string[]): bigint {
  const joined = parts.join('') || '0';
  return BigInt(`0x${sha256Hex(joined).slice(0, 32)}`);
}

function truthy(v: JsonValue): boolean {
  if (v === null || v === undefined || v === false || v === '' || v === 0 || v === 0n) return false;
  if (isPyFloat(v)) return v.value !== 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isJsonObject(v)) return Object.keys(v).length > 0;
  return true;
}

/** Python `int(units * 1_000_000)` printed as digits (IEEE multiply then truncation for floats). */
function microUnits(units: JsonValue): string | null {
  if (typeof units === 'bigint') return (units * 1_000_000n).toString();
  if (typeof units === 'number' && Number.isInteger(units)) return (BigInt(units) * 1_000_000n).toString();
  const f = isPyFloat(units) ? units.value : typeof units === 'number' ? units : null;
  if (f === null || !Number.isFinite(f)) return null;
  return BigInt(Math.trunc(f * 1e6)).toString();
}

/** Recomputes `receipt[0..3]` and `receiptHash` from a signed receipt exactly as the coordinator's `_prepare_inputs`. */
export function receiptFieldElements(receipt: JsonObject): ReceiptFieldsResult {
  const parts: string[] = [];
  for (const key of ['job_id', 'receipt_id'] as const) {
    const v = receipt[key];
    if (v === null || v === undefined) continue;
    const s = pythonStr(v);
    if (s === null) return { ok: false, reason: `${key} is not a scalar` };
    parts.push(s);
  }
  const r0 = fieldOf(...parts);
  const provider = receipt.provider;
  const providerStr = provider === null || provider === undefined ? '' : pythonStr(provider);
  if (providerStr === null) return { ok: false, reason: 'provider is not a scalar' };
  const r1 = fieldOf(providerStr);

  const metadata = receipt.metadata;
  const result = isJsonObject(metadata) ? metadata.result : undefined;
  let v: JsonValue = '';
  if (isJsonObject(result)) {
    for (const key of ['output', 'result', 'output_hash']) {
      if (truthy(result[key])) {
        v = result[key];
        break;
      }
    }
  } else if (result !== null && result !== undefined) {
    return { ok: false, reason: 'metadata.result is not an object' };
  }
  const vStr = pythonStr(v);
  if (vStr === null) return { ok: false, reason: 'the result output is a dict or list (Python repr not emulated): cannot recompute' };
  const r2 = fieldOf(sha256Hex(vStr));

  const micro = microUnits(receipt.units ?? 0);
  if (micro === null) return { ok: false, reason: 'units is not a finite number' };
  const r3 = fieldOf(micro);
  const fields: [string, string, string, string] = [r0.toString(), r1.toString(), r2.toString(), r3.toString()];
  return { ok: true, fields, receiptHash: poseidon4([r0, r1, r2, r3]).toString() };
}

/** poseidon4 over decimal field elements, as the circuit computes its public signal. */
export function poseidonOfFields(fields: readonly string[]): string | null {
  if (fields.length !== 4 || !fields.every((f) => /^\d{1,80}$/.test(f))) return null;
  return poseidon4(fields.map((f) => BigInt(f))).toString();
}
