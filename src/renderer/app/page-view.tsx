import type { ComponentType } from 'react';
import { AgentsPage } from '../features/openclaw/components/agents-page';
import { DashboardPage } from '../features/monitor/components/dashboard-page';
import { ModelsPage } from '../features/models/components/models-page';
import { ProofsPage } from '../features/proofs/components/proofs-page';
import { RoutingPage } from '../features/routing/components/routing-page';
import { UpgradesPage } from '../features/openclaw/components/upgrades-page';
import { WalletPage } from '../features/wallet/components/wallet-page';
import type { PageId } from './pages';

/** One component per sidebar page; a new page is one line here plus its entry in pages.ts. */
const pageComponents: Record<PageId, ComponentType> = {
  dashboard: DashboardPage,
  models: ModelsPage,
  routing: RoutingPage,
  agents: AgentsPage,
  wallet: WalletPage,
  proofs: ProofsPage,
  upgrades: UpgradesPage,
};

export function PageView({ page }: { page: PageId }) {
  const Page = pageComponents[page];
  return <Page />;
}
