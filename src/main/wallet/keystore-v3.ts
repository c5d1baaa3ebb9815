import { createCipheriv, createDecipheriv, pbkdf2, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { bytesToHex, hexToBytes, keccak256, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { z } from 'zod';

/**
 * Ethereum JSON keystore v3 (Web3 Secret Storage): scrypt (or pbkdf2 on import) + aes-128-ctr, MAC =
 * keccak256(derivedKey[16..32] ‖ ciphertext). Compatible with geth, MetaMask exports and ethers.
 */

export type KeyErrorCode = 'wrong_passphrase' | 'corrupt_keystore' | 'unsupported_keystore' | 'kdf_too_costly' | 'invalid_key' | 'wallet_exists' | 'no_wallet' | 'locked';

/** A key operation that failed, with a code and a message a person can act on. */
export class KeyError extends Error {
  constructor(
    readonly code: KeyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KeyError';
  }
}

const hex = z.string().regex(/^(0x)?[0-9a-fA-F]*$/);
const keystoreSchema = z.object({
  version: z.literal(3),
  address: z.string().optional(),
  crypto: z.object({
    cipher: z.string(),
    ciphertext: hex,
    cipherparams: z.object({ iv: hex }),
    kdf: z.string(),
    kdfparams: z.record(z.string(), z.unknown()),
    mac: hex,
  }),
});
export type KeystoreV3 = z.infer<typeof keystoreSchema>;

const scryptParams = z.object({ dklen: z.number().int().min(32).max(64), n: z.number().int().min(2), r: z.number().int().min(1), p: z.number().int().min(1), salt: hex });
const pbkdf2Params = z.object({ dklen: z.number().int().min(32).max(64), c: z.number().int().min(1), prf: z.literal('hmac-sha256'), salt: hex });

const strip = (h: string) => (h.startsWith('0x') ? h.slice(2) : h);
const buf = (h: string) => Buffer.from(strip(h), 'hex');

function scryptAsync(pass: string, salt: Buffer, p: { n: number; r: number; p: number; dklen: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pass.normalize('NFKC'), salt, p.dklen, { N: p.n, r: p.r, p: p.p, maxmem: 256 * p.n * p.r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

function mac(derived: Buffer, ciphertext: Buffer): Buffer {
  return Buffer.from(hexToBytes(keccak256(bytesToHex(Buffer.concat([derived.subarray(16, 32), ciphertext])))));
}

/** Encrypts a private key. `n` = scrypt cost (2^18 is the geth standard; tests use less). */
export async function encryptKeystore(privateKey: Hex, passphrase: string, opts: { n?: number } = {}): Promise<KeystoreV3> {
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const params = { dklen: 32, n: opts.n ?? 1 << 17, r: 8, p: 1 };
  const derived = await scryptAsync(passphrase, salt, params);
  const cipher = createCipheriv('aes-128-ctr', derived.subarray(0, 16), iv);
  const ciphertext = Buffer.concat([cipher.update(Buffer.from(hexToBytes(privateKey))), cipher.final()]);
  return {
    version: 3,
    address: privateKeyToAccount(privateKey).address.slice(2).toLowerCase(),
    crypto: {
      cipher: 'aes-128-ctr',
      ciphertext: ciphertext.toString('hex'),
      cipherparams: { iv: iv.toString('hex') },
      kdf: 'scrypt',
      kdfparams: { ...params, salt: salt.toString('hex') },
      mac: mac(derived, ciphertext).toString('hex'),
    },
    ...{ id: randomUUID() },
  } as KeystoreV3;
}

/** Parses keystore JSON (text or object) and checks its shape; throws KeyError('corrupt_keystore'). */
export function parseKeystore(input: unknown): KeystoreV3 {
  let json = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch {
      throw new KeyError('corrupt_keystore', 'The keystore is not valid JSON');
    }
  }
  // Some tools write "Crypto" instead of "crypto".
  if (json && typeof json === 'object' && !('crypto' in json) && 'Crypto' in json) {
    const { Crypto, ...rest } = json as Record<string, unknown>;
    json = { ...rest, crypto: Crypto };
  }
  const parsed = keystoreSchema.safeParse(json);
  if (!parsed.success) throw new KeyError('corrupt_keystore', 'This is not an Ethereum keystore v3 file (missing or malformed fields)');
  return parsed.data;
}

/** The most work an imported keystore may ask for (issue #14): geth's standard scrypt, and 10^7 pbkdf2 rounds. */
export const MAX_SCRYPT_N = 1 << 18;
const MAX_SCRYPT_R = 8;
const MAX_SCRYPT_P = 1;
export const MAX_PBKDF2_C = 10_000_000;

/**
 * A keystore sets its own cost, so an unbounded one freezes the host (four imports at a huge n took 23 s):
 * refuse anything above geth's standard before deriving.
 */
export function checkKdfCost(k: { kdf: 'scrypt'; n: number; r: number; p: number } | { kdf: 'pbkdf2'; c: number }): void {
  if (k.kdf === 'scrypt' && (k.n > MAX_SCRYPT_N || k.r > MAX_SCRYPT_R || k.p > MAX_SCRYPT_P)) {
    throw new KeyError('kdf_too_costly', `This keystore asks for scrypt n=${k.n}, r=${k.r}, p=${k.p}; ClawGrid accepts at most n=2^18, r=8, p=1 (geth's standard). Re-export it with standard settings. Nothing was changed.`);
  }
  if (k.kdf === 'pbkdf2' && k.c > MAX_PBKDF2_C) {
    throw new KeyError('kdf_too_costly', `This keystore asks for ${k.c} pbkdf2 rounds; ClawGrid accepts at most 10,000,000. Re-export it with standard settings. Nothing was changed.`);
  }
}

/** Decrypts to the private key. Wrong passphrase, corrupt or unsupported files fail with distinct codes. */
export async function decryptKeystore(input: unknown, passphrase: string): Promise<Hex> {
  const ks = parseKeystore(input);
  const c = ks.crypto;
  if (c.cipher !== 'aes-128-ctr') throw new KeyError('unsupported_keystore', `Unsupported keystore cipher "${c.cipher}" (only aes-128-ctr)`);
  let derived: Buffer;
  if (c.kdf === 'scrypt') {
    const p = scryptParams.safeParse(c.kdfparams);
    if (!p.success) throw new KeyError('corrupt_keystore', 'The keystore has malformed scrypt parameters');
    if ((p.data.n & (p.data.n - 1)) !== 0) throw new KeyError('unsupported_keystore', `Unsupported scrypt cost n=${p.data.n} (not a power of two)`);
    checkKdfCost({ kdf: 'scrypt', ...p.data });
    derived = await scryptAsync(passphrase, buf(p.data.salt), p.data);
  } else if (c.kdf === 'pbkdf2') {
    const p = pbkdf2Params.safeParse(c.kdfparams);
    if (!p.success) throw new KeyError('corrupt_keystore', 'The keystore has malformed pbkdf2 parameters');
    checkKdfCost({ kdf: 'pbkdf2', c: p.data.c });
    derived = await new Promise<Buffer>((resolve, reject) =>
      pbkdf2(passphrase.normalize('NFKC'), buf(p.data.salt), p.data.c, p.data.dklen, 'sha256', (err, key) => (err ? reject(err) : resolve(key))),
    );
  } else {
    throw new KeyError('unsupported_keystore', `Unsupported key derivation "${c.kdf}" (scrypt or pbkdf2)`);
  }
  const ciphertext = buf(c.ciphertext);
  const expected = buf(c.mac);
  const actual = mac(derived, ciphertext);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new KeyError('wrong_passphrase', 'Wrong passphrase for this keystore (or the file was altered)');
  }
  const iv = buf(c.cipherparams.iv);
  if (iv.length !== 16 || ciphertext.length !== 32) throw new KeyError('corrupt_keystore', 'The keystore ciphertext or IV has the wrong length');
  const decipher = createDecipheriv('aes-128-ctr', derived.subarray(0, 16), iv);
  const key = bytesToHex(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  if (ks.address && strip(ks.address).toLowerCase() !== privateKeyToAccount(key).address.slice(2).toLowerCase()) {
    throw new KeyError('corrupt_keystore', 'The keystore decrypts, but to a different address than it claims');
  }
  return key;
}
