import { beforeEach, describe, expect, it, vi } from 'vitest';

// Electron is stubbed: the shell's wiring is tested without the binary.
const openExternal = vi.fn(async () => undefined);
vi.mock('electron', () => ({ shell: { openExternal }, BrowserWindow: class {} }));

const { hardenContents, mainWindowOptions } = await import('./window');
const { rendererEntryUrl } = await import('./trust');

type Handler = (...args: never[]) => unknown;
function fakeContents() {
  const on = new Map<string, Handler>();
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  return {
    on,
    open: (url: string) => openHandler!({ url }),
    contents: {
      setWindowOpenHandler: (h: typeof openHandler) => void (openHandler = h),
      on: (event: string, h: Handler) => void on.set(event, h),
    },
  };
}
const trust = { rendererDir: 'C:\\Program Files\\ClawGrid\\out\\renderer', windows: true };

beforeEach(() => openExternal.mockClear());

describe('main window', () => {
  it('is sandboxed, isolated, without node, webviews or insecure content', () => {
    const o = mainWindowOptions('/app/preload/index.js');
    expect(o.webPreferences).toMatchObject({
      preload: '/app/preload/index.js',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    expect(o.show).toBe(false);
  });

  it('denies every new window; only https links go to the system browser', () => {
    const f = fakeContents();
    hardenContents(f.contents as never, trust);
    expect(f.open('https://docs.example.org/')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://docs.example.org/');
    for (const u of ['http://example.org/', 'file:///C:/Windows/system32/calc.exe', 'javascript:alert(1)']) {
      expect(f.open(u)).toEqual({ action: 'deny' });
    }
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('blocks navigation and redirects away from the renderer, and webviews; allows its own pages (Windows paths)', () => {
    const f = fakeContents();
    hardenContents(f.contents as never, trust);
    const own = rendererEntryUrl(trust);
    for (const event of ['will-navigate', 'will-redirect']) {
      const h = f.on.get(event) as unknown as (e: { preventDefault(): void }, url: string) => void;
      const bad = { preventDefault: vi.fn() };
      h(bad, 'https://evil.example/');
      expect(bad.preventDefault, event).toHaveBeenCalled();
      const good = { preventDefault: vi.fn() };
      h(good, own);
      expect(good.preventDefault, event).not.toHaveBeenCalled();
    }
    const frame = f.on.get('will-frame-navigate') as unknown as (e: { url: string; preventDefault(): void }) => void;
    const sub = { url: 'https://evil.example/', preventDefault: vi.fn() };
    frame(sub);
    expect(sub.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    (f.on.get('will-attach-webview') as unknown as (e: typeof webview) => void)(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });
});
