import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import type { Approval } from '../../shared/contract/wallet';
import type { TrayAction, TrayState } from './tray-model';

// Electron is stubbed: the tray's glue renders the pure model into Menu templates and icons without the binary.
const trays: FakeTray[] = [];
class FakeTray {
  image: unknown;
  tooltip = '';
  menu: { template: Item[] } | null = null;
  handlers = new Map<string, () => void>();
  destroyed = false;
  constructor(image: unknown) {
    this.image = image;
    trays.push(this);
  }
  setImage(i: unknown) {
    this.image = i;
  }
  setToolTip(t: string) {
    this.tooltip = t;
  }
  setContextMenu(m: { template: Item[] }) {
    this.menu = m;
  }
  on(e: string, h: () => void) {
    this.handlers.set(e, h);
  }
  destroy() {
    this.destroyed = true;
  }
}
type Item = { label?: string; type?: string; enabled?: boolean; click?: () => void; submenu?: Item[] };
vi.mock('electron', () => ({
  Tray: FakeTray,
  Menu: { buildFromTemplate: (template: Item[]) => ({ template }) },
  nativeImage: { createFromBuffer: (buffer: Buffer) => ({ buffer, reps: [] as Buffer[], addRepresentation(r: { buffer: Buffer }) { this.reps.push(r.buffer); } }) },
}));
const { createTray } = await import('./tray');
const { trayIconPng, TRAY_COLORS } = await import('./tray-icon');
const { PNG } = createRequire(import.meta.url)('pngjs') as { PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Buffer } } } };

const approval = { id: 'apr_9', agentId: 'coder', model: 'm', deltaAit: '-0.5' } as Approval;

function source(initial: TrayState) {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    subscribe: (l: () => void) => (listeners.add(l), () => listeners.delete(l)),
    set(next: Partial<TrayState>) {
      state = { ...state, ...next };
      listeners.forEach((l) => l());
    },
    listeners,
  };
}

describe('tray (electron stubbed)', () => {
  it('renders the menu, re-renders on change, and runs the clicked action', () => {
    const s = source({ local: { state: 'ok', loaded: 0 }, network: null, earning: 'off', approvals: [], update: null });
    const actions: TrayAction[] = [];
    const t = createTray(s, (a) => actions.push(a));
    const tray = trays.at(-1)!;
    expect(tray.menu!.template.map((i) => i.label ?? i.type)).toEqual(['Local: Ollama ready', 'Network: starting…', 'Earning: off', 'separator', 'Open ClawGrid', 'Quit ClawGrid']);

    s.set({ approvals: [approval] });
    const sub = tray.menu!.template.find((i) => i.submenu)!;
    expect(sub.label).toBe('coder · m: up to 0.5 AIT');
    sub.submenu![1]!.click!();
    expect(actions).toEqual([{ kind: 'decide', id: 'apr_9', decision: 'deny' }]);
    expect(tray.tooltip).toContain('1 approval waiting');

    tray.handlers.get('click')!();
    expect(actions.at(-1)).toEqual({ kind: 'open' });
    t.destroy();
    expect(tray.destroyed).toBe(true);
    expect(s.listeners.size).toBe(0);
  });

  it('the icon is a real PNG disc in the status colour, with a 2x representation', () => {
    const s = source({ local: { state: 'absent', loaded: 0 }, network: { kind: 'off', health: 'off' }, earning: 'off', approvals: [], update: null });
    createTray(s, () => undefined);
    const tray = trays.at(-1)!;
    s.set({ approvals: [approval] });
    const img = tray.image as { buffer: Buffer; reps: Buffer[] };
    const png = PNG.sync.read(img.buffer);
    expect([png.width, png.height]).toEqual([16, 16]);
    const centre = (8 * 16 + 8) * 4;
    expect([...png.data.subarray(centre, centre + 4)]).toEqual([...TRAY_COLORS.attention, 255]);
    expect(png.data[3]).toBe(0); // the corner is transparent
    expect(PNG.sync.read(img.reps[0]!).width).toBe(32);
    expect(trayIconPng('ok', 16).equals(trayIconPng('off', 16))).toBe(false);
  });
});
