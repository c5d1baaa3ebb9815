import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventHub } from '../events/event-hub';
import type { CoreServices } from '../feature';
import { silentLogger } from '../log/logger';
import { createSettingsStore } from '../settings/settings-store';
import { openDatabase, type Db } from '../store/database';
import { DEVNET_ZK_VERIFICATION_KEY, startDevnet } from '../devnet/port';
import { createNetworkFeature } from './network-feature';

// The key port proofs is wired to: the network runtime reports the devnet's keys without proofs reading devnet files.
let dir: string;
let db: Db;
afterEach(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function core(): CoreServices {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawgrid-netkeys-'));
  db = openDatabase(dir);
  const env: Record<string, string | undefined> = {};
  return { host: 'headless', dataDir: dir, env, log: silentLogger, settings: createSettingsStore(dir, env), db, hub: createEventHub({ tickMs: 100 }) };
}

describe('network keys port', () => {
  it('has no receipt key before any devnet ran, and the devnet’s own key once one ran in the data dir', async () => {
    const c = core();
    const network = createNetworkFeature(c);
    expect(network.networkKeys()).toEqual({ receiptSigningKey: null, zkVerificationKey: DEVNET_ZK_VERIFICATION_KEY });
    const devnet = await startDevnet({ dataDir: c.dataDir, port: 0, rateLimits: false });
    await devnet.close();
    const key = network.networkKeys().receiptSigningKey;
    expect(key).not.toBeNull();
    expect(Buffer.from(key as Uint8Array).toString('hex')).toBe(Buffer.from(devnet.receiptPublicKey).toString('hex'));
  });
});
