import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { LiveError } from '../../../components/live-error';
import { useTransport } from '../../../transport/transport-context';
import { settingsUpdateMutation } from '../api/settings-mutations';
import { settingsQuery } from '../api/settings-query';

/** Where ClawGrid looks for Ollama; read-only when CLAWGRID_OLLAMA_URL sets it. */
export function OllamaUrlForm() {
  const transport = useTransport();
  const qc = useQueryClient();
  const view = useQuery(settingsQuery(transport)).data;
  const [draft, setDraft] = useState<string | null>(null);
  const update = useMutation(settingsUpdateMutation(transport, qc));
  const locked = view?.overriddenByEnv.includes('ollamaUrl') ?? false;
  const value = draft ?? view?.settings.ollamaUrl ?? '';
  const save = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ ollamaUrl: value.trim() }, { onSuccess: () => setDraft(null) });
  };
  return (
    <form className="inline-form" onSubmit={save} data-testid="ollama-url-form">
      <label>
        Ollama URL{' '}
        <input type="url" value={value} disabled={locked || !view} onChange={(e) => setDraft(e.target.value)} data-testid="ollama-url" aria-describedby={locked ? 'ollama-url-locked' : undefined} />
      </label>
      <button type="submit" disabled={locked || draft === null || update.isPending}>Save</button>
      {locked ? <p className="note" id="ollama-url-locked">Set by CLAWGRID_OLLAMA_URL in the environment.</p> : null}
      <div role="status">{update.isSuccess && draft === null ? <span className="note">Saved. ClawGrid uses it from the next start.</span> : null}</div>
      <LiveError error={update.error} />
    </form>
  );
}
