import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTransport } from '../../../transport/transport-context';
import { pinKeyMutation } from '../api/proofs-mutations';
import { proofsKeysQuery } from '../api/proofs-queries';

/** Pinned coordinator keys; a hub key is pinned only when the user enters or confirms it. */
export function KeysPanel() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const keys = useQuery(proofsKeysQuery(transport));
  const [network, setNetwork] = useState('');
  const [key, setKey] = useState('');
  const pin = useMutation(pinKeyMutation(transport, queryClient));
  return (
    <section className="card" aria-labelledby="proof-keys-head" data-testid="proof-keys">
      <h2 id="proof-keys-head">Coordinator keys</h2>
      <p className="note">Receipts verify only against a pinned key: the devnet’s is pinned automatically; a hub’s must be entered or confirmed by you (AITBC publishes it on no endpoint).</p>
      <ul className="key-list">
        {keys.data?.keys.map((k) => (
          <li key={k.network} data-testid="pinned-key">
            <strong>{k.network}</strong> <code>{k.keyId}</code> <span className="muted">({k.source === 'devnet' ? 'automatic' : 'pinned by you'})</span>
          </li>
        ))}
      </ul>
      {keys.data?.unpinned.map((u) => (
        <p key={u.network} className="warning" data-testid="unpinned-key">
          Receipts from <strong>{u.network}</strong> are signed with <code>{u.keyId}</code>. Pin it only if you got this key from the coordinator’s operator.{' '}
          <button type="button" onClick={() => pin.mutate({ network: u.network, publicKey: u.keyId })} aria-label={`Confirm and pin the key of ${u.network}`}>
            Confirm and pin
          </button>
        </p>
      ))}
      <form
        className="policy-form"
        onSubmit={(e) => {
          e.preventDefault();
          pin.mutate({ network: network.trim(), publicKey: key.trim() }, { onSuccess: () => setKey('') });
        }}
      >
        <label>
          Network <input value={network} onChange={(e) => setNetwork(e.target.value)} placeholder="http://hub.aitbc.bubuit.net/c" required />
        </label>
        <label>
          Public key <input value={key} onChange={(e) => setKey(e.target.value)} placeholder="hex or base64url" required size={48} />
        </label>
        <button type="submit" disabled={pin.isPending}>
          Pin key
        </button>
      </form>
      {pin.isError && <p className="warning" role="alert">{pin.error.message}</p>}
    </section>
  );
}
