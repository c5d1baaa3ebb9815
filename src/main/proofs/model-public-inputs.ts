import { poseidon2, poseidon4 } from 'poseidon-lite';
import { isJsonObject, type JsonObject } from '../../shared/domain/canonical-json';
import { fieldOf, pythonStr } from '../../shared/domain/receipt-field-elements';

/**
 * The public signals of AITBC's v0.25 `receipt_model` circuit recomputed from a receipt, as the coordinator's
 * model registry derives them (aitbc-v0.25.md §1 E; contexts/zk_applications/services/model_registry.py):
 * [input_hash, model_hash, output_hash, model_id], all from the job's PROMPT and the registered toy model.
 * The miner's output is not an input: a matching proof says nothing about what an LLM answered.
 */

/** bn128 base-field prime the registry reduces by (as written in model_registry.py). */
const BN128_FQ = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

/** A registered circuit model: out[i] = in[i]·weight + bias over 4 field elements. */
interface RegisteredModel {
  name: string;
  modelId: number;
  inputLen: number;
  weight: bigint;
  bias: bigint;
}

/** float_to_field: round(value · 1e6) mod p. */
const floatToField = (v: number): bigint => BigInt(Math.round(v * 1_000_000)) % BN128_FQ;

/** The registry holds exactly one model at v0.25: "linear-1" (model_id 0, weight 2.0, bias 1.0). */
export const REGISTERED_MODELS: readonly RegisteredModel[] = [{ name: 'linear-1', modelId: 0, inputLen: 4, weight: floatToField(2.0), bias: floatToField(1.0) }];

/** get_model: by name or by the numeric model_id as a string. */
export function registeredModel(idOrName: string): RegisteredModel | null {
  return REGISTERED_MODELS.find((m) => m.name === idOrName) ?? REGISTERED_MODELS.find((m) => String(m.modelId) === idOrName) ?? null;
}

/** text_to_field_array: n chunks of the text (Python slices by code point), each hashed to a field element. */
export function textToFieldArray(text: string, n: number): bigint[] {
  const cps = Array.from(text);
  const size = Math.max(1, Math.floor(cps.length / n) + 1);
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) {
    const chunk = cps.slice(i * size, (i + 1) * size).join('');
    out.push(fieldOf(chunk === '' ? `pad-${i}` : chunk));
  }
  return out;
}

/** Outcome of recomputing the four signals. */
export type ModelSignalsResult = { ok: true; model: string; signals: [string, string, string, string] } | { ok: false; reason: string };

/** resolve_model_id (payload.model, payload.model_id, constraints.models[0], constraints.model, result.model, result.model_id). */
function resolveModelName(receipt: JsonObject): string | null {
  const meta = isJsonObject(receipt.metadata) ? receipt.metadata : null;
  const payload = meta && isJsonObject(meta.job_payload) ? meta.job_payload : null;
  const constraints = meta && isJsonObject(meta.job_constraints) ? meta.job_constraints : null;
  const result = meta && isJsonObject(meta.result) ? meta.result : null;
  const candidates = [
    payload?.model,
    payload?.model_id,
    constraints && Array.isArray(constraints.models) ? constraints.models[0] : undefined,
    constraints?.model,
    result?.model,
    result?.model_id,
  ];
  for (const c of candidates) {
    if (c === undefined || c === null || c === '' || c === false) continue;
    const s = pythonStr(c);
    if (s !== null) return s;
  }
  return null;
}

/** The signals a genuine receipt_model proof of this receipt must carry, or why they cannot be recomputed. */
export function expectedModelSignals(receipt: JsonObject): ModelSignalsResult {
  const name = resolveModelName(receipt);
  if (name === null) return { ok: false, reason: 'The receipt names no model.' };
  const model = registeredModel(name);
  if (!model) return { ok: false, reason: `The receipt's model ${JSON.stringify(name)} is not a registered receipt_model circuit model (only linear-1 is).` };
  const meta = isJsonObject(receipt.metadata) ? receipt.metadata : null;
  const payload = meta && isJsonObject(meta.job_payload) ? meta.job_payload : null;
  // payload.get("prompt", payload.get("input", "")), then str().
  const raw = payload ? (payload.prompt !== undefined ? payload.prompt : payload.input !== undefined ? payload.input : '') : '';
  const text = pythonStr(raw);
  if (text === null) return { ok: false, reason: 'The job prompt is not a scalar: its Python str() is not reproduced.' };
  const inputs = textToFieldArray(text, model.inputLen);
  const outputs = inputs.map((v) => (v * model.weight + model.bias) % BN128_FQ);
  return {
    ok: true,
    model: model.name,
    signals: [poseidon4(inputs).toString(), poseidon2([model.weight, model.bias]).toString(), poseidon4(outputs).toString(), String(model.modelId)],
  };
}
