import type { Settings } from '../../shared/contract/settings';
import type { Agent } from '../../shared/contract/routing';
import { estimateTokens, type PlannerInput } from '../../shared/domain/planner';
import type { ParsedModelTarget } from '../../shared/domain/model-target';
import type { Admission } from './admission';
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
  networkBreaker: CircuitBreaker;
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
  if (state !== 'off' && s.networkBreaker.isOpen()) state = 'down';
  if (state === 'off') return inputOf(s, parsed, agent, numCtx, chars, state, []);
  return backend
    .offers()
    .catch(() => [] as NetworkOffer[])
    .then((all) => inputOf(s, parsed, agent, numCtx, chars, state, all.filter((o) => o.model === parsed.model)));
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
