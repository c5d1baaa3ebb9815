import { useState } from 'react';
import type { Agent } from '../../../../shared/contract/routing';
import { useRoutingMutations } from '../hooks/use-routing';

/** A freshly issued key, shown once with a copy button (ClawGrid keeps only its hash). */
export function IssuedKey({ agentName, value, onDone }: { agentName: string; value: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="info-panel issued-key" role="status" data-testid="issued-key">
      <p>
        Key for <strong>{agentName}</strong> — copy it now into OpenClaw’s provider <code>apiKey</code>; ClawGrid keeps only its hash and cannot show it again.
      </p>
      <div className="inline-form">
        <input readOnly value={value} aria-label="New API key" data-testid="issued-key-value" size={52} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(() => setCopied(true), () => setCopied(false));
          }}
          data-testid="copy-key"
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}

/** An agent's keys: prefix, when created and last used; revoke; issue another. */
export function AgentKeys({ agent, onIssued }: { agent: Agent; onIssued: (key: string) => void }) {
  const { createKey, revokeKey } = useRoutingMutations();
  if (agent.builtIn) {
    return <p className="note small">No key needed: requests without a key (or with OpenClaw’s default <code>ollama-local</code>) belong to this agent.</p>;
  }
  return (
    <div>
      <ul className="key-list">
        {agent.keys.map((k) => (
          <li key={k.id} data-testid="agent-key">
            <code>{k.prefix}…</code> <span className="muted small">created {new Date(k.createdAt).toLocaleString()}</span>{' '}
            {k.revokedAt ? (
              <span className="muted small">revoked</span>
            ) : (
              <>
                <span className="muted small">{k.lastUsedAt ? `last used ${new Date(k.lastUsedAt).toLocaleString()}` : 'never used'}</span>{' '}
                <button type="button" className="danger" onClick={() => revokeKey.mutate({ agentId: agent.id, keyId: k.id })} aria-label={`Revoke key ${k.prefix}`}>
                  Revoke
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => createKey.mutate({ agentId: agent.id }, { onSuccess: (r) => onIssued(r.key) })} data-testid="create-key">
        New key
      </button>
    </div>
  );
}
