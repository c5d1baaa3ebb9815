/** The shell's pages in sidebar order; the position is also the Alt/Ctrl+<n> shortcut. */
export const pages = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'models', label: 'Models' },
  { id: 'routing', label: 'Routing' },
  { id: 'agents', label: 'Agents' },
  { id: 'wallet', label: 'Wallet & Spend' },
  { id: 'proofs', label: 'Proofs' },
  { id: 'upgrades', label: 'Upgrades' },
] as const;

export type PageId = (typeof pages)[number]['id'];

export function isPageId(value: unknown): value is PageId {
  return typeof value === 'string' && pages.some((p) => p.id === value);
}
