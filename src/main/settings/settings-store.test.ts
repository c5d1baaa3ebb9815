import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContractError } from '../../shared/contract/errors';
import { createSettingsStore, SETTINGS_FILE } from './settings-store';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-settings-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('settings', () => {
  it('uses the documented defaults on first run', () => {
    const s = createSettingsStore(dir, {}).get();
    expect(s).toEqual({ ollamaUrl: 'http://127.0.0.1:11434', providerPort: 11500, hostPort: 7300, network: 'devnet', vramThresholdGb: 8, quitOnClose: false, launchAtLogin: false, updateChannel: 'stable', allowedOrigins: [], setup: null, keepGatewayRunning: false, providerBind: '127.0.0.1', providerLanPort: 11543, providerTls: true, providerRateLimitPerMinute: 120, traceContent: false, reconcileIntervalMin: 5, earnEnabled: false, earnModels: [], earnMinerId: '', earnPricePer1k: '0.002', earnPayoutAddress: '', earnLimits: { cpuPct: 80, ramPct: 70, gpuMemPct: 60 }, earnOwnAgentsFirst: true, earnHours: null, earnJobDeadlineS: 120, earnMaxOutputTokens: 1024 });
  });

  it('remembers how the first-run setup ended (a fresh data dir has none, so the window opens it)', () => {
    const first = createSettingsStore(dir, {});
    expect(first.get().setup).toBeNull();
    first.update({ setup: { outcome: 'skipped', at: 1, skippedSteps: ['wallet'] } });
    expect(createSettingsStore(dir, {}).get().setup).toEqual({ outcome: 'skipped', at: 1, skippedSteps: ['wallet'] });
    expect(() => first.update({ setup: { outcome: 'later', at: 1, skippedSteps: [] } as never })).toThrow();
  });

  it('reads team and tracing switches from the environment, refusing what they cannot mean', () => {
    const s = createSettingsStore(dir, { CLAWGRID_PROVIDER_BIND: '0.0.0.0', CLAWGRID_PROVIDER_TLS: 'off', OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true', CLAWGRID_PROVIDER_RATE_LIMIT: '30' }).get();
    expect(s).toMatchObject({ providerBind: '0.0.0.0', providerTls: false, traceContent: true, providerRateLimitPerMinute: 30 });
    expect(() => createSettingsStore(dir, { CLAWGRID_PROVIDER_TLS: 'maybe' })).toThrow(/CLAWGRID_PROVIDER_TLS/);
    expect(() => createSettingsStore(dir, { CLAWGRID_PROVIDER_BIND: 'my-laptop' })).toThrow(/CLAWGRID_PROVIDER_BIND/);
  });

  it('persists an update and reads it back in a new store', () => {
    createSettingsStore(dir, {}).update({ hostPort: 7400, network: 'https://hub.example.org' });
    const again = createSettingsStore(dir, {}).get();
    expect(again.hostPort).toBe(7400);
    expect(again.network).toBe('https://hub.example.org');
  });

  it('env overrides the file and is reported as such', () => {
    createSettingsStore(dir, {}).update({ hostPort: 7400 });
    const store = createSettingsStore(dir, { CLAWGRID_HOST_PORT: '7555', CLAWGRID_OLLAMA_URL: 'http://10.0.0.2:11434' });
    expect(store.get().hostPort).toBe(7555);
    expect(store.get().ollamaUrl).toBe('http://10.0.0.2:11434');
    expect(store.view().overriddenByEnv.sort()).toEqual(['hostPort', 'ollamaUrl']);
  });

  it('refuses to change an env-overridden key and writes nothing', () => {
    const store = createSettingsStore(dir, { CLAWGRID_HOST_PORT: '7555' });
    expect(() => store.update({ hostPort: 7600 })).toThrow(/CLAWGRID_HOST_PORT/);
    expect(fs.existsSync(path.join(dir, SETTINGS_FILE))).toBe(false);
  });

  it('rejects invalid values with a clear error and changes nothing', () => {
    const store = createSettingsStore(dir, {});
    store.update({ hostPort: 7400 });
    const before = fs.readFileSync(path.join(dir, SETTINGS_FILE), 'utf8');
    let err: unknown;
    try {
      store.update({ hostPort: 70000 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ContractError);
    expect((err as ContractError).code).toBe('INVALID_INPUT');
    expect((err as ContractError).issues?.[0]?.path).toBe('hostPort');
    expect(() => store.update({ network: 'ftp://nope' as never })).toThrow(ContractError);
    expect(fs.readFileSync(path.join(dir, SETTINGS_FILE), 'utf8')).toBe(before);
    expect(store.get().hostPort).toBe(7400);
  });

  it('an invalid environment value fails start with the variable named', () => {
    expect(() => createSettingsStore(dir, { CLAWGRID_PROVIDER_PORT: 'eleven' })).toThrow(/CLAWGRID_PROVIDER_PORT/);
    expect(() => createSettingsStore(dir, { CLAWGRID_NETWORK: 'mainnet-please' })).toThrow(/CLAWGRID_NETWORK/);
  });

  it('reads CLAWGRID_ORIGINS as a comma list, like OLLAMA_ORIGINS', () => {
    const s = createSettingsStore(dir, { CLAWGRID_ORIGINS: ' https://app.example.com, https://*.tools.example ,' });
    expect(s.get().allowedOrigins).toEqual(['https://app.example.com', 'https://*.tools.example']);
    expect(s.view().overriddenByEnv).toContain('allowedOrigins');
  });

  it('keeps valid keys of a partly invalid file and sets a corrupt file aside', () => {
    fs.writeFileSync(path.join(dir, SETTINGS_FILE), JSON.stringify({ hostPort: 7401, providerPort: -3 }));
    expect(createSettingsStore(dir, {}).get()).toMatchObject({ hostPort: 7401, providerPort: 11500 });
    fs.writeFileSync(path.join(dir, SETTINGS_FILE), '{not json');
    expect(createSettingsStore(dir, {}).get().hostPort).toBe(7300);
    expect(fs.readdirSync(dir).some((f) => f.startsWith(`${SETTINGS_FILE}.corrupt-`))).toBe(true);
  });
});

describe('keepGatewayRunning', () => {
  it('is off by default and CLAWGRID_KEEP_GATEWAY=on turns it on (locked)', () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-settings-'));
    try {
      expect(createSettingsStore(d, {}).get().keepGatewayRunning).toBe(false);
      const s = createSettingsStore(d, { CLAWGRID_KEEP_GATEWAY: 'on' });
      expect(s.get().keepGatewayRunning).toBe(true);
      expect(s.view().overriddenByEnv).toContain('keepGatewayRunning');
      expect(() => createSettingsStore(d, { CLAWGRID_KEEP_GATEWAY: 'maybe' })).toThrow(/CLAWGRID_KEEP_GATEWAY/);
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('earn mode settings', () => {
  it('is off by default; CLAWGRID_EARN, _EARN_MODELS, _MINER_ID, _EARN_PRICE_PER_1K and _PAYOUT_ADDRESS set it (locked)', () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-settings-'));
    try {
      expect(createSettingsStore(d, {}).get()).toMatchObject({ earnEnabled: false, earnModels: [], earnLimits: { cpuPct: 80, ramPct: 70, gpuMemPct: 60 } });
      const s = createSettingsStore(d, { CLAWGRID_EARN: 'on', CLAWGRID_EARN_MODELS: 'llama3.2:3b, qwen3:8b', CLAWGRID_MINER_ID: 'my-rig', CLAWGRID_EARN_PRICE_PER_1K: '0.004', CLAWGRID_PAYOUT_ADDRESS: '0x00000000000000000000000000000000000000aa' });
      expect(s.get()).toMatchObject({ earnEnabled: true, earnModels: ['llama3.2:3b', 'qwen3:8b'], earnMinerId: 'my-rig', earnPricePer1k: '0.004', earnPayoutAddress: '0x00000000000000000000000000000000000000aa' });
      expect(() => s.update({ earnEnabled: false })).toThrow(/CLAWGRID_EARN/);
      expect(s.update({ earnLimits: { cpuPct: 50, ramPct: 60, gpuMemPct: 40 }, earnHours: { startHour: 22, endHour: 7 } }).settings.earnHours).toEqual({ startHour: 22, endHour: 7 });
      expect(() => createSettingsStore(d, { CLAWGRID_EARN_PRICE_PER_1K: 'cheap' })).toThrow(/CLAWGRID_EARN_PRICE_PER_1K/);
      expect(() => createSettingsStore(d, { CLAWGRID_PAYOUT_ADDRESS: 'me' })).toThrow(/CLAWGRID_PAYOUT_ADDRESS/);
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
