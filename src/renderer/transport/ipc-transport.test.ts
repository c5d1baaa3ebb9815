import { describe, expect, it, vi } from 'vitest';
import { appInfoFixture } from '../testing/monitor-fixtures';
import { CallError } from './call-error';
import { createIpcTransport } from './ipc-transport';
import type { Result } from '../../shared/contract/envelope';
import type { PreloadApi } from '../../shared/contract/preload-api';

function preload(reply: (name: string, input: unknown) => Promise<unknown>) {
  let emit: (batch: Record<string, unknown>) => void = () => undefined;
  const api: PreloadApi = {
    host: 'electron',
    // typed to resolve a Result; what actually arrives over IPC may not keep that promise
    call: vi.fn(async (name: string, input: unknown) => (await reply(name, input)) as Result),
    onEvents: (cb) => {
      emit = cb;
      return () => undefined;
    },
  };
  return { api, emit: (b: Record<string, unknown>) => emit(b) };
}

describe('ipc transport', () => {
  it('unwraps a valid Result envelope', async () => {
    const { api } = preload(async () => ({ ok: true, output: appInfoFixture({ host: 'electron' }) }));
    await expect(createIpcTransport(api).call('app.info', {})).resolves.toMatchObject({ host: 'electron' });
  });

  it('rejects malformed replies with a CallError, never a raw exception', async () => {
    const bad = [{ ok: true, output: { nope: 1 } }, 'string', null, { ok: false, error: { code: 'UNAVAILABLE', message: 'down' } }];
    const codes: string[] = [];
    for (const r of bad) {
      const { api } = preload(async () => r);
      try {
        await createIpcTransport(api).call('app.info', {});
      } catch (err) {
        expect(err).toBeInstanceOf(CallError);
        codes.push((err as CallError).code);
      }
    }
    expect(codes).toEqual(['INVALID_OUTPUT', 'TRANSPORT', 'TRANSPORT', 'UNAVAILABLE']);
  });

  it('turns an IPC failure into TRANSPORT and refuses invalid input before sending', async () => {
    const { api } = preload(async () => {
      throw new Error('Error invoking remote method');
    });
    const t = createIpcTransport(api);
    await expect(t.call('app.info', {})).rejects.toMatchObject({ code: 'TRANSPORT' });
    await expect(t.call('settings.update', { providerPort: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(api.call).toHaveBeenCalledTimes(1);
  });

  it('drops invalid events from a batch', () => {
    const { api, emit } = preload(async () => null);
    const listener = vi.fn();
    createIpcTransport(api, { onInvalidEvent: () => undefined }).subscribe(listener);
    emit({ 'monitor.tick': { broken: true } });
    expect(listener).not.toHaveBeenCalled();
  });
});
