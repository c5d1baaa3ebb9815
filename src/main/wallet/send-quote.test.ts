import { describe, expect, it } from 'vitest';
import { quoteSend } from './send-quote';

const base = { from: '0x' + 'a'.repeat(40), to: '0x' + 'b'.repeat(40), feeUnits: 36n, network: 'devnet' };
const C27 = 3_600n; // units per AIT at c27c654
const V025 = 36_000_000n; // units per AIT on v0.25 chains

describe('quoteSend', () => {
  it('shows amount, fee, total and the balance left, in AIT (c27c654 scale)', () => {
    const q = quoteSend({ ...base, unitsPerAit: C27, amountAit: '1.5', balanceUnits: C27 * 10n });
    expect(q).toMatchObject({ amountAit: '1.5', amountComputeSeconds: '5400', feeAit: '0.01', totalAit: '1.51', balanceAit: '10', balanceAfterAit: '8.49', sufficient: true });
  });

  it('uses the chain’s own scale: on v0.25 the same 36-unit fee is 0.000001 AIT', () => {
    const q = quoteSend({ ...base, unitsPerAit: V025, amountAit: '1.5', balanceUnits: V025 * 10n });
    expect(q).toMatchObject({ amountAit: '1.5', amountComputeSeconds: '54000000', feeAit: '0.000001', totalAit: '1.500001', balanceAfterAit: '8.499999', sufficient: true });
  });

  it('says so when the balance does not cover amount + fee', () => {
    const q = quoteSend({ ...base, unitsPerAit: C27, amountAit: '1', balanceUnits: C27 });
    expect(q.sufficient).toBe(false);
    expect(q.balanceAfterAit).toBe('-0.01');
  });

  it('quotes the amount that really moves (whole chain units)', () => {
    expect(quoteSend({ ...base, unitsPerAit: C27, amountAit: '0.0004', balanceUnits: null }).amountAit).toBe('0.000277777777777777');
  });

  it('refuses an amount below one chain unit', () => {
    expect(() => quoteSend({ ...base, unitsPerAit: C27, amountAit: '0.0001', balanceUnits: null })).toThrow(/below one chain unit/);
  });
});
