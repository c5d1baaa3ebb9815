import type { Session } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import type { Result } from '../../shared/contract/envelope';
import { CSP } from '../../shared/domain/csp';
import { isTrustedUrl, type RendererTrust } from './trust';

/**
 * The default session: every permission request and permission check refused (camera, notifications from the
 * page, clipboard, HID/USB/serial…: the renderer needs none; native notifications come from main), and the CSP
 * header on every response.
 */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
}

type Dispatch = (name: unknown, input: unknown) => Promise<Result>;

/** The contract's IPC handler: only our renderer's top frame may call; everything else gets FORBIDDEN. */
export function ipcCallHandler(dispatch: Dispatch, trust: RendererTrust) {
  return async (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, name: unknown, input: unknown): Promise<Result> => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null || !isTrustedUrl(frame.url, trust)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Call from an untrusted frame refused' } };
    }
    return dispatch(name, input);
  };
}
