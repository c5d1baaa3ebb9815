import { describe, expect, it } from 'vitest';
import { compareDecimals } from '../../shared/domain/decimal';
import type { NetworkOffer } from '../routing/port';
import { offerBinding } from './offer-binding';

const offer = (minerId: string, price: string, extra: Partial<NetworkOffer> = {}): NetworkOffer => ({ minerId, model: 'm', pricePer1kTokensAit: price, region: null, gpu: null, zkProof: false, providerAddress: `0x${minerId.padStart(40, '0')}`, offerId: `o-${minerId}`, ...extra });

describe('offerBinding', () => {
  it('buys the reservation in whole micro-units of the cheapest offer: price × quantity never exceeds it', () => {
    const b = offerBinding([offer('1', '0.003'), offer('2', '0.002')], '0.041060000000000001');
    expect(b).toMatchObject({ offerId: 'o-2', providerAddress: `0x${'2'.padStart(40, '0')}`, quantity: '20.53', total: '0.04106' });
    expect(compareDecimals(b?.total ?? '1', '0.041060000000000001')).toBeLessThanOrEqual(0);
  });
  it('binds only to offers with an id and a payee; none → null (the old unbound job)', () => {
    expect(offerBinding([offer('1', '0.002', { offerId: null }), offer('2', '0.002', { providerAddress: null })], '1')).toBeNull();
    expect(offerBinding([offer('1', '5')], '0.000001')).toBeNull();
  });
});
