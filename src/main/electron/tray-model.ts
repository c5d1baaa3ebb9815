import type { UpdateStatus } from '../../shared/contract/app';
import type { Approval } from '../../shared/contract/wallet';
import { formatAmount, parseAmount } from '../../shared/domain/decimal';

/** What the tray shows, gathered from the container (src/main/adapters/tray-state.ts). */
export interface TrayState {
  /** The local Ollama: reachable, and how many models are loaded. */
  local: { state: 'starting' | 'ok' | 'absent' | 'error'; loaded: number };
  /** The GPU network: which one and its health (null before the first status). */
  network: { kind: 'devnet' | 'remote' | 'off'; health: 'ok' | 'degraded' | 'down' | 'off' } | null;
  /** Earning (selling this machine's GPU time): no earn feature yet, so always off. */
  earning: 'on' | 'off';
  approvals: readonly Approval[];
  update: Pick<UpdateStatus, 'state' | 'version'> | null;
}

/** Where the tray reads its state (an adapter over the container: src/main/adapters/tray-state.ts). */
export interface TrayStateSource {
  get(): TrayState;
  /** Called after anything the tray shows changed. */
  subscribe(onChange: () => void): () => void;
}

export type TrayAction =
  | { kind: 'open' }
  | { kind: 'quit' }
  | { kind: 'decide'; id: string; decision: 'approve_once' | 'deny' }
  | { kind: 'install-update' };

export type TrayItem =
  | { kind: 'item'; label: string; enabled: boolean; action: TrayAction | null }
  | { kind: 'separator' }
  | { kind: 'submenu'; label: string; items: TrayItem[] };

export interface TrayModel {
  /** Icon: `attention` while an approval waits, `off` when nothing can serve, else `ok`. */
  icon: 'ok' | 'attention' | 'off';
  tooltip: string;
  items: TrayItem[];
}

/** Approvals listed one by one; the rest are counted (the window shows them all). */
export const MAX_LISTED_APPROVALS = 5;

const info = (label: string): TrayItem => ({ kind: 'item', label, enabled: false, action: null });
const act = (label: string, action: TrayAction): TrayItem => ({ kind: 'item', label, enabled: true, action });

function localLine(l: TrayState['local']): string {
  if (l.state === 'ok') return `Local: Ollama ready${l.loaded ? ` (${l.loaded} loaded)` : ''}`;
  return l.state === 'starting' ? 'Local: checking Ollama…' : l.state === 'absent' ? 'Local: Ollama not found' : 'Local: Ollama not answering';
}

function networkLine(n: TrayState['network']): string {
  if (!n) return 'Network: starting…';
  if (n.kind === 'off') return 'Network: off';
  return `Network: ${n.kind === 'devnet' ? 'devnet (play money)' : 'AITBC'} · ${n.health}`;
}

/** The tray's icon, tooltip and menu for a state. Pure: the Electron glue only renders it. */
export function trayModel(s: TrayState): TrayModel {
  const n = s.approvals.length;
  const items: TrayItem[] = [info(localLine(s.local)), info(networkLine(s.network)), info(`Earning: ${s.earning}`), { kind: 'separator' }];
  if (n > 0) {
    items.push(info(`${n} payment${n === 1 ? '' : 's'} waiting for approval`));
    for (const a of s.approvals.slice(0, MAX_LISTED_APPROVALS)) {
      items.push({
        kind: 'submenu',
        label: `${a.agentId} · ${a.model}: up to ${formatAmount(-parseAmount(a.deltaAit))} AIT`,
        items: [act('Approve once', { kind: 'decide', id: a.id, decision: 'approve_once' }), act('Deny', { kind: 'decide', id: a.id, decision: 'deny' })],
      });
    }
    if (n > MAX_LISTED_APPROVALS) items.push(act(`${n - MAX_LISTED_APPROVALS} more — open ClawGrid`, { kind: 'open' }));
    items.push({ kind: 'separator' });
  }
  if (s.update?.state === 'ready' || s.update?.state === 'deferred') items.push(act(`Restart to update to ${s.update.version ?? 'the new version'}`, { kind: 'install-update' }), { kind: 'separator' });
  items.push(act('Open ClawGrid', { kind: 'open' }), act('Quit ClawGrid', { kind: 'quit' }));

  const serving = s.local.state === 'ok' || (s.network !== null && s.network.kind !== 'off' && s.network.health !== 'down');
  const icon = n > 0 ? 'attention' : serving ? 'ok' : 'off';
  const tooltip = ['ClawGrid', localLine(s.local), networkLine(s.network), ...(n ? [`${n} approval${n === 1 ? '' : 's'} waiting`] : [])].join('\n');
  return { icon, tooltip, items };
}
