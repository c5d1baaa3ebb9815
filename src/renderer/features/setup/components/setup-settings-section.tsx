import { useQuery } from '@tanstack/react-query';
import { setupStepIds, type SetupStepId } from '../../../../shared/contract/settings';
import { useUiStore } from '../../../stores/ui-store';
import { useTransport } from '../../../transport/transport-context';
import { settingsQuery } from '../../settings/port';
import { stepLabels } from '../lib/setup-steps';
import { useSetupStore } from '../stores/setup-store';

/** Settings → "First-run setup": how it ended, and every step one click away. */
export function SetupSettingsSection() {
  const transport = useTransport();
  const setup = useQuery(settingsQuery(transport)).data?.settings.setup;
  const goTo = useSetupStore((s) => s.goTo);
  const setPage = useUiStore((s) => s.setPage);
  const open = (step: SetupStepId) => (goTo(step), setPage('setup'));
  return (
    <section className="card" aria-labelledby="setup-settings-title" data-testid="settings-setup">
      <h2 id="setup-settings-title">First-run setup</h2>
      <p data-testid="settings-setup-state">
        {!setup ? 'Not finished yet.' : `${setup.outcome === 'finished' ? 'Finished' : 'Skipped'} on ${new Date(setup.at).toLocaleString()}.`}
        {setup?.skippedSteps.length ? ` Skipped steps: ${setup.skippedSteps.map((s) => stepLabels[s]).join(', ')}.` : ''}
      </p>
      <button type="button" className="primary" onClick={() => open('ollama')} data-testid="settings-open-setup">Run setup again</button>
      <ul className="setup-step-links">
        {setupStepIds.filter((s) => s !== 'summary').map((s) => (
          <li key={s}>
            <button type="button" onClick={() => open(s)} aria-label={`Open setup step: ${stepLabels[s]}`}>{stepLabels[s]}{setup?.skippedSteps.includes(s) ? ' (skipped)' : ''}</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
