import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger';
import { createRouter, type Handlers } from './router';
import { ContractError } from '../../shared/contract/errors';
import { DEFAULT_SETTINGS } from '../settings/env-overrides';

const view = { settings: { ...DEFAULT_SETTINGS, network: 'devnet' as const }, overriddenByEnv: [], dataDir: '/tmp/x' };

// Only the calls these tests use; the router looks handlers up by name.
function handlers(over: Partial<Handlers> = {}): Handlers {
  return ({
    'app.info': () => ({ name: 'ClawGrid', version: '0.1.0', host: 'headless', platform: 'linux-x64', dataDir: '/tmp/x', schemaVersion: 1, network: 'devnet' }),
    'monitor.snapshot': () => ({ samples: [], status: null as never }),
    'settings.get': () => view,
    'settings.update': () => view,
    ...over,
  }) as Partial<Handlers> as Handlers;
}

describe('router (main side of the contract)', () => {
  const router = createRouter(handlers(), silentLogger);

  it('dispatches a valid call', async () => {
    const r = await router.dispatch('settings.get', {}, { transport: 'test' });
    expect(r).toEqual({ ok: true, output: view });
  });

  it('unknown call → UNKNOWN_CALL, never a throw', async () => {
    const r = await router.dispatch('wallet.drain', {}, { transport: 'test' });
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(await router.dispatch(42, {}, { transport: 'test' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(await router.dispatch('__proto__', {}, { transport: 'test' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
  });

  it('malformed input → INVALID_INPUT with the offending field', async () => {
    const r = await router.dispatch('settings.update', { hostPort: 'seven' }, { transport: 'test' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(r.error.issues?.[0]?.path).toBe('hostPort');
    }
    expect(await router.dispatch('settings.update', { sneaky: 1 }, { transport: 'test' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await router.dispatch('app.info', 'not-an-object', { transport: 'test' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('a handler reply that breaks the contract → INVALID_OUTPUT, not sent through', async () => {
    const r = await router.dispatch('monitor.snapshot', {}, { transport: 'test' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_OUTPUT' } });
  });

  it('a ContractError from a service keeps its code; other throws become INTERNAL', async () => {
    const r1 = createRouter(handlers({ 'settings.update': () => { throw new ContractError('INVALID_INPUT', 'Set by environment'); } }), silentLogger);
    expect(await r1.dispatch('settings.update', {}, { transport: 'test' })).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'Set by environment' } });
    const r2 = createRouter(handlers({ 'settings.get': () => { throw new Error('disk gone'); } }), silentLogger);
    expect(await r2.dispatch('settings.get', {}, { transport: 'test' })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
