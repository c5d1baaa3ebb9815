import { describe, expect, it, vi } from 'vitest';
import { CSP } from '../../shared/domain/csp';
import { hardenSession, ipcCallHandler } from './session-policy';
import { rendererEntryUrl } from './trust';

vi.mock('electron', () => ({}));

const trust = { rendererDir: '/opt/Claw Grid/out/renderer', windows: false };

describe('session policy', () => {
  it('refuses every permission request and check and sets the CSP on responses', () => {
    const s = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
      webRequest: { onHeadersReceived: vi.fn() },
    };
    hardenSession(s as never);
    const cb = vi.fn();
    s.setPermissionRequestHandler.mock.calls[0]![0](null, 'media', cb);
    expect(cb).toHaveBeenCalledWith(false);
    expect(s.setPermissionCheckHandler.mock.calls[0]![0](null, 'clipboard-read', 'file://', {})).toBe(false);
    expect(s.setDevicePermissionHandler.mock.calls[0]![0]({})).toBe(false);
    const headers = vi.fn();
    s.webRequest.onHeadersReceived.mock.calls[0]![0]({ responseHeaders: { a: ['b'] } }, headers);
    expect(headers).toHaveBeenCalledWith({ responseHeaders: { a: ['b'], 'Content-Security-Policy': [CSP] } });
  });

  it('IPC: dispatches only for our renderer top frame (path with a space), refuses subframes and foreign pages', async () => {
    const dispatch = vi.fn(async () => ({ ok: true as const, output: 1 }));
    const handle = ipcCallHandler(dispatch, trust);
    const own = rendererEntryUrl(trust);
    expect(own).toContain('Claw%20Grid');
    expect(await handle({ senderFrame: { url: own, parent: null } } as never, 'app.info', {})).toEqual({ ok: true, output: 1 });
    expect(dispatch).toHaveBeenCalledWith('app.info', {});
    for (const senderFrame of [null, { url: 'https://evil.example/', parent: null }, { url: own, parent: {} }]) {
      expect(await handle({ senderFrame } as never, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(dispatch).toHaveBeenCalledTimes(1);
  });
});
