import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

type LazyPage = LazyExoticComponent<ComponentType>;

/** Each page is its own chunk, fetched the first time it is shown (recharts only travels with the pages that chart). */
const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): LazyPage =>
  lazy(() => load().then((m) => ({ default: m[name] })));

/** The shell's pages in sidebar order; the position is also the Alt/Ctrl+<n> shortcut. */
export const pages = [
  { id: 'dashboard', label: 'Dashboard', component: page(() => import('../features/monitor/components/dashboard-page'), 'DashboardPage') },
  { id: 'models', label: 'Models', component: page(() => import('../features/models/components/models-page'), 'ModelsPage') },
  { id: 'routing', label: 'Routing', component: page(() => import('../features/routing/components/routing-page'), 'RoutingPage') },
  { id: 'agents', label: 'Agents', component: page(() => import('../features/openclaw/components/agents-page'), 'AgentsPage') },
  { id: 'wallet', label: 'Wallet & Spend', component: page(() => import('../features/wallet/components/wallet-page'), 'WalletPage') },
  { id: 'proofs', label: 'Proofs', component: page(() => import('../features/proofs/components/proofs-page'), 'ProofsPage') },
  { id: 'upgrades', label: 'Upgrades', component: page(() => import('../features/openclaw/components/upgrades-page'), 'UpgradesPage') },
  { id: 'earn', label: 'Earn', component: page(() => import('../features/earn/components/earn-page'), 'EarnPage') },
  { id: 'settings', label: 'Settings', component: page(() => import('../features/settings/components/settings-page'), 'SettingsPage') },
] as const;

/** Pages reached from inside the app, not from the sidebar: the first-run setup (opened on a fresh data dir, and from Settings). */
export const hiddenPages = [
  { id: 'setup', label: 'Set up ClawGrid', component: page(() => import('../features/setup/components/setup-page'), 'SetupPage') },
] as const;

export type PageId = (typeof pages)[number]['id'] | (typeof hiddenPages)[number]['id'];

const allPages: readonly { id: PageId; label: string; component: LazyPage }[] = [...pages, ...hiddenPages];

export function isPageId(value: unknown): value is PageId {
  return typeof value === 'string' && allPages.some((p) => p.id === value);
}

/** The page's entry (label for the heading and title, lazy component). */
export function pageEntry(id: PageId): { id: PageId; label: string; component: LazyPage } {
  return allPages.find((p) => p.id === id) ?? allPages[0]!;
}
