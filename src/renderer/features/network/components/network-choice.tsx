import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { LiveError } from '../../../components/live-error';
import { useTransport } from '../../../transport/transport-context';
import { selectNetworkMutation } from '../api/network-mutations';
import { networkStatusQuery } from '../api/network-queries';

const choices = {
  devnet: { label: 'Devnet (embedded, play money)', explain: 'A small AITBC network inside ClawGrid on 127.0.0.1: a coordinator, two miners and a ledger. AIT here is play money; nothing real is paid.' },
  url: { label: 'Coordinator URL', explain: 'A real AITBC coordinator (e.g. the AITBC hub). Jobs run on other people’s GPUs and are paid in real AIT from your wallet.' },
  off: { label: 'Off (local only)', explain: 'Everything runs on your Ollama; no job ever leaves this machine and nothing is paid.' },
} as const;
type Choice = keyof typeof choices;

/** Devnet / coordinator URL / off, with what each means; switching calls `network.select`. */
export function NetworkChoice({ explained = false, onSwitched }: { explained?: boolean; onSwitched?: () => void }) {
  const transport = useTransport();
  const qc = useQueryClient();
  const s = useQuery(networkStatusQuery(transport)).data;
  const [choice, setChoice] = useState<Choice>(() => (s?.kind === 'remote' ? 'url' : ((s?.network as 'devnet' | 'off') ?? 'devnet')));
  const [url, setUrl] = useState(s?.kind === 'remote' ? s.network : '');
  const select = useMutation(selectNetworkMutation(transport, qc));
  const id = useId();
  const apply = () => select.mutate(choice === 'url' ? url.trim() : choice, { onSuccess: () => onSwitched?.() });
  return (
    <fieldset className="network-select">
      <legend>Choose network</legend>
      {(Object.keys(choices) as Choice[]).map((c) => (
        <div key={c}>
          <label>
            <input type="radio" name={`network-choice${id}`} value={c} checked={choice === c} onChange={() => setChoice(c)} data-testid={`network-choice-${c}`} aria-describedby={explained ? `${id}-${c}` : undefined} />{' '}
            {choices[c].label}
          </label>
          {explained ? <p className="note" id={`${id}-${c}`}>{choices[c].explain}</p> : null}
        </div>
      ))}
      {choice === 'url' ? (
        <label>
          Coordinator URL{' '}
          <input type="url" placeholder="http://hub.aitbc.bubuit.net/c" value={url} onChange={(e) => setUrl(e.target.value)} data-testid="network-url" />
        </label>
      ) : null}
      <button type="button" data-testid="network-apply" disabled={select.isPending || (choice === 'url' && !url.trim())} onClick={apply}>Switch</button>
      <LiveError error={select.error} testId="network-error" />
      {select.isSuccess ? <p className="note" role="status" data-testid="network-switched">Now on {select.data.kind === 'devnet' ? 'the devnet (play money)' : select.data.kind === 'off' ? 'no network (local only)' : select.data.network}.</p> : null}
      <p className="muted">Each network keeps its own wallet key and ledger; switching never mixes them.</p>
    </fieldset>
  );
}
