import { formatAmount, mulDivCeil, parseAmount, type Amount } from './decimal';

/**
 * Budget math for paid network requests: the worst-case cost to reserve, and whether it fits every
 * applicable limit. Pure; the ledger (src/main/wallet/) applies it inside one SQLite transaction.
 */

/** AITBC escrow charges the buyer payment × 1.025 (aitbc.md §9.3): 2.5 % platform fee, in per-mille. */
export const PLATFORM_FEE_PER_MILLE = 25n;

/** 1 AIT = 3600 on-chain compute-seconds (aitbc.md §3). */
export const COMPUTE_SECONDS_PER_AIT = 3600n;

export interface Cost {
  /** What is escrowed for the job (the worst case: max tokens × price). */
  payment: Amount;
  /** The platform fee on top of the payment. */
  fee: Amount;
  /** payment + fee: what the budget must hold. */
  total: Amount;
}

/** Worst case for `maxTokens` at `pricePer1kTokens`, rounded up so it never under-reserves. */
export function worstCaseCost(pricePer1kTokens: Amount, maxTokens: number): Cost {
  if (!Number.isSafeInteger(maxTokens) || maxTokens < 0) throw new Error(`Invalid token count: ${maxTokens}`);
  const payment = mulDivCeil(pricePer1kTokens, BigInt(maxTokens), 1000n);
  return costOf(payment);
}

/** The cost of a known payment (fee included). */
export function costOf(payment: Amount): Cost {
  const fee = payment > 0n ? mulDivCeil(payment, PLATFORM_FEE_PER_MILLE, 1000n) : 0n;
  return { payment, fee, total: payment + fee };
}

/** AIT → integer compute-seconds, truncating like the chain does (`int(Decimal(ait) * 3600)`). */
export function aitToComputeSeconds(ait: Amount): bigint {
  return (ait * COMPUTE_SECONDS_PER_AIT) / 10n ** 18n;
}

/** Compute-seconds → AIT decimal string, exact up to 18 places (1 cs = 0.000277… AIT, truncated). */
export function computeSecondsToAit(cs: bigint): string {
  return formatAmount((cs * 10n ** 18n) / COMPUTE_SECONDS_PER_AIT);
}

/** One limit a request counts against (agent budget, a model cap, the wallet-wide limit). */
export interface ScopeUsage {
  scope: string;
  /** Shown to the person and to OpenClaw: "agent default daily budget". */
  label: string;
  /** Hard limit; null = none. */
  limit: Amount | null;
  /** Soft limit (alert); null = none. */
  soft: Amount | null;
  reserved: Amount;
  spent: Amount;
}

/** What is left under a limit: limit − reserved − spent, never below zero; null when unlimited. */
export function available(u: Pick<ScopeUsage, 'limit' | 'reserved' | 'spent'>): Amount | null {
  if (u.limit === null) return null;
  const left = u.limit - u.reserved - u.spent;
  return left > 0n ? left : 0n;
}

export type LimitCheck =
  | { ok: true; /** Scopes whose soft limit this request crosses. */ softCrossed: string[] }
  | { ok: false; scope: string; message: string };

/** Does `amount` fit under every hard limit? Reports the first that it does not, by name and numbers. */
export function checkLimits(scopes: readonly ScopeUsage[], amount: Amount): LimitCheck {
  const softCrossed: string[] = [];
  for (const s of scopes) {
    const used = s.reserved + s.spent;
    if (s.limit !== null && used + amount > s.limit) {
      return {
        ok: false,
        scope: s.scope,
        message:
          `Budget exhausted: ${s.label} is ${formatAmount(s.limit)} AIT; ${formatAmount(s.spent)} spent and ` +
          `${formatAmount(s.reserved)} reserved, so ${formatAmount(available(s) ?? 0n)} AIT is left and this request needs up to ${formatAmount(amount)} AIT`,
      };
    }
    if (s.soft !== null && used + amount > s.soft) softCrossed.push(s.scope);
  }
  return { ok: true, softCrossed };
}

/** Is the price under the cap (null cap = no cap)? */
export function priceAllowed(pricePer1k: Amount, capPer1k: Amount | null): boolean {
  return capPer1k === null || pricePer1k <= capPer1k;
}

/** Parses an optional decimal-string limit. */
export function optionalAmount(text: string | null | undefined): Amount | null {
  return text === null || text === undefined ? null : parseAmount(text);
}

/** AITBC's smallest escrow (both wires): a payment under it is "skipped" and the job never runs (aitbc.md §4.2). */
export const AITBC_MIN_PAYMENT_AIT = '0.01';

/**
 * The token count to reserve for a paid network job: the request's worst case, raised so its payment reaches AITBC's
 * minimum (issue #14, "lock the minimum"): a default chat at 0.002 AIT/1k reserved ~0.0082 AIT and was refused.
 * One token more than the exact bound, so the offer quantity's 6-dp truncation cannot fall back under it.
 */
export function tokensToReserve(pricePer1kTokens: Amount, maxTokens: number): number {
  if (pricePer1kTokens <= 0n) return maxTokens;
  const least = Number(mulDivCeil(parseAmount(AITBC_MIN_PAYMENT_AIT), 1000n, pricePer1kTokens)) + 1;
  return Math.max(maxTokens, least);
}

/** Output tokens a network job may produce when the request names none: `num_predict` is set on the job from it. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;
/** Tokens a chat template may add per message (BOS, role markers, separators) beyond the message's text. */
export const TEMPLATE_TOKENS_PER_MESSAGE = 16;
/** Tokens one image may take in a vision model's prompt (llava 576, llama3.2-vision ~1,600). */
export const TOKENS_PER_IMAGE = 2048;

/** UTF-8 byte length of a string (pure: no TextEncoder in shared code). */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4; // a surrogate pair: one 4-byte code point
      i++;
    } else n += 3;
  }
  return n;
}

/** What of a request goes into the prompt a miner tokenizes. */
export interface PromptParts {
  messages?: readonly { role: string; content: string; images?: readonly string[]; tool_calls?: readonly unknown[]; thinking?: string }[];
  prompt?: string;
  system?: string;
  tools?: readonly unknown[];
}

/**
 * A real upper bound on the prompt's token count (issue #14): every token of a byte-level (or byte-fallback)
 * tokenizer covers at least one UTF-8 byte of the text, so the bytes of everything rendered into the prompt bound
 * its tokens; the template's markers and images are added per message. chars/4 is an average, not a bound.
 */
export function promptTokenBound(p: PromptParts): number {
  const json = (v: unknown) => (v === undefined ? 0 : utf8Bytes(JSON.stringify(v) ?? ''));
  let bytes = utf8Bytes(p.prompt ?? '') + utf8Bytes(p.system ?? '') + json(p.tools?.length ? p.tools : undefined);
  let images = 0;
  for (const m of p.messages ?? []) {
    bytes += utf8Bytes(m.role) + utf8Bytes(m.content ?? '') + utf8Bytes(m.thinking ?? '') + json(m.tool_calls?.length ? m.tool_calls : undefined);
    images += m.images?.length ?? 0;
  }
  return bytes + TEMPLATE_TOKENS_PER_MESSAGE * ((p.messages?.length ?? 0) + 2) + TOKENS_PER_IMAGE * images;
}
