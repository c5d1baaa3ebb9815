import { useState } from 'react';
import type { Agent } from '../../../../shared/contract/routing';
import { useRoutingMutations } from '../hooks/use-routing';
import { AgentKeys, IssuedKey } from './agent-keys';
import { LiveError } from '../../../components/live-error';
import { AgentPolicyEditor } from './agent-policy-editor';

/** Agents: create one (its key is shown once), edit each one's policy, manage its keys. */
export function AgentPanel({ agents }: { agents: readonly Agent[] }) {
  const { createAgent } = useRoutingMutations();
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<{ agentName: string; key: string } | null>(null);
  return (
    <section className="card" aria-labelledby="agents-head" data-testid="agent-panel">
      <h2 id="agents-head">Agents and keys</h2>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) return;
          createAgent.mutate({ name }, { onSuccess: (r) => (setIssued({ agentName: r.agent.name, key: r.key }), setName('')) });
        }}
      >
        <label htmlFor="new-agent-name">New agent</label>
        <input id="new-agent-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. research" data-testid="new-agent-name" />
        <button type="submit" disabled={!name.trim() || createAgent.isPending} data-testid="create-agent">
          Create agent and key
        </button>
        <LiveError error={createAgent.error} />
      </form>
      {issued ? <IssuedKey agentName={issued.agentName} value={issued.key} onDone={() => setIssued(null)} /> : null}
      {agents.map((a) => (
        <div key={a.id} className="agent-row" data-testid={`agent-${a.id}`}>
          <h3>
            {a.name} {a.builtIn ? <span className="tag">built-in</span> : null}
          </h3>
          <AgentPolicyEditor key={JSON.stringify(a.policy)} agent={a} />
          <AgentKeys agent={a} onIssued={(key) => setIssued({ agentName: a.name, key })} />
        </div>
      ))}
    </section>
  );
}
