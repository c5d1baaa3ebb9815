import { randomUUID } from 'node:crypto';
import { isJsonObject, isPyFloat, pyFloat, type JsonObject, type JsonValue } from '../../shared/domain/canonical-json';
import { signReceipt } from './receipt-signer';

const num = (v: JsonValue | undefined): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (isPyFloat(v)) return Number.isFinite(v.value) ? v.value : null;
  return null;
};
const firstNum = (...vs: (JsonValue | undefined)[]): number | null => {
  for (const v of vs) {
    const n = num(v);
    if (n !== null) return n;
  }
  return null;
};

export interface ReceiptInput {
  jobId: string;
  provider: string;
  client: string;
  payload: JsonObject;
  constraints: JsonObject;
  result: JsonObject;
  metrics: JsonObject;
  jobAgeS: number;
}

/**
 * Builds and signs a receipt the way the coordinator does (§7.1/§7.2): units/unit_price/price derived from
 * the miner's metrics and result, Python floats kept as floats, signature over canonical_json of the 13 keys.
 */
export function buildSignedReceipt(r: ReceiptInput, seedHex: string, now = Date.now()): JsonObject {
  const m = r.metrics;
  const res = r.result;
  const durMs = firstNum(m.duration_ms, res.duration_ms);
  let units =
    firstNum(m.units, res.units) ??
    (durMs !== null && durMs >= 0 ? durMs / 1000 : null) ??
    firstNum(m.duration_seconds, m.compute_time, res.execution_time, res.duration) ??
    (durMs === null ? r.jobAgeS : 0);
  units = Math.max(0, units);
  const unitType = typeof m.unit_type === 'string' ? m.unit_type : typeof res.unit_type === 'string' ? res.unit_type : 'gpu_seconds';
  const unitPrice = firstNum(m.unit_price, res.unit_price) ?? 0.02;
  const price = firstNum(m.price, res.price, m.aitbc_earned, res.aitbc_earned, m.cost, res.cost) ?? Math.round(units * unitPrice * 1e6) / 1e6;
  const completedAt = Math.floor(now / 1000);
  const metrics: Record<string, JsonValue> = { ...m, duration_ms: Math.trunc(units * 1000) };
  const payload: JsonObject = {
    version: '1.0',
    receipt_id: randomUUID().replace(/-/g, ''),
    job_id: r.jobId,
    provider: r.provider,
    client: r.client,
    status: 'COMPLETED',
    units: pyFloat(units),
    unit_type: unitType,
    unit_price: pyFloat(unitPrice),
    price: pyFloat(price),
    completed_at: completedAt,
    started_at: Math.trunc(completedAt - units),
    metadata: { job_payload: r.payload, job_constraints: r.constraints, result: res, metrics },
  };
  const signature = signReceipt(payload, seedHex);
  return { ...payload, signature, zk_status: 'not_required' };
}

export const asObject = (v: JsonValue | undefined): JsonObject => (isJsonObject(v) ? v : {});
