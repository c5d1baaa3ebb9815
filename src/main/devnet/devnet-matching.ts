import { isJsonObject, isPyFloat, parseJsonLossless, type JsonObject, type JsonValue } from '../../shared/domain/canonical-json';
import { compareDecimals, tryParseDecimal } from '../../shared/domain/decimal';

export interface MinerRow { miner_id: string; capabilities: string; region: string | null; concurrency: number; status: string; inflight: number; last_heartbeat: number; registered_at: string; completed: number; failed: number }

export function minerCaps(m: MinerRow): JsonObject {
  const r = parseJsonLossless(m.capabilities);
  return r.ok && isJsonObject(r.value) ? r.value : {};
}
const numberOf = (v: JsonValue | undefined): number | null => (typeof v === 'number' ? v : isPyFloat(v) ? v.value : null);

/** `_satisfies_constraints` (§4.3) against the miner's registration. */
export function satisfies(m: MinerRow, c: JsonObject): boolean {
  const caps = minerCaps(m);
  if (typeof c.region === 'string' && c.region !== m.region) return false;
  const gpus = Array.isArray(caps.gpus) ? (caps.gpus as JsonValue[]).filter(isJsonObject) : [];
  if (typeof c.gpu === 'string' && !gpus.some((g) => g.name === c.gpu)) return false;
  const vram = numberOf(c.min_vram_gb);
  if (vram !== null && !gpus.some((g) => (numberOf(g.memory_mb) ?? 0) >= vram * 1024)) return false;
  if (typeof c.cuda === 'string' && !String(caps.cuda ?? '').includes(c.cuda)) return false;
  if (Array.isArray(c.models)) {
    const have = new Set(Array.isArray(caps.models) ? (caps.models as JsonValue[]).filter((x): x is string => typeof x === 'string') : []);
    if (!(c.models as JsonValue[]).every((x) => typeof x === 'string' && have.has(x))) return false;
  }
  if (c.max_price !== null && c.max_price !== undefined) {
    const max = tryParseDecimal(isPyFloat(c.max_price) ? c.max_price.value : c.max_price);
    const price = tryParseDecimal(isPyFloat(caps.price) ? caps.price.value : caps.price);
    if (max === null || price === null || compareDecimals(price, max) > 0) return false;
  }
  return true;
}
