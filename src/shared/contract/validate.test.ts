import { describe, expect, it } from 'vitest';
import { ContractError } from './errors';
import { parseCallInput, parseCallResult, parseEventBatch } from './validate';

// The client side of the contract (preload and renderer transports use these).
describe('client-side contract validation', () => {
  it('rejects malformed input before it is sent', () => {
    expect(() => parseCallInput('settings.update', { hostPort: -1 })).toThrow(ContractError);
    expect(() => parseCallInput('app.info', { extra: true })).toThrow(/Invalid input for app.info/);
    expect(parseCallInput('settings.update', { hostPort: 7301 })).toEqual({ hostPort: 7301 });
  });

  it('turns a malformed reply into an error value', () => {
    expect(parseCallResult('app.info', null)).toMatchObject({ ok: false, error: { code: 'TRANSPORT' } });
    expect(parseCallResult('app.info', { ok: true, output: { name: 'NotClawGrid' } })).toMatchObject({ ok: false, error: { code: 'INVALID_OUTPUT' } });
    expect(parseCallResult('app.info', { ok: false, error: { code: 'FORBIDDEN', message: 'no' } })).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'no' } });
  });

  it('drops unknown or invalid events from a batch and reports them', () => {
    const bad: string[] = [];
    const out = parseEventBatch({ 'monitor.tick': { sample: 'nope' }, 'wallet.stolen': {} }, (name) => bad.push(name));
    expect(out).toEqual({});
    expect(bad.sort()).toEqual(['monitor.tick', 'wallet.stolen']);
  });
});
