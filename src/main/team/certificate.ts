import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';

/** ClawGrid's own TLS identity for the team listener: created once, then the same key and fingerprint every start. */
export interface ProviderCertificate {
  key: string;
  cert: string;
  /** SHA-256 over the DER certificate, `AA:BB:…` (what `openssl x509 -fingerprint -sha256` prints). */
  fingerprint256: string;
  /** SHA-256 of the public key (SPKI), base64: curl's `--pinnedpubkey sha256//<this>`. */
  spkiSha256: string;
  keyFile: string;
  certFile: string;
}

export const TLS_DIR = 'tls';

/** Loads `<dataDir>/tls/provider-{key,cert}.pem`, or creates them (EC P-256, self-signed; key file 0600). */
export async function ensureCertificate(dataDir: string, bindAddress: string): Promise<ProviderCertificate> {
  const dir = path.join(dataDir, TLS_DIR);
  const keyFile = path.join(dir, 'provider-key.pem');
  const certFile = path.join(dir, 'provider-cert.pem');
  if (!fs.existsSync(keyFile) || !fs.existsSync(certFile)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const now = new Date();
    const pems = await generate([{ name: 'commonName', value: `ClawGrid provider on ${os.hostname()}` }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: now,
      notAfterDate: new Date(now.getTime() + 5 * 365 * 86_400_000),
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: altNames(bindAddress) },
      ],
    });
    // The key first and private from its first byte; the certificate last, so a crash between leaves no half pair.
    fs.writeFileSync(keyFile, pems.private, { mode: 0o600 });
    fs.chmodSync(keyFile, 0o600);
    fs.writeFileSync(certFile, pems.cert, { mode: 0o644 });
  }
  const key = fs.readFileSync(keyFile, 'utf8');
  const cert = fs.readFileSync(certFile, 'utf8');
  const x509 = new crypto.X509Certificate(cert);
  const spki = x509.publicKey.export({ type: 'spki', format: 'der' });
  return { key, cert, fingerprint256: x509.fingerprint256, spkiSha256: crypto.createHash('sha256').update(spki).digest('base64'), keyFile, certFile };
}

/** localhost, the host name and every address this machine has now (clients pin the fingerprint; names are a courtesy). */
function altNames(bindAddress: string): { type: 2 | 7; value?: string; ip?: string }[] {
  const ips = new Set(['127.0.0.1', '::1']);
  if (bindAddress !== '0.0.0.0' && bindAddress !== '::') ips.add(bindAddress);
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) if (!a.address.startsWith('fe80')) ips.add(a.address);
  return [{ type: 2, value: 'localhost' }, { type: 2, value: os.hostname() }, ...[...ips].map((ip) => ({ type: 7 as const, ip }))];
}
