import { formatAmount, mulAmount, parseAmount } from '../../shared/domain/decimal';
import type { NetworkOffer } from '../routing/port';

const MICRO = 1_000_000n;

/**
 * Binds a paid job to a marketplace offer (v0.25 G1, client.py `_apply_offer_quote`): the coordinator sets
 * `payment_amount = price × offer_quantity` and refuses any other amount, so the quantity is the number of
 * price units (1k tokens) the reservation buys, truncated to 6 dp, and the amount sent is exactly that product
 * (never above the reservation). The cheapest offer with an id and a payee wins. A c27c654 coordinator ignores
 * `offer_id` and escrows the same amount for the same payee.
 */
export function offerBinding(candidates: readonly NetworkOffer[], reservedAit: string): { offerId: string; providerAddress: string; quantity: string; total: string } | null {
  const reserved = parseAmount(reservedAit);
  let best: { offer: NetworkOffer; price: bigint } | null = null;
  for (const offer of candidates) {
    if (!offer.offerId || !offer.providerAddress) continue;
    const price = parseAmount(offer.pricePer1kTokensAit, { round: 'truncate' });
    if (price <= 0n) continue;
    if (!best || price < best.price) best = { offer, price };
  }
  if (!best) return null;
  const qtyMicro = (reserved * MICRO) / best.price;
  if (qtyMicro <= 0n) return null;
  const quantity = qtyMicro * (10n ** 12n); // 6 dp in the 18 dp amount scale
  return { offerId: best.offer.offerId as string, providerAddress: best.offer.providerAddress as string, quantity: formatAmount(quantity), total: formatAmount(mulAmount(best.price, quantity)) };
}
