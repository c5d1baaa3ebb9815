import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, type ReactNode } from 'react';
import { setupStepIds, type SetupStepId } from '../../../../shared/contract/settings';
import { LiveError } from '../../../components/live-error';
import { useUiStore } from '../../../stores/ui-store';
import { useTransport } from '../../../transport/transport-context';
import { appInfoQuery } from '../../app-info/port';
import { settingsUpdateMutation } from '../../settings/port';
import { stepLabels } from '../lib/setup-steps';
import { useSetupStore } from '../stores/setup-store';
import { SummaryStep } from './setup-summary';
import { AgentsStep, GpuStep, OllamaStep, OpenClawStep } from './steps-local';
import { NetworkStep, WalletStep } from './steps-money';

function stepBody(step: SetupStepId, platform: string): ReactNode {
  switch (step) {
    case 'ollama': return <OllamaStep platform={platform} />;
    case 'gpu': return <GpuStep />;
    case 'openclaw': return <OpenClawStep platform={platform} />;
    case 'agents': return <AgentsStep />;
    case 'wallet': return <WalletStep />;
    case 'network': return <NetworkStep />;
    case 'summary': return <SummaryStep />;
  }
}

/** "Set up ClawGrid": one step at a time, each skippable, with a way out on every step; the end is remembered in settings. */
export function SetupPage() {
  const transport = useTransport();
  const qc = useQueryClient();
  const platform = useQuery(appInfoQuery(transport)).data?.platform ?? 'linux';
  const { step, skipped, goTo, advance, back } = useSetupStore();
  const setPage = useUiStore((s) => s.setPage);
  const save = useMutation(settingsUpdateMutation(transport, qc));
  const index = setupStepIds.indexOf(step);
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) firstRender.current = false;
    else heading.current?.focus(); // a new step: put the reader at its heading
  }, [step]);

  const end = (outcome: 'finished' | 'skipped') => {
    const rest = outcome === 'skipped' ? setupStepIds.slice(index).filter((s) => s !== 'summary') : [];
    save.mutate({ setup: { outcome, at: Date.now(), skippedSteps: [...new Set([...skipped, ...rest])] } }, { onSuccess: () => setPage('dashboard') });
  };
  const last = step === 'summary';
  return (
    <div className="setup-page" data-testid="page-setup">
      <p className="note">Seven short steps. Each can be skipped; all of them stay available in Settings. Nothing here stops you from using ClawGrid.</p>
      <nav aria-label="Setup steps">
        <ol className="setup-stepper">
          {setupStepIds.map((s, i) => (
            <li key={s}>
              <button type="button" aria-current={s === step ? 'step' : undefined} onClick={() => goTo(s)} data-testid={`setup-goto-${s}`}>
                {i + 1}. {stepLabels[s]}{skipped.includes(s) ? ' (skipped)' : ''}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <section className="card setup-step" aria-labelledby="setup-step-title" data-testid={`setup-step-${step}`}>
        <h2 id="setup-step-title" tabIndex={-1} ref={heading}>
          Step {index + 1} of {setupStepIds.length}: {stepLabels[step]}
        </h2>
        {stepBody(step, platform)}
      </section>
      <div className="setup-actions">
        <button type="button" onClick={back} disabled={index === 0} data-testid="setup-back">Back</button>
        {last ? null : <button type="button" onClick={() => advance(true)} data-testid="setup-skip-step">Skip this step</button>}
        {last ? (
          <button type="button" className="primary" onClick={() => end('finished')} disabled={save.isPending} data-testid="setup-finish">Finish setup</button>
        ) : (
          <button type="button" className="primary" onClick={() => advance(false)} data-testid="setup-next">Next</button>
        )}
        <button type="button" className="setup-leave" onClick={() => end('skipped')} disabled={save.isPending} data-testid="setup-skip-all">Skip setup for now</button>
      </div>
      <LiveError error={save.error} testId="setup-error" />
    </div>
  );
}
