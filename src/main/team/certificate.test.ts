import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureCertificate } from './certificate';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('the team listener’s certificate', () => {
  it('is created once (key file 0600) and the same fingerprint comes back on the next start', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-cert-'));
    dirs.push(dir);
    const first = await ensureCertificate(dir, '0.0.0.0');
    expect(fs.statSync(first.keyFile).mode & 0o777).toBe(0o600);
    expect(first.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    // The fingerprint is SHA-256 over the DER certificate, what `openssl x509 -fingerprint -sha256` prints.
    const der = new crypto.X509Certificate(first.cert).raw;
    expect(first.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(crypto.createHash('sha256').update(der).digest('hex'));
    const again = await ensureCertificate(dir, '0.0.0.0');
    expect(again.fingerprint256).toBe(first.fingerprint256);
    expect(new crypto.X509Certificate(first.cert).checkPrivateKey(crypto.createPrivateKey(first.key))).toBe(true);
  });
});
