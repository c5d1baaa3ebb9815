import { describe, expect, it } from 'vitest';
import { AITBC_MIN_PAYMENT_AIT, aitToComputeSeconds, available, checkLimits, computeSecondsToAit, costOf, priceAllowed, promptTokenBound, TEMPLATE_TOKENS_PER_MESSAGE, tokensToReserve, TOKENS_PER_IMAGE, utf8Bytes, worstCaseCost, type ScopeUsage } from './budget';
import { compareDecimals, formatAmount, parseAmount } from './decimal';

const a = parseAmount;
const scope = (limit: string | null, spent = '0', reserved = '0', soft: string | null = null): ScopeUsage => ({
  scope: 'agent:x',
  label: 'agent x daily budget',
  limit: limit === null ? null : a(limit),
  soft: soft === null ? null : a(soft),
  spent: a(spent),
  reserved: a(reserved),
});

describe('budget math', () => {
  it('worst case = max tokens × price per 1k, plus the 2.5 % platform fee, rounded up', () => {
    const c = worstCaseCost(a('0.02'), 4096);
    expect(formatAmount(c.payment)).toBe('0.08192');
    expect(formatAmount(c.fee)).toBe('0.002048');
    expect(formatAmount(c.total)).toBe('0.083968');
    expect(formatAmount(costOf(a('0.000000000000000001')).fee)).toBe('0.000000000000000001');
    expect(worstCaseCost(a('1'), 0).total).toBe(0n);
    expect(() => worstCaseCost(a('1'), -1)).toThrow();
  });

  it('converts to compute-seconds like the chain (truncating) and back', () => {
    expect(aitToComputeSeconds(a('1'))).toBe(3600n);
    expect(aitToComputeSeconds(a('0.0001'))).toBe(0n);
    expect(aitToComputeSeconds(a('2.5'))).toBe(9000n);
    expect(computeSecondsToAit(9000n)).toBe('2.5');
    expect(computeSecondsToAit(1n)).toBe('0.000277777777777777');
  });

  it('admits exactly up to the limit and no further, counting reservations', () => {
    expect(checkLimits([scope('1', '0.5', '0.4')], a('0.1'))).toEqual({ ok: true, softCrossed: [] });
    const no = checkLimits([scope('1', '0.5', '0.4')], a('0.100000000000000001'));
    expect(no.ok).toBe(false);
    if (!no.ok) expect(no.message).toMatch(/agent x daily budget is 1 AIT; 0.5 spent and 0.4 reserved, so 0.1 AIT is left/);
  });

  it('names the first limit that does not fit, and reports soft crossings', () => {
    const model = { ...scope('0.2'), scope: 'model', label: 'cap for llama3.1:70b' };
    const r = checkLimits([scope('10', '0', '0', '0.1'), model], a('0.3'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.scope).toBe('model');
    expect(checkLimits([scope('10', '0', '0', '0.1')], a('0.3'))).toEqual({ ok: true, softCrossed: ['agent:x'] });
    expect(checkLimits([scope(null)], a('1000000'))).toEqual({ ok: true, softCrossed: [] });
  });

  it('available never goes negative; unlimited is null', () => {
    expect(available(scope('1', '2'))).toBe(0n);
    expect(available(scope(null))).toBeNull();
    expect(formatAmount(available(scope('1', '0.25', '0.25')) ?? -1n)).toBe('0.5');
  });

  it('price caps', () => {
    expect(priceAllowed(a('0.02'), a('0.02'))).toBe(true);
    expect(priceAllowed(a('0.021'), a('0.02'))).toBe(false);
    expect(priceAllowed(a('5'), null)).toBe(true);
  });
});

describe('tokensToReserve (AITBC refuses payments under 0.01 AIT)', () => {
  it('raises a small worst case so the payment reaches the minimum, and leaves a big one alone', () => {
    const price = parseAmount('0.002');
    const n = tokensToReserve(price, 4097); // a default chat: 0.008194 AIT, under the minimum
    expect(n).toBe(5001);
    expect(compareDecimals(formatAmount(worstCaseCost(price, n).payment), AITBC_MIN_PAYMENT_AIT)).toBeGreaterThan(0);
    expect(tokensToReserve(price, 20_000)).toBe(20_000);
    expect(tokensToReserve(parseAmount('0'), 10)).toBe(10); // free (local) work is not raised
  });
});

describe('the prompt bound is a real upper bound (UTF-8 bytes, not chars/4)', () => {
  it('counts UTF-8 bytes: 1 per ASCII char, 2–3 per accented/CJK char, 4 per emoji', () => {
    expect(utf8Bytes('abc')).toBe(3);
    expect(utf8Bytes('é')).toBe(2);
    expect(utf8Bytes('日本')).toBe(6);
    expect(utf8Bytes('🦀')).toBe(4);
    expect(utf8Bytes('\ud800x')).toBe(4); // a lone surrogate is encoded as U+FFFD (3 bytes)
  });

  it('bounds every rendered part: messages, system, tools, template markers per message, images', () => {
    const cjk = '日'.repeat(4000); // chars/4 said 1,000 tokens; a CJK tokenizer may take one token per character
    const bound = promptTokenBound({ messages: [{ role: 'user', content: cjk }] });
    expect(bound).toBeGreaterThanOrEqual(12_000 + 4);
    expect(bound).toBe(12_000 + utf8Bytes('user') + 3 * TEMPLATE_TOKENS_PER_MESSAGE);
    const withAll = promptTokenBound({ system: 'be brief', tools: [{ type: 'function' }], messages: [{ role: 'user', content: 'hi', images: ['x', 'y'] }] });
    expect(withAll).toBe(utf8Bytes('be brief') + utf8Bytes(JSON.stringify([{ type: 'function' }])) + 4 + 2 + 3 * TEMPLATE_TOKENS_PER_MESSAGE + 2 * TOKENS_PER_IMAGE);
    expect(promptTokenBound({ prompt: 'x'.repeat(100) })).toBe(100 + 2 * TEMPLATE_TOKENS_PER_MESSAGE);
  });
});
