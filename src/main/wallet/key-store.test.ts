import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { privateKeyToAccount } from 'viem/accounts';
import { openDatabase, type Db } from '../store/database';
import { createKeyStore, type Encryptor } from './key-store';
import { checkKdfCost, decryptKeystore, encryptKeystore, KeyError } from './keystore-v3';

// Well-known test vectors: Hardhat's first account and the "test test … junk" mnemonic.
const PK = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const ADDR = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const MNEMONIC = 'test test test test test test test test test test test junk';
const N = 1 << 10;

let dir: string;
let db: Db;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-keys-'));
  db = openDatabase(dir);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const code = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err instanceof KeyError ? err.code : `not a KeyError: ${String(err)}`;
  }
  return 'resolved';
};

/** An encryptor that really transforms the bytes (stands in for safeStorage, which needs Electron). */
const xorEncryptor: Encryptor = {
  available: () => true,
  encrypt: (s) => Buffer.from(Buffer.from(s).map((b) => b ^ 0x5a)),
  decrypt: (b) => Buffer.from(b.map((x) => x ^ 0x5a)).toString(),
};

describe('wallet keys', () => {
  it('imports a private key with a passphrase: stored encrypted, locked after restart, unlocks', async () => {
    const ks = createKeyStore(db, { scryptN: N });
    expect((await ks.import('privateKey', PK, { passphrase: 'correct horse' })).address).toBe(ADDR);
    const raw = db.prepare('SELECT secret FROM wallet_key').get() as { secret: string };
    expect(raw.secret).not.toContain(PK.slice(2));
    const again = createKeyStore(db, { scryptN: N });
    expect(again.status()).toMatchObject({ exists: true, locked: true, protection: 'passphrase' });
    expect(await code(again.account())).toBe('locked');
    expect(await code(again.unlock('wrong horse'))).toBe('wrong_passphrase');
    await again.unlock('correct horse');
    expect((await again.account()).address).toBe(ADDR);
  });

  it('imports a mnemonic (first BIP-44 account) and a keystore; export → import round trip keeps the address', async () => {
    const ks = createKeyStore(db, { scryptN: N });
    await ks.import('mnemonic', `  ${MNEMONIC.toUpperCase()} `, { passphrase: 'pass-phrase' });
    expect(ks.status().address).toBe(ADDR);
    const exported = await ks.exportKeystore('export-pass', 'pass-phrase');
    expect(JSON.parse(exported)).toMatchObject({ version: 3, address: ADDR.slice(2).toLowerCase(), crypto: { kdf: 'scrypt', cipher: 'aes-128-ctr' } });
    expect(exported).not.toContain(PK.slice(2));
    const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-keys2-'));
    const db2 = openDatabase(dir2);
    try {
      const other = createKeyStore(db2, { scryptN: N });
      expect(await code(other.import('keystore', exported, { keystorePassphrase: 'nope', passphrase: 'new-pass-1' }))).toBe('wrong_passphrase');
      expect(other.status().exists).toBe(false);
      await other.import('keystore', exported, { keystorePassphrase: 'export-pass', passphrase: 'new-pass-1' });
      expect(other.status().address).toBe(ADDR);
    } finally {
      db2.close();
      fs.rmSync(dir2, { recursive: true, force: true });
    }
  });

  it('refuses a second wallet and changes nothing', async () => {
    const ks = createKeyStore(db, { scryptN: N });
    await ks.import('privateKey', PK, { passphrase: 'pass-phrase' });
    const before = db.prepare('SELECT * FROM wallet_key').get();
    expect(await code(ks.create('another-pass'))).toBe('wallet_exists');
    expect(await code(ks.import('mnemonic', MNEMONIC, { passphrase: 'another-pass' }))).toBe('wallet_exists');
    expect(db.prepare('SELECT * FROM wallet_key').get()).toEqual(before);
  });

  it('corrupt or foreign keystores fail with clear, distinct errors', async () => {
    const ks = createKeyStore(db, { scryptN: N });
    expect(await code(ks.import('keystore', '{not json', { passphrase: 'pass-phrase' }))).toBe('corrupt_keystore');
    expect(await code(ks.import('keystore', '{"version":3}', { passphrase: 'pass-phrase' }))).toBe('corrupt_keystore');
    const good = await encryptKeystore(PK, 'pw', { n: N });
    const tampered = { ...good, crypto: { ...good.crypto, ciphertext: 'ff' + good.crypto.ciphertext.slice(2) } };
    expect(await code(decryptKeystore(tampered, 'pw'))).toBe('wrong_passphrase'); // MAC catches it
    expect(await code(decryptKeystore({ ...good, crypto: { ...good.crypto, kdf: 'argon2' } }, 'pw'))).toBe('unsupported_keystore');
    expect(await code(decryptKeystore({ ...good, address: '00'.repeat(20) }, 'pw'))).toBe('corrupt_keystore');
    expect(await code(ks.import('privateKey', '0x1234', { passphrase: 'pass-phrase' }))).toBe('invalid_key');
    expect(await code(ks.import('mnemonic', 'test test test', { passphrase: 'pass-phrase' }))).toBe('invalid_key');
    expect(ks.status().exists).toBe(false);
  });

  it('refuses a keystore whose KDF cost would freeze the host, before deriving anything', async () => {
    const ks = createKeyStore(db, { scryptN: N });
    const good = await encryptKeystore(PK, 'pw', { n: N });
    const withParams = (kdfparams: Record<string, unknown>, kdf = 'scrypt') => ({ ...good, crypto: { ...good.crypto, kdf, kdfparams: { ...good.crypto.kdfparams, ...kdfparams } } });
    // 2^30 would take minutes and gigabytes; the refusal comes at once, with the limit named.
    const tooCostly = withParams({ n: 2 ** 30 });
    const err = await decryptKeystore(tooCostly, 'pw').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'kdf_too_costly' });
    expect(String((err as Error).message)).toContain('n=2^18');
    expect(await code(decryptKeystore(withParams({ n: 2 ** 19 }), 'pw'))).toBe('kdf_too_costly');
    expect(await code(decryptKeystore(withParams({ r: 64 }), 'pw'))).toBe('kdf_too_costly');
    expect(await code(decryptKeystore(withParams({ p: 16 }), 'pw'))).toBe('kdf_too_costly');
    expect(await code(decryptKeystore(withParams({ n: 3000 }), 'pw'))).toBe('unsupported_keystore');
    const pbkdf = { dklen: 32, prf: 'hmac-sha256', salt: 'ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd' };
    expect(await code(decryptKeystore({ ...good, crypto: { ...good.crypto, kdf: 'pbkdf2', kdfparams: { ...pbkdf, c: 10_000_001 } } }, 'pw'))).toBe('kdf_too_costly');
    // Through the store: a clear error and nothing stored.
    expect(await code(ks.import('keystore', JSON.stringify(tooCostly), { keystorePassphrase: 'pw', passphrase: 'pass-phrase' }))).toBe('kdf_too_costly');
    expect(ks.status().exists).toBe(false);
    // The bounds themselves are allowed: geth's standard (n=2^18, r=8, p=1) and 10^7 pbkdf2 rounds.
    expect(() => checkKdfCost({ kdf: 'scrypt', n: 2 ** 18, r: 8, p: 1 })).not.toThrow();
    expect(() => checkKdfCost({ kdf: 'pbkdf2', c: 10_000_000 })).not.toThrow();
  });

  it('reads a geth/web3 pbkdf2 keystore (Web3 Secret Storage test vector)', async () => {
    const vector = {
      version: 3,
      crypto: {
        cipher: 'aes-128-ctr',
        cipherparams: { iv: '6087dab2f9fdbbfaddc31a909735c1e6' },
        ciphertext: '5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46',
        kdf: 'pbkdf2',
        kdfparams: { c: 262144, dklen: 32, prf: 'hmac-sha256', salt: 'ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd' },
        mac: '517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2',
      },
    };
    expect(await decryptKeystore(vector, 'testpassword')).toBe('0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d');
  });

  it('with OS encryption no passphrase is needed and the key is never stored in clear', async () => {
    const ks = createKeyStore(db, { encryptor: xorEncryptor, scryptN: N });
    const s = await ks.import('privateKey', PK, {});
    expect(s).toMatchObject({ protection: 'os', locked: false, address: ADDR });
    expect(JSON.stringify(db.prepare('SELECT * FROM wallet_key').get())).not.toContain(PK.slice(2));
    expect((await ks.account()).address).toBe(privateKeyToAccount(PK).address);
    const noOs = createKeyStore(fs.existsSync(dir) ? openDatabase(fs.mkdtempSync(path.join(os.tmpdir(), 'cg-k3-'))) : db, { scryptN: N });
    expect(await code(noOs.create())).toBe('locked');
  });
});
