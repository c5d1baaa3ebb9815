import { useState } from 'react';
import type { Agent, AgentPolicy } from '../../../../shared/contract/routing';
import { LiveError } from '../../../components/live-error';
import { useRoutingMutations } from '../hooks/use-routing';

/** Per-agent routing policy: where it runs, whether it may race, the price cap and the runaway limit. */
export function AgentPolicyEditor({ agent }: { agent: Agent }) {
  const { updatePolicy } = useRoutingMutations();
  const [draft, setDraft] = useState<AgentPolicy>(agent.policy);
  const [price, setPrice] = useState(agent.policy.maxPricePer1kAit ?? '');
  const priceOk = price === '' || /^\d+(\.\d+)?$/.test(price);
  const dirty = JSON.stringify({ ...draft, maxPricePer1kAit: price || null }) !== JSON.stringify(agent.policy);
  const id = (s: string) => `${agent.id}-${s}`;
  return (
    <form
      className="policy-form"
      data-testid={`policy-${agent.id}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (priceOk) updatePolicy.mutate({ agentId: agent.id, policy: { ...draft, maxPricePer1kAit: price || null } });
      }}
    >
      <label htmlFor={id('mode')}>Runs</label>
      <select id={id('mode')} value={draft.mode} onChange={(e) => setDraft({ ...draft, mode: e.target.value as AgentPolicy['mode'] })}>
        <option value="auto">auto (planner decides)</option>
        <option value="local">always local</option>
        <option value="network">always network</option>
      </select>
      <label htmlFor={id('race')}>
        <input id={id('race')} type="checkbox" checked={draft.allowRace} onChange={(e) => setDraft({ ...draft, allowRace: e.target.checked })} /> allow race
      </label>
      <label htmlFor={id('proof')}>
        <input id={id('proof')} type="checkbox" checked={draft.requireProof} onChange={(e) => setDraft({ ...draft, requireProof: e.target.checked })} /> require ZK proof
      </label>
      <label htmlFor={id('price')}>Max AIT / 1k tokens</label>
      <input id={id('price')} value={price} placeholder="no cap" size={8} aria-invalid={!priceOk} onChange={(e) => setPrice(e.target.value.trim())} />
      <label htmlFor={id('rpm')}>Max requests/min</label>
      <input
        id={id('rpm')}
        type="number"
        min={1}
        value={draft.maxRequestsPerMinute}
        onChange={(e) => setDraft({ ...draft, maxRequestsPerMinute: Math.max(1, Number(e.target.value) || 1) })}
        style={{ width: '6rem' }}
      />
      <button type="submit" disabled={!dirty || !priceOk || updatePolicy.isPending}>
        Save
      </button>
      {!priceOk ? <span className="warn-text small">a decimal such as 0.05</span> : null}
      <LiveError error={updatePolicy.error} />
    </form>
  );
}
