import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { JsonValue } from '../../shared/domain/canonical-json';
import type { DevnetDb } from './devnet-db';
import { minerCaps, type MinerRow } from './devnet-matching';
import type { Req, Route } from './devnet-routes';
import { detail, parseJsonBody, parseWith } from './http-util';

/**
 * The marketplace's software offers on the devnet (§10.1). Reading is open; publishing is a miner's act: the
 * request carries the miner's API key (`X-Api-Key`, the miner wire's key, and `X-Miner-ID`), a JSON body
 * (anything else is 415: a cross-site form post cannot be one) and names no payee but the miner's registered
 * wallet (`capabilities.wallet_address`, or `payout_address` before v0.25); the offer's `provider_address` and
 * `node_id` are set from the registration, so an offer cannot redirect a payment or speak for another miner.
 */
const money = z.union([z.string(), z.number()]);
const ADDRESS = /^0x[a-fA-F0-9]{40}$/;
const offerBody = z.looseObject({ service_type: z.string(), model: z.string(), price: money, plugin_id: z.string().optional(), provider_address: z.string().nullish(), node_id: z.string().nullish() });

/** The payout wallet a miner registered (v0.25 folds `wallet_address` into capabilities; c27c654 kept `payout_address`). */
export function registeredWallet(m: MinerRow): string | null {
  const caps = minerCaps(m);
  const w = typeof caps.wallet_address === 'string' ? caps.wallet_address : typeof caps.payout_address === 'string' ? caps.payout_address : null;
  return w && ADDRESS.test(w) ? w.toLowerCase() : null;
}

export function devnetOfferRoutes(db: DevnetDb): Route[] {
  const getMiner = db.prepare<[string], MinerRow>('SELECT * FROM miners WHERE miner_id = ?');
  const getOffer = db.prepare<[string], { body: string }>('SELECT body FROM offers WHERE plugin_id = ?');
  const putOffer = db.prepare('INSERT INTO offers (plugin_id, body, updated_at) VALUES (?, ?, ?) ON CONFLICT(plugin_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at');

  function publish(r: Req): JsonValue {
    if (!/^application\/json\s*(;|$)/i.test(r.contentType ?? '')) throw detail(415, 'Content-Type must be application/json');
    const b = parseWith(offerBody, parseJsonBody(r.body, r.requestId), r.requestId);
    const minerId = r.caller.minerId as string;
    const miner = getMiner.get(minerId);
    if (!miner) throw detail(403, 'Register the miner (POST /v1/miners/register) before publishing offers');
    const wallet = registeredWallet(miner);
    if (b.provider_address != null && b.provider_address.toLowerCase() !== wallet) {
      throw detail(403, wallet ? `provider_address must be this miner's registered wallet ${wallet}` : 'This miner registered no wallet; an offer cannot name a payee');
    }
    if (b.node_id != null && b.node_id !== minerId) throw detail(403, 'node_id must be the publishing miner');
    const pluginId = b.plugin_id ?? `${b.service_type}-${b.model}-${minerId}`.replace(/[:/]/g, '-');
    const prior = getOffer.get(pluginId);
    const priorBody = prior ? (JSON.parse(prior.body) as { offer_id?: string; node_id?: string }) : null;
    if (priorBody && priorBody.node_id !== minerId) throw detail(403, 'That offer belongs to another miner');
    const now = new Date().toISOString();
    const offerId = priorBody?.offer_id ?? `offer-${randomBytes(8).toString('hex')}`;
    const offer = { status: 'active', price_unit: 'per_1k_tokens', ...b, node_id: minerId, provider_address: wallet, plugin_id: pluginId, offer_id: offerId, updated_at: now, registered_at: now };
    putOffer.run(pluginId, JSON.stringify(offer), now);
    return { status: 'ok', plugin_id: pluginId, offer_id: offerId, provider_address: wallet };
  }

  return [
    {
      method: 'GET', re: /^\/v1\/marketplace\/offer$/, level: 'NONE', limit: 200,
      handle(r) {
        const st = r.query.get('status');
        const svc = r.query.get('service_type');
        const offers = db.prepare<[], { body: string }>('SELECT body FROM offers ORDER BY plugin_id').all().map((o) => JSON.parse(o.body) as Record<string, unknown>)
          .filter((o) => (!st || o.status === st) && (!svc || o.service_type === svc));
        return { offers: offers as JsonValue[], total: offers.length };
      },
    },
    { method: 'POST', re: /^\/v1\/marketplace\/offer$/, level: 'MINER', limit: 100, handle: publish },
  ];
}
