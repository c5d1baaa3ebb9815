import type { ComponentType } from 'react';
import { PlaceholderPage } from '../components/placeholder-page';
import { AgentsPage } from '../features/agents/components/agents-page';
import { DashboardPage } from '../features/gpu/components/dashboard-page';
import { ModelsPage } from '../features/models/components/models-page';
import { ProofsPage } from '../features/proofs/components/proofs-page';
import { RoutingPage } from '../features/routing/components/routing-page';
import { UpgradesPage } from '../features/upgrades/components/upgrades-page';
import { WalletPage } from '../features/wallet/components/wallet-page';
import type { PageId } from './pages';

/** Pages that exist; each feature adds one line here when its page lands (and drops its placeholder). */
const built = {
  agents: AgentsPage,
  dashboard: DashboardPage,
  models: ModelsPage,
  proofs: ProofsPage,
  routing: RoutingPage,
  wallet: WalletPage,
  upgrades: UpgradesPage,
} satisfies Partial<Record<PageId, ComponentType>>;

type PlaceholderId = Exclude<PageId, keyof typeof built>;

/** What each page not built yet will show, and what it still needs. */
const placeholders: Record<PlaceholderId, { what: string; missing: string }> = {};

export function PageView({ page }: { page: PageId }) {
  if (page in built) {
    const Page = built[page as keyof typeof built];
    return <Page />;
  }
  const p = (placeholders as Partial<Record<PageId, { what: string; missing: string }>>)[page] ?? { what: page, missing: '' };
  return <PlaceholderPage id={page} what={p.what} missing={p.missing} />;
}
