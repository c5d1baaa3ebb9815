import { describe, expect, it } from 'vitest';
import { quoteSend } from './send-quote';

const base = { from: '0x' + 'a'.repeat(40), to: '0x' + 'b'.repeat(40), feeCs: 36n, network: 'devnet' };

describe('quoteSend', () => {
  it('shows amount, fee, total and the balance left, in AIT', () => {
    const q = quoteSend({ ...base, amountAit: '1.5', balanceCs: 3600n * 10n });
    expect(q).toMatchObject({ amountAit: '1.5', amountComputeSeconds: '5400', feeAit: '0.01', totalAit: '1.51', balanceAit: '10', balanceAfterAit: '8.49', sufficient: true });
  });

  it('says so when the balance does not cover amount + fee', () => {
    const q = quoteSend({ ...base, amountAit: '1', balanceCs: 3600n });
    expect(q.sufficient).toBe(false);
    expect(q.balanceAfterAit).toBe('-0.01');
  });

  it('quotes the amount that really moves (whole compute-seconds)', () => {
    expect(quoteSend({ ...base, amountAit: '0.0004', balanceCs: null }).amountAit).toBe('0.000277777777777777');
  });

  it('refuses an amount below one compute-second', () => {
    expect(() => quoteSend({ ...base, amountAit: '0.0001', balanceCs: null })).toThrow(/below one compute-second/);
  });
});
