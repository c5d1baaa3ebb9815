import type { SetupStepId } from '../../../../shared/contract/settings';

/** The label each setup step is shown (and announced) with. */
export const stepLabels: Record<SetupStepId, string> = {
  ollama: 'Ollama',
  gpu: 'GPU',
  openclaw: 'OpenClaw',
  agents: 'Wire agents to ClawGrid',
  wallet: 'Wallet',
  network: 'Network',
  summary: 'Summary',
};
