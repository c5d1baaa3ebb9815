import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useTransport } from '../../../transport/transport-context';
import { settingsQuery } from '../api/settings-query';
import { updateActionMutation, updateChannelMutation, updateStatusQuery } from '../api/update-queries';

/** Settings → Updates: the channel, "Check for updates", the release notes, and "Restart to update". */
export function UpdateControl() {
  const transport = useTransport();
  const qc = useQueryClient();
  const status = useQuery(updateStatusQuery(transport));
  const settings = useQuery(settingsQuery(transport));
  const check = useMutation(updateActionMutation(transport, qc, 'app.checkForUpdates'));
  const install = useMutation(updateActionMutation(transport, qc, 'app.installUpdate'));
  const channel = useMutation(updateChannelMutation(transport, qc));
  const channelId = useId();
  const s = status.data;
  const busy = s?.state === 'checking' || s?.state === 'downloading' || check.isPending;
  const error = check.error ?? install.error ?? channel.error;
  return (
    <section aria-labelledby={`${channelId}-h`}>
      <h2 id={`${channelId}-h`}>Updates</h2>
      <p>ClawGrid {s?.currentVersion ?? '…'}</p>
      <label htmlFor={channelId}>Update channel</label>{' '}
      <select
        id={channelId}
        value={settings.data?.settings.updateChannel ?? 'stable'}
        disabled={!settings.data || channel.isPending}
        onChange={(e) => channel.mutate(e.target.value === 'beta' ? 'beta' : 'stable')}
      >
        <option value="stable">Stable</option>
        <option value="beta">Beta (pre-releases)</option>
      </select>{' '}
      <button type="button" disabled={busy || s?.state === 'unsupported'} onClick={() => check.mutate()}>
        Check for updates
      </button>
      {(s?.state === 'ready' || s?.state === 'deferred') && (
        <button type="button" disabled={install.isPending} onClick={() => install.mutate()}>
          Restart to update to {s.version}
        </button>
      )}
      <p role="status" aria-live="polite">
        {s?.message}
        {s?.state === 'downloading' && s.percent !== null ? ` ${Math.round(s.percent)} %` : ''}
      </p>
      {error && <p role="alert">{error.message}</p>}
      {s?.releaseNotes && (
        <div>
          <h3>What is new in {s.version}</h3>
          <p style={{ whiteSpace: 'pre-wrap' }}>{s.releaseNotes}</p>
        </div>
      )}
    </section>
  );
}
