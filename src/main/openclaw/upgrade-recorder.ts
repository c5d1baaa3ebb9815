import type { UpgradeRun, UpgradeStep } from '../../shared/contract/openclaw';
import type { CliResult } from './cli-runner';

const MAX_OUTPUT = 200_000;

/** Holds one upgrade run and tells the listener after every change (the UI streams it). */
export class UpgradeRecorder {
  readonly run: UpgradeRun;
  constructor(
    init: Pick<UpgradeRun, 'id' | 'fromVersion' | 'targetVersion' | 'dryRun'>,
    private readonly onChange: (run: UpgradeRun) => void,
  ) {
    this.run = { ...init, state: 'running', steps: [], outcome: '', gatewayRunning: null, startedAt: Date.now(), endedAt: null, backupPath: null, rollbackPlan: '', rollbackOf: null };
  }

  add(id: string, label: string, phase: UpgradeStep['phase']): UpgradeStep {
    const step: UpgradeStep = { id, label, phase, state: 'pending', detail: '', command: null, output: '', startedAt: null, endedAt: null };
    this.run.steps.push(step);
    this.emit();
    return step;
  }

  start(step: UpgradeStep, command: string | null = null): void {
    step.state = 'running';
    step.command = command;
    step.startedAt = Date.now();
    this.emit();
  }

  append(step: UpgradeStep, chunk: string): void {
    if (step.output.length < MAX_OUTPUT) step.output += chunk;
    this.emit();
  }

  /** Records a finished CLI result as the step's raw output (if not streamed already). */
  output(step: UpgradeStep, r: CliResult): void {
    if (!step.output) step.output = `${r.stdout}${r.stderr ? `\n--- stderr ---\n${r.stderr}` : ''}`.slice(0, MAX_OUTPUT);
    step.output += `\n[exit ${r.code ?? 'n/a'}${r.timedOut ? ', timed out' : ''}, ${(r.durationMs / 1000).toFixed(1)} s]`;
  }

  end(step: UpgradeStep, state: 'ok' | 'failed' | 'skipped', detail: string): void {
    step.state = state;
    step.detail = detail;
    step.startedAt ??= Date.now();
    step.endedAt = Date.now();
    this.emit();
  }

  finish(state: UpgradeRun['state'], outcome: string, gatewayRunning: boolean | null): UpgradeRun {
    for (const s of this.run.steps) if (s.state === 'pending') s.state = 'skipped';
    this.run.state = state;
    this.run.outcome = outcome;
    this.run.gatewayRunning = gatewayRunning;
    this.run.endedAt = Date.now();
    this.emit();
    return this.run;
  }

  private emit(): void {
    this.onChange(structuredClone(this.run));
  }
}
