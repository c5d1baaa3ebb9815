import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Settings } from '../../../../shared/contract/settings';
import { LiveError } from '../../../components/live-error';
import { useTransport } from '../../../transport/transport-context';
import { settingsQuery, settingsUpdateMutation } from '../../settings/port';

type Draft = Pick<Settings, 'earnEnabled' | 'earnLimits' | 'earnOwnAgentsFirst' | 'earnHours' | 'earnPricePer1k' | 'earnPayoutAddress' | 'earnModels' | 'earnJobDeadlineS' | 'earnMaxOutputTokens'>;
const KEYS: (keyof Draft)[] = ['earnEnabled', 'earnLimits', 'earnOwnAgentsFirst', 'earnHours', 'earnPricePer1k', 'earnPayoutAddress', 'earnModels', 'earnJobDeadlineS', 'earnMaxOutputTokens'];
const ENV: Partial<Record<keyof Draft, string>> = { earnEnabled: 'CLAWGRID_EARN', earnModels: 'CLAWGRID_EARN_MODELS', earnPricePer1k: 'CLAWGRID_EARN_PRICE_PER_1K', earnPayoutAddress: 'CLAWGRID_PAYOUT_ADDRESS' };
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** Earn mode's settings: on/off, limits, own agents first, allowed hours, price, payout, models, per-job bounds. */
export function EarnLimitsForm() {
  const transport = useTransport();
  const qc = useQueryClient();
  const view = useQuery(settingsQuery(transport)).data;
  const update = useMutation(settingsUpdateMutation(transport, qc));
  const [draft, setDraft] = useState<Partial<Draft>>({});
  if (!view) return <section className="card"><p className="muted">Loading settings…</p></section>;
  const cur = { ...(Object.fromEntries(KEYS.map((k) => [k, view.settings[k]])) as Draft), ...draft };
  const locked = (k: keyof Draft) => view.overriddenByEnv.includes(k);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const save = (e: FormEvent) => {
    e.preventDefault();
    const patch = Object.fromEntries(Object.entries(draft).filter(([k]) => !locked(k as keyof Draft)));
    update.mutate(patch, { onSuccess: () => setDraft({}) });
  };
  const lockNote = (k: keyof Draft) => (locked(k) ? <span className="note" id={`earn-${k}-env`}> (set by {ENV[k]})</span> : null);
  const limit = (k: keyof Draft['earnLimits'], label: string) => (
    <label>
      {label}{' '}
      <input type="number" min={1} max={100} step={1} value={cur.earnLimits[k]} onChange={(e) => set('earnLimits', { ...cur.earnLimits, [k]: Number(e.target.value) })} data-testid={`earn-limit-${k}`} /> %
    </label>
  );
  return (
    <section className="card" aria-labelledby="earn-settings-title">
      <h2 id="earn-settings-title">Limits and schedule</h2>
      <form className="earn-form" onSubmit={save} data-testid="earn-settings">
        <fieldset>
          <legend>Earn mode</legend>
          <label><input type="checkbox" checked={cur.earnEnabled} disabled={locked('earnEnabled')} onChange={(e) => set('earnEnabled', e.target.checked)} data-testid="earn-enabled" /> Serve network jobs on this machine</label>
          {lockNote('earnEnabled')}
          <label><input type="checkbox" checked={cur.earnOwnAgentsFirst} onChange={(e) => set('earnOwnAgentsFirst', e.target.checked)} /> My agents first: no network job while one of my requests runs here</label>
        </fieldset>
        <fieldset>
          <legend>Stop taking jobs above</legend>
          {limit('cpuPct', 'CPU')} {limit('ramPct', 'Memory')} {limit('gpuMemPct', 'GPU memory')}
        </fieldset>
        <fieldset>
          <legend>When</legend>
          <label><input type="checkbox" checked={cur.earnHours !== null} onChange={(e) => set('earnHours', e.target.checked ? { startHour: 22, endHour: 7 } : null)} data-testid="earn-hours-on" /> Only during these hours (local time)</label>
          {cur.earnHours ? (
            <>
              {' '}<label>from <select value={cur.earnHours.startHour} onChange={(e) => set('earnHours', { startHour: Number(e.target.value), endHour: cur.earnHours!.endHour })}>{HOURS.map((h) => <option key={h} value={h}>{`${String(h).padStart(2, '0')}:00`}</option>)}</select></label>
              {' '}<label>until <select value={cur.earnHours.endHour} onChange={(e) => set('earnHours', { startHour: cur.earnHours!.startHour, endHour: Number(e.target.value) })}>{HOURS.map((h) => <option key={h} value={h}>{`${String(h).padStart(2, '0')}:00`}</option>)}</select></label>
            </>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>What it serves and asks</legend>
          <label>Models (comma list) <input type="text" value={cur.earnModels.join(', ')} disabled={locked('earnModels')} onChange={(e) => set('earnModels', e.target.value.split(',').map((m) => m.trim()).filter(Boolean))} data-testid="earn-models" /></label>{lockNote('earnModels')}
          {' '}<label>Price per 1k tokens (AIT) <input type="text" inputMode="decimal" value={cur.earnPricePer1k} disabled={locked('earnPricePer1k')} onChange={(e) => set('earnPricePer1k', e.target.value.trim())} /></label>{lockNote('earnPricePer1k')}
          {' '}<label>Payout address (empty = the wallet’s) <input type="text" value={cur.earnPayoutAddress} disabled={locked('earnPayoutAddress')} onChange={(e) => set('earnPayoutAddress', e.target.value.trim())} /></label>{lockNote('earnPayoutAddress')}
          {' '}<label>Per-job deadline <input type="number" min={5} max={3600} value={cur.earnJobDeadlineS} onChange={(e) => set('earnJobDeadlineS', Number(e.target.value))} /> s</label>
          {' '}<label>Output at most <input type="number" min={1} max={131072} value={cur.earnMaxOutputTokens} onChange={(e) => set('earnMaxOutputTokens', Number(e.target.value))} /> tokens</label>
        </fieldset>
        <button type="submit" disabled={Object.keys(draft).length === 0 || update.isPending} data-testid="earn-save">Save</button>
        <div role="status">{update.isSuccess && Object.keys(draft).length === 0 ? <span className="note">Saved; earn mode applies it within a few seconds.</span> : null}</div>
        <LiveError error={update.error} />
      </form>
    </section>
  );
}
