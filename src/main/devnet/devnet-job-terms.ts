import type { JsonObject, JsonValue } from '../../shared/domain/canonical-json';
import { compareDecimals, formatAmount, parseAmount, tryParseDecimal } from '../../shared/domain/decimal';

// What a job submission's body becomes on the devnet, as the coordinator's job model stores it (aitbc.md §5):
// every constraint key present with its default, and (c27c654 wire) the escrow a priced job locks at once.

const CONSTRAINT_KEYS = ['gpu', 'cuda', 'min_vram_gb', 'models', 'region', 'max_price', 'zk_proof_required', 'tee_attestation_required', 'tee_enclave_id', 'min_reputation', 'auto_reinvest_pct', 'bond_required', 'min_bond_amount', 'confidential', 'required_enclave_measurement', 'acceptance_window_seconds'] as const;
const CURRENCIES = new Set(['AITBC', 'BTC', 'ETH', 'USDT']);

/** A job submission as the routes parsed it. */
export interface CreateJobBody {
  payload: JsonObject; constraints: JsonObject; ttl_seconds: number; payment_amount: string | number | null; payment_currency: string; buyer_address: string | null; provider_address: string | null;
  /** v0.25 only (a c27c654 coordinator ignores them): offer binding and the one-step buyer lock. */
  offer_id?: string | null; offer_quantity?: string | null; buyer_lock_signature?: string | null; buyer_lock_nonce?: number | null; buyer_lock_fee?: number | null;
}

/** Every known constraint with its default (flags false, the rest null), max_price as a decimal string. */
export function normalizeConstraints(given: JsonObject, v025: boolean): Record<string, JsonValue> {
  const constraints: Record<string, JsonValue> = {};
  for (const k of CONSTRAINT_KEYS) constraints[k] = (given[k] ?? (k.endsWith('_required') || k === 'confidential' ? false : null)) as JsonValue;
  if (constraints.max_price !== null) constraints.max_price = tryParseDecimal(constraints.max_price);
  if (!v025) delete constraints.acceptance_window_seconds; // a v0.25 field
  return constraints;
}

export interface EscrowTerms {
  amount: string;
  buyer: string;
  provider: string | null;
}

/** c27c654: the escrow a job's payment locks at submission; 'skipped' for an amount or currency it refuses, null for none. */
export function c27c654Escrow(body: CreateJobBody, clientAddress: string): EscrowTerms | 'skipped' | null {
  if (body.payment_amount === null || body.payment_amount === undefined) return null;
  const amount = tryParseDecimal(body.payment_amount);
  const currency = body.payment_currency.toUpperCase();
  if (amount === null || !CURRENCIES.has(currency) || compareDecimals(amount, '0.01') < 0 || compareDecimals(amount, '1000000') > 0) return 'skipped';
  return { amount: formatAmount(parseAmount(amount), 8).replace(/\.?0+$/, ''), buyer: body.buyer_address ?? clientAddress, provider: body.provider_address };
}
