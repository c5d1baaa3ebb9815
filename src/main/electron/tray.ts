import { Menu, nativeImage, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import { trayIconPng } from './tray-icon';
import { trayModel, type TrayAction, type TrayItem, type TrayModel, type TrayStateSource } from './tray-model';

/** The tray model as Electron menu items; each click runs its action. */
export function menuTemplate(items: readonly TrayItem[], run: (a: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((i): MenuItemConstructorOptions => {
    if (i.kind === 'separator') return { type: 'separator' };
    if (i.kind === 'submenu') return { label: i.label, submenu: menuTemplate(i.items, run) };
    const action = i.action;
    return { label: i.label, enabled: i.enabled, ...(action ? { click: () => run(action) } : {}) };
  });
}

function icon(kind: TrayModel['icon']): NativeImage {
  const img = nativeImage.createFromBuffer(trayIconPng(kind, 16), { scaleFactor: 1 });
  img.addRepresentation({ scaleFactor: 2, buffer: trayIconPng(kind, 32) });
  return img;
}

/** The tray icon: re-rendered from the model on every state change; a click opens the window. */
export function createTray(source: TrayStateSource, run: (a: TrayAction) => void): { destroy(): void } {
  let shown: TrayModel['icon'] = 'off';
  const tray = new Tray(icon(shown));
  const render = () => {
    const model = trayModel(source.get());
    if (model.icon !== shown) tray.setImage(icon((shown = model.icon)));
    tray.setToolTip(model.tooltip);
    tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(model.items, run)));
  };
  tray.on('click', () => run({ kind: 'open' }));
  render();
  const unsubscribe = source.subscribe(render);
  return {
    destroy() {
      unsubscribe();
      tray.destroy();
    },
  };
}
