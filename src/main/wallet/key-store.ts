import { bytesToHex, isHex, type Hex } from 'viem';
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import type { Db } from '../store/database';
import { decryptKeystore, encryptKeystore, KeyError } from './keystore-v3';

/**
 * OS-level encryption for secrets at rest (Electron safeStorage). Implemented in src/main/electron/ and
 * passed in through the container; absent on the headless host, where a passphrase keystore is used.
 */
export interface Encryptor {
  available(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
}

export type ImportKind = 'privateKey' | 'mnemonic' | 'keystore';

export interface KeyStatus {
  exists: boolean;
  address: string | null;
  protection: 'os' | 'passphrase' | null;
  locked: boolean;
}

/** The wallet key, encrypted at rest in SQLite; decrypted only in main, never logged, never returned. */
export interface KeyStore {
  status(): KeyStatus;
  osEncryption(): boolean;
  create(passphrase?: string): Promise<KeyStatus>;
  import(kind: ImportKind, secret: string, opts: { keystorePassphrase?: string; passphrase?: string }): Promise<KeyStatus>;
  unlock(passphrase: string): Promise<KeyStatus>;
  lock(): KeyStatus;
  /** The signing account (unlocked, OS-protected, or unlocked for this call with `passphrase`). */
  account(passphrase?: string): Promise<PrivateKeyAccount>;
  /** Encrypted keystore v3 JSON for backup. */
  exportKeystore(exportPassphrase: string, passphrase?: string): Promise<string>;
}

interface Row {
  address: string;
  protection: 'os' | 'passphrase';
  secret: string;
}

export function createKeyStore(db: Db, opts: { encryptor?: Encryptor; scryptN?: number } = {}): KeyStore {
  let unlocked: Hex | null = null;
  const row = () => db.prepare<[], Row>('SELECT address, protection, secret FROM wallet_key WHERE id = 1').get() ?? null;
  const osOk = () => opts.encryptor?.available() ?? false;

  const status = (): KeyStatus => {
    const r = row();
    if (!r) return { exists: false, address: null, protection: null, locked: false };
    return { exists: true, address: r.address, protection: r.protection, locked: r.protection === 'passphrase' && unlocked === null };
  };

  const store = async (key: Hex, passphrase?: string): Promise<KeyStatus> => {
    if (row()) throw new KeyError('wallet_exists', 'A wallet already exists; export it as a backup and remove it before importing another. Nothing was changed.');
    const address = privateKeyToAccount(key).address;
    let protection: Row['protection'];
    let secret: string;
    if (passphrase === undefined) {
      if (!osOk() || !opts.encryptor) {
        throw new KeyError('locked', 'This host cannot encrypt with the OS keychain: choose a passphrase (at least 8 characters)');
      }
      protection = 'os';
      secret = opts.encryptor.encrypt(key).toString('base64');
    } else {
      protection = 'passphrase';
      secret = JSON.stringify(await encryptKeystore(key, passphrase, { n: opts.scryptN }));
    }
    const info = db
      .prepare("INSERT OR IGNORE INTO wallet_key (id, address, protection, secret, created_at) VALUES (1, ?, ?, ?, ?)")
      .run(address, protection, secret, new Date().toISOString());
    if (info.changes === 0) throw new KeyError('wallet_exists', 'A wallet already exists. Nothing was changed.');
    unlocked = protection === 'passphrase' ? key : null;
    return status();
  };

  const keyOf = async (passphrase?: string): Promise<Hex> => {
    const r = row();
    if (!r) throw new KeyError('no_wallet', 'No wallet yet: create or import one first');
    if (r.protection === 'os') {
      if (!opts.encryptor || !osOk()) throw new KeyError('locked', 'The OS keychain that protects this wallet is not available on this host');
      return opts.encryptor.decrypt(Buffer.from(r.secret, 'base64')) as Hex;
    }
    if (passphrase !== undefined) return decryptKeystore(r.secret, passphrase);
    if (unlocked) return unlocked;
    throw new KeyError('locked', 'The wallet is locked: enter its passphrase');
  };

  return {
    status,
    osEncryption: osOk,
    create: (passphrase) => store(generatePrivateKey(), passphrase),
    async import(kind, secret, o) {
      let key: Hex;
      if (kind === 'privateKey') {
        const k = secret.trim().startsWith('0x') ? secret.trim() : `0x${secret.trim()}`;
        if (!isHex(k) || k.length !== 66) throw new KeyError('invalid_key', 'A private key is 64 hex digits (optionally with 0x)');
        try {
          privateKeyToAccount(k);
        } catch {
          throw new KeyError('invalid_key', 'That private key is not valid for secp256k1');
        }
        key = k;
      } else if (kind === 'mnemonic') {
        let acc;
        try {
          acc = mnemonicToAccount(secret.trim().toLowerCase().split(/\s+/).join(' '));
        } catch {
          throw new KeyError('invalid_key', 'That recovery phrase is not a valid BIP-39 mnemonic (check the words and their order)');
        }
        const pk = acc.getHdKey().privateKey;
        if (!pk) throw new KeyError('invalid_key', 'Could not derive a key from that recovery phrase');
        key = bytesToHex(pk);
      } else {
        key = await decryptKeystore(secret, o.keystorePassphrase ?? '');
      }
      return store(key, o.passphrase);
    },
    async unlock(passphrase) {
      const r = row();
      if (!r) throw new KeyError('no_wallet', 'No wallet yet: create or import one first');
      if (r.protection === 'passphrase') unlocked = await decryptKeystore(r.secret, passphrase);
      return status();
    },
    lock() {
      unlocked = null;
      return status();
    },
    account: async (passphrase) => privateKeyToAccount(await keyOf(passphrase)),
    async exportKeystore(exportPassphrase, passphrase) {
      return JSON.stringify(await encryptKeystore(await keyOf(passphrase), exportPassphrase, { n: opts.scryptN }));
    },
  };
}
