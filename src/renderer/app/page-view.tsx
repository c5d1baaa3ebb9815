import type { ComponentType } from 'react';
import { PlaceholderPage } from '../components/placeholder-page';
import { DashboardPage } from '../features/gpu/components/dashboard-page';
import type { PageId } from './pages';

/** Pages that exist; each feature adds one line here when its page lands (and drops its placeholder). */
const built = {
  dashboard: DashboardPage,
} satisfies Partial<Record<PageId, ComponentType>>;

type PlaceholderId = Exclude<PageId, keyof typeof built>;

/** What each page not built yet will show, and what it still needs. */
const placeholders: Record<PlaceholderId, { what: string; missing: string }> = {
  models: {
    what: 'Every model you can use — local Ollama models and the AITBC network catalog — with size, VRAM fit and where each runs by default.',
    missing: 'Appears once the model catalog service reads Ollama (/api/tags) and the network catalog.',
  },
  routing: {
    what: 'Live routing decisions (local / network / race) with reasons, TTFT and cost per request.',
    missing: 'Appears once the hybrid engine and its Ollama-compatible endpoint (port 11500) are running.',
  },
  agents: {
    what: 'Your OpenClaw agents, each with its API key, routing policy, budget and recent requests.',
    missing: 'Appears once OpenClaw (npm package openclaw, Node ≥ 24.16) is detected and pointed at ClawGrid’s endpoint.',
  },
  wallet: {
    what: 'Your AIT balance, spend per agent against its budget and caps, and every payment in the ledger.',
    missing: 'Appears once the wallet and the ledger are set up. On devnet, AIT is play money.',
  },
  proofs: {
    what: 'The receipt and ZK proof returned for each job run on the AITBC network, and whether it verified.',
    missing: 'Appears once the proof verifier is running and the first network job has completed.',
  },
  upgrades: {
    what: 'Available updates for ClawGrid, Ollama and OpenClaw, what each changes, and a one-click upgrade.',
    missing: 'Appears once the update checker is in place.',
  },
};

export function PageView({ page }: { page: PageId }) {
  if (page in built) {
    const Page = built[page as keyof typeof built];
    return <Page />;
  }
  const p = placeholders[page as PlaceholderId];
  return <PlaceholderPage id={page} what={p.what} missing={p.missing} />;
}
