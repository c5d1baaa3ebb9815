import type { AgentPolicy, ReasonCode, Strategy } from '../contract/routing';
import { compareDecimals } from './decimal';
import type { ModelTarget } from './model-target';
import { rankOffers, type RankableOffer } from './offer-rank';

/** Everything the planner looks at for one request; gathered by the engine, pure here. */
export interface PlannerInput {
  target: ModelTarget;
  policy: AgentPolicy;
  local: {
    /** Ollama answered its last probe. */
    reachable: boolean;
    /** The model is pulled locally (/api/tags). */
    present: boolean;
    /** Loaded with the context the request needs (/api/ps): no cold load. */
    warm: boolean;
    sizeBytes: number | null;
    /** The model's trained context length (/api/show), when known. */
    contextLength: number | null;
  };
  vram: { freeBytes: number | null; thresholdBytes: number };
  /** Offers of miners whose breaker is closed, with this client's jobs in flight on each (for spreading). */
  /** `withheld`: offers of this model left out because their miner's breaker is open (the model exists there). */
  network: { state: 'ok' | 'degraded' | 'down' | 'off'; offers: readonly RankableOffer[]; withheld?: number };
  /** Remaining budget (AIT) for the agent; null = unlimited. */
  headroomAit: string | null;
  request: { estPromptTokens: number };
}

/** The planner's answer: recorded with every request and shown on the Routing page. */
export interface Decision {
  strategy: Strategy;
  reasons: ReasonCode[];
  explanation: string;
  /** The chosen network offer (least loaded, price-weighted, within the cap; or the pinned miner). */
  minerId: string | null;
  pricePer1kTokensAit: string | null;
  /** Race only: start the network at once (local is cold) instead of after the hedge delay. */
  hedgeNow: boolean;
}

/** One sentence per reason code: the "why" a person reads. */
export const REASON_TEXT: Record<ReasonCode, string> = {
  name_local: 'The model name ends in @local.',
  name_network: 'The model name ends in @network.',
  name_race: 'The model name ends in @race.',
  name_miner: 'The model name pins one network miner.',
  policy_local: "The agent's policy forces local.",
  policy_network: "The agent's policy forces the network.",
  local_warm: 'The model is loaded in the local Ollama.',
  local_cold: 'The model is local but not loaded (cold start).',
  local_missing: 'The model is not pulled in the local Ollama.',
  over_vram: 'The model is larger than the local VRAM budget.',
  exceeds_local_context: "The request is longer than the local model's context.",
  network_off: 'The GPU network is off.',
  network_down: 'The GPU network is unreachable or failing.',
  no_offer: 'No network miner offers this model.',
  over_price_cap: "Every network offer is above the agent's price cap.",
  budget_exhausted: "The agent's network budget is used up.",
  race_disallowed: "The agent's policy does not allow racing.",
  local_down: 'The local Ollama is not reachable.',
  suffix_forbidden: "The model-name suffix asks for more than the agent's policy allows (refused with 403).",
};

const OUTCOME: Record<Strategy, string> = {
  local: 'Runs on the local Ollama.',
  network: 'Runs on the GPU network.',
  race: 'Races local against the network; the first token wins.',
  none: 'Nothing can serve it.',
};

/** Decides where one request runs. Pure: same input, same decision. */
export function plan(input: PlannerInput): Decision {
  const { target, policy, local } = input;
  const reasons: ReasonCode[] = [];

  // Can the network take it, and which offer?
  const pinned = target.kind === 'miner' ? target.minerId : null;
  const offers = input.network.offers.filter((o) => !pinned || o.minerId === pinned);
  const affordable = rankOffers(offers.filter((o) => policy.maxPricePer1kAit === null || compareDecimals(o.pricePer1kTokensAit, policy.maxPricePer1kAit) <= 0));
  let netBlock: ReasonCode | null = null;
  if (input.network.state === 'off') netBlock = 'network_off';
  else if (input.network.state === 'down') netBlock = 'network_down';
  else if (offers.length === 0) netBlock = 'no_offer';
  else if (affordable.length === 0) netBlock = 'over_price_cap';
  else if (input.headroomAit !== null && compareDecimals(input.headroomAit, '0') <= 0) netBlock = 'budget_exhausted';
  const offer = netBlock ? null : affordable[0]!;
  const localBlock: ReasonCode | null = !local.reachable ? 'local_down' : !local.present ? 'local_missing' : null;

  const decide = (strategy: Strategy): Decision => ({
    strategy,
    reasons,
    explanation: [...reasons.map((r) => REASON_TEXT[r]), OUTCOME[strategy]].join(' '),
    minerId: strategy === 'network' || strategy === 'race' ? (offer?.minerId ?? null) : null,
    pricePer1kTokensAit: strategy === 'network' || strategy === 'race' ? (offer?.pricePer1kTokensAit ?? null) : null,
    hedgeNow: strategy === 'race' && !local.warm,
  });
  const onlyLocal = () => {
    if (localBlock) reasons.push(localBlock);
    return decide(localBlock ? 'none' : 'local');
  };
  const onlyNetwork = () => {
    if (netBlock) reasons.push(netBlock);
    return decide(netBlock ? 'none' : 'network');
  };

  if (target.kind === 'local') return reasons.push('name_local'), onlyLocal();
  if (target.kind === 'network') return reasons.push('name_network'), onlyNetwork();
  if (target.kind === 'miner') return reasons.push('name_miner'), onlyNetwork();
  if (target.kind === 'race') {
    reasons.push('name_race');
    if (localBlock) reasons.push(localBlock);
    if (netBlock) reasons.push(netBlock);
    return decide(!localBlock && !netBlock ? 'race' : !localBlock ? 'local' : !netBlock ? 'network' : 'none');
  }
  if (policy.mode === 'local') return reasons.push('policy_local'), onlyLocal();
  if (policy.mode === 'network') return reasons.push('policy_network'), onlyNetwork();

  // auto
  if (localBlock) {
    reasons.push(localBlock);
    if (netBlock) reasons.push(netBlock);
    return decide(netBlock ? 'none' : 'network');
  }
  const size = local.sizeBytes ?? 0;
  const overVram = size > input.vram.thresholdBytes || (!local.warm && input.vram.freeBytes !== null && size > input.vram.freeBytes);
  const overContext = local.contextLength !== null && input.request.estPromptTokens > local.contextLength;
  if (overVram || overContext) {
    reasons.push(overVram ? 'over_vram' : 'exceeds_local_context');
    if (!netBlock) return decide('network');
    reasons.push(netBlock);
    return decide('local');
  }
  if (local.warm) return reasons.push('local_warm'), decide('local');
  reasons.push('local_cold');
  if (!policy.allowRace) return reasons.push('race_disallowed'), decide('local');
  if (netBlock) return reasons.push(netBlock), decide('local');
  return decide('race');
}

/** A request the agent sends: ~4 characters per token, the estimate Ollama clients use. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}
