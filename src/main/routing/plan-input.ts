import type { Settings } from '../../shared/contract/settings';
import type { Agent } from '../../shared/contract/routing';
import { estimateTokens, type PlannerInput } from '../../shared/domain/planner';
import type { ParsedModelTarget } from '../../shared/domain/model-target';
import type { Admission } from './admission';
import type { BreakerSet } from './breaker-set';
import type { CircuitBreaker } from './circuit-breaker';
import type { LocalModels } from './local-models';
import type { NetworkBackend, NetworkOffer } from './network-backend';

/** What the engine collects per request from its cached sources (no request waits on Ollama or the network). */
export interface PlanSources {
  local: LocalModels;
  network: () => NetworkBackend;
  admission: Admission;
  settings: () => Settings;
  gpuFreeBytes: () => number | null;
  localBreaker: CircuitBreaker;
  /** One network breaker per agent: one agent's failing jobs do not close the network for the others. */
  agentBreakers: BreakerSet;
  /** One breaker per miner: a miner that stops answering gets no new jobs for a while. */
  minerBreakers: BreakerSet;
}

/** Prompt size in characters: message contents (+ system/prompt), not the JSON around them. */
export function promptChars(body: { messages?: { content?: string }[]; prompt?: string; system?: string }): number {
  let n = (body.prompt?.length ?? 0) + (body.system?.length ?? 0);
  if (body.messages) for (const m of body.messages) n += m.content?.length ?? 0;
  return n;
}

/**
 * The planner's inputs from in-memory state: the local models' cached list and warm set, the network's
 * health and offers, the breakers, free VRAM and the agent's headroom. Synchronous unless the local list
 * was never loaded yet or the network must be asked for its offers.
 */
export function gatherPlanInput(s: PlanSources, parsed: ParsedModelTarget, agent: Agent, numCtx: number | undefined, chars: number): PlannerInput | Promise<PlannerInput> {
  if (!s.local.ready()) return s.local.refresh().then(() => gatherPlanInput(s, parsed, agent, numCtx, chars));
  const backend = s.network();
  let state = backend.health().state;
  if (state !== 'off' && s.agentBreakers.isOpen(agent.id)) state = 'down';
  if (state === 'off') return inputOf(s, parsed, agent, numCtx, chars, state, []);
  return backend
    .offers()
    .catch(() => [] as NetworkOffer[])
    .then((all) => {
      const usable = usableOffers(s, backend, parsed.model, all);
      const input = inputOf(s, parsed, agent, numCtx, chars, state, usable);
      const withheld = all.filter((o) => o.model === parsed.model).length - usable.length;
      return withheld > 0 ? { ...input, network: { ...input.network, withheld } } : input;
    });
}

/** The model's offers from miners whose breaker is closed, each with this client's jobs in flight there. */
export function usableOffers(s: Pick<PlanSources, 'minerBreakers'>, backend: NetworkBackend, model: string, all: readonly NetworkOffer[]): (NetworkOffer & { inflight: number })[] {
  const inflight = backend.inflight?.();
  return all.filter((o) => o.model === model && !s.minerBreakers.isOpen(o.minerId)).map((o) => ({ ...o, inflight: inflight?.get(o.minerId) ?? 0 }));
}

function inputOf(s: PlanSources, parsed: ParsedModelTarget, agent: Agent, numCtx: number | undefined, chars: number, state: PlannerInput['network']['state'], offers: NetworkOffer[]): PlannerInput {
  const localModel = s.local.models().get(parsed.model);
  return {
    target: parsed.target,
    policy: agent.policy,
    local: {
      reachable: s.local.reachable() && !s.localBreaker.isOpen(),
      present: localModel !== undefined,
      warm: s.local.isWarm(parsed.model, numCtx),
      sizeBytes: localModel?.sizeBytes ?? null,
      contextLength: localModel?.contextLength ?? null,
    },
    vram: { freeBytes: s.gpuFreeBytes(), thresholdBytes: s.settings().vramThresholdGb * 1024 ** 3 },
    network: { state, offers },
    // The budget only matters once the network could serve the model (the planner blocks it earlier otherwise):
    // no ledger read for the common local request.
    headroomAit: (state === 'ok' || state === 'degraded') && offers.length > 0 ? s.admission.headroomAit(agent.id) : null,
    request: { estPromptTokens: estimateTokens(chars) },
  };
}
