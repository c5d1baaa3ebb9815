import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { startEngineHarness, type EngineHarness } from './testing/engine-harness';

// Another program already holds the provider port: ClawGrid keeps running and says so.
let fake: FakeOllama;
let first: EngineHarness;
let second: EngineHarness;

beforeAll(async () => {
  fake = await startFakeOllama();
  first = await startEngineHarness(fake.url);
  second = await startEngineHarness(fake.url, { providerPort: first.feature.engine.provider.port()! });
});
afterAll(async () => {
  await second?.close();
  await first?.close();
  await fake?.close();
});

describe('provider port in use', () => {
  it('does not crash the host; status and snapshot explain it', async () => {
    const status = second.feature.engine.providerStatus();
    expect(status.state).toBe('error');
    expect(status.message).toMatch(/already in use/);
    const snap = await second.feature.handlers['routing.snapshot']({}, { transport: 'test' });
    expect(snap.provider.message).toMatch(/CLAWGRID_PROVIDER_PORT/);
    expect((await fetch(first.url + '/api/version')).status).toBe(200);
  });
});
