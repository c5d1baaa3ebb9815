import type { AgentPolicy } from '../contract/routing';
import { formatModelTarget, type ModelTarget } from './model-target';

/** What a model-name suffix asks for, in the words of the refusal. */
const ASKS: Record<Exclude<ModelTarget['kind'], 'auto'>, string> = {
  local: 'the local Ollama',
  network: 'the GPU network',
  race: 'a race of local against the GPU network',
  miner: 'one GPU network miner',
};

/**
 * A suffix is a request, not a permission: it may only pick within what the agent's policy allows.
 * Returns why the suffix is refused (answered with 403), or null when the policy allows it.
 * - policy `local`: only `@local`; `network`: `@network` and `@<miner>`; `auto`: anything, `@race` only with `allowRace`.
 */
export function suffixRefusal(target: ModelTarget, policy: AgentPolicy, agentName: string, model: string): string | null {
  if (target.kind === 'auto') return null;
  const wantsLocal = target.kind === 'local' || target.kind === 'race';
  const wantsNetwork = target.kind !== 'local';
  let why: string | null = null;
  if (policy.mode === 'local' && wantsNetwork) why = 'its policy runs it on the local Ollama only';
  else if (policy.mode === 'network' && wantsLocal) why = 'its policy runs it on the GPU network only';
  else if (target.kind === 'race' && !policy.allowRace) why = 'its policy does not allow racing';
  if (!why) return null;
  const name = formatModelTarget(model, target);
  return `forbidden: "${name}" asks for ${ASKS[target.kind]}, but agent "${agentName}" may not use it: ${why}. A model-name suffix can narrow the agent's policy, never widen it; change the policy on the Routing page.`;
}
