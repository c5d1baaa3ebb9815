import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { UpgradeRun } from '../../../../shared/contract/openclaw';
import { useTransport } from '../../../transport/transport-context';
import { openclawPinMutation, openclawUnpinMutation, openclawUpgradeRollbackMutation, openclawUpgradeStartMutation } from '../api/openclaw-mutations';
import { openclawUpgradeRunQuery, openclawVersionsQuery } from '../api/openclaw-queries';

const stateIcon: Record<UpgradeRun['steps'][number]['state'], string> = { pending: '○', running: '◔', ok: '✓', failed: '✗', skipped: '–' };

/** The wizard's steps as they stream in; each step's raw CLI output is one click away. */
function RunView({ run }: { run: UpgradeRun }) {
  const transport = useTransport();
  const qc = useQueryClient();
  const back = useMutation(openclawUpgradeRollbackMutation(transport, qc));
  const canGoBack = !run.dryRun && !run.rollbackOf && run.state === 'succeeded' && run.backupPath;
  return (
    <section className="card" data-testid="upgrade-run">
      <h2>
        {run.rollbackOf ? 'Rollback' : run.dryRun ? 'Dry run' : 'Upgrade'} {run.fromVersion ?? '?'} → {run.targetVersion}: <span data-testid="upgrade-state">{run.state}</span>
      </h2>
      <ol className="upgrade-steps">
        {run.steps.map((s) => (
          <li key={s.id} className={`step-${s.state}`} data-testid={`upgrade-step-${s.id}`}>
            <span aria-hidden>{stateIcon[s.state]}</span> <strong>{s.label}</strong> <span className="muted">({s.phase})</span> {s.detail}
            {(s.output || s.command) && (
              <details>
                <summary>Raw output</summary>
                {s.command && <code>{s.command}</code>}
                <pre className="raw-output">{s.output}</pre>
              </details>
            )}
          </li>
        ))}
      </ol>
      {run.outcome && <p className={run.gatewayRunning === false ? 'warning' : 'note'} data-testid="upgrade-outcome">{run.outcome}</p>}
      {canGoBack && (
        <button type="button" data-testid="rollback-button" disabled={back.isPending} onClick={() => back.mutate({ runId: run.id })}>
          Roll back to {run.fromVersion} (restores the backup {run.backupPath})
        </button>
      )}
      {back.error && <p className="warning">{back.error.message}</p>}
    </section>
  );
}

/** Current version and channel, available versions, the pin, and the upgrade wizard. */
export function UpgradesPage() {
  const transport = useTransport();
  const qc = useQueryClient();
  const versions = useQuery(openclawVersionsQuery(transport));
  const run = useQuery(openclawUpgradeRunQuery(transport));
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const v = versions.data;
  const chosen = target || v?.latest || '';
  const pin = useMutation(openclawPinMutation(transport, qc));
  const unpin = useMutation(openclawUnpinMutation(transport, qc));
  const start = useMutation(openclawUpgradeStartMutation(transport, qc));
  const current = run.data;
  const busy = current?.state === 'running' || start.isPending;
  const error = start.error ?? pin.error ?? unpin.error ?? versions.error;
  return (
    <div className="dashboard upgrades-page" data-testid="page-upgrades">
      <section className="card" data-testid="openclaw-versions">
        <h2>OpenClaw</h2>
        {versions.isPending ? (
          <p className="muted">Checking versions (openclaw update status)…</p>
        ) : (
          <dl className="metrics inline">
            <div><dt>Installed</dt><dd data-testid="current-version">{v?.current ?? 'not found'}</dd></div>
            <div><dt>Channel</dt><dd>{v?.channel ?? '—'}</dd></div>
            <div><dt>Latest</dt><dd>{v?.latest ?? '—'}</dd></div>
            <div><dt>Auto-update</dt><dd>{v?.autoUpdate === null || v?.autoUpdate === undefined ? '—' : v.autoUpdate ? 'on' : 'off'}</dd></div>
            <div><dt>Pinned</dt><dd data-testid="pinned-version">{v?.pinned ? `${v.pinned.version} — ${v.pinned.reason}` : 'not pinned'}</dd></div>
          </dl>
        )}
        {v?.message && <p className="warning">{v.message}</p>}
        <label>
          Version{' '}
          <select data-testid="target-version" value={chosen} onChange={(e) => setTarget(e.target.value)}>
            {(v?.available ?? []).map((x) => <option key={x} value={x}>{x}</option>)}
          </select>
        </label>{' '}
        <input data-testid="pin-reason" placeholder="Why pin? (required)" value={reason} onChange={(e) => setReason(e.target.value)} />{' '}
        <button type="button" data-testid="pin-button" disabled={!reason.trim() || !chosen} onClick={() => pin.mutate({ version: chosen || v?.current || '', reason })}>Pin</button>{' '}
        <button type="button" disabled={!v?.pinned} onClick={() => unpin.mutate()}>Unpin</button>
        <p className="note">While pinned, ClawGrid keeps OpenClaw’s own auto-update off.</p>
        <p className="note" data-testid="rollback-note">
          Before you upgrade: a new OpenClaw migrates its state one way, so its own downgrade is refused afterwards. Going back means
          restoring the backup the wizard takes first (anything agents do after the upgrade is lost), reinstalling the old version and
          starting the gateway. The gateway is stopped during the update (a few minutes).
        </p>
        <div className="toggles">
          <button type="button" data-testid="dry-run-button" disabled={busy || !chosen} onClick={() => start.mutate({ targetVersion: chosen, dryRun: true })}>Dry run</button>
          <button type="button" data-testid="upgrade-button" disabled={busy || !chosen} onClick={() => start.mutate({ targetVersion: chosen, dryRun: false })}>Upgrade to {chosen || '…'}</button>
        </div>
        {error && <p className="warning" data-testid="upgrade-error">{error.message}</p>}
      </section>
      {current && <RunView run={current} />}
    </div>
  );
}
