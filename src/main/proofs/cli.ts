import { readFileSync } from 'node:fs';
import { isJsonObject, parseJsonLossless, type JsonObject, type JsonValue } from '../../shared/domain/canonical-json';
import { parseEd25519Key, verifyReceiptSignature } from './receipt-signature';
import { createZkEngine } from './zk-engine';
import { ZK_KEYS, type ZkKeyInfo } from './zk-keys';
import { checkZkProof } from './zk-proof-check';

/** Where the CLI writes; tests capture it. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const USAGE = `usage:
  clawgrid receipt verify FILE --pubkey KEY [--attestation-key KEY]
  clawgrid proof verify FILE [--vk FILE] [--receipt FILE]
KEY: 32-byte Ed25519 public key as 64 hex characters or base64url.
Exit status: 0 valid, 1 invalid (reason on stderr), 2 unusable input.`;

class UsageError extends Error {}

function parseArgs(args: string[], flags: string[]): { positional: string[]; opts: Map<string, string> } {
  const positional: string[] = [];
  const opts = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (!flags.includes(name)) throw new UsageError(`unknown option --${name}`);
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      opts.set(name, value);
    } else positional.push(a);
  }
  return { positional, opts };
}

function readJson(file: string, what: string): JsonValue {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${file}: ${(e as Error).message}`);
  }
  const parsed = parseJsonLossless(text.replace(/^\uFEFF/, ''));
  if (!parsed.ok) throw new UsageError(`${what} ${file} is not JSON: ${parsed.error.message}`);
  return parsed.value;
}

/** A receipt as the coordinator returns it; also accepts the `{result, receipt}` body of GET /v1/jobs/{id}/result. */
function asReceipt(v: JsonValue): JsonObject | null {
  if (!isJsonObject(v)) return null;
  if (v.signature === undefined && isJsonObject(v.receipt)) return v.receipt;
  return v;
}

function receiptVerify(args: string[], io: CliIo): number {
  const { positional, opts } = parseArgs(args, ['pubkey', 'attestation-key']);
  if (positional.length !== 1) throw new UsageError('receipt verify needs exactly one FILE');
  const pub = opts.get('pubkey');
  if (!pub) throw new UsageError('--pubkey KEY is required (the coordinator publishes no key: pin it)');
  const key = parseEd25519Key(pub);
  if (!key) throw new UsageError('--pubkey must be 64 hex characters or base64url of 32 bytes');
  const attRaw = opts.get('attestation-key');
  const attKey = attRaw === undefined ? undefined : parseEd25519Key(attRaw);
  if (attKey === null) throw new UsageError('--attestation-key must be 64 hex characters or base64url of 32 bytes');
  const receipt = asReceipt(readJson(positional[0] ?? '', 'receipt'));
  if (!receipt) throw new UsageError('the file is not a receipt object');
  const check = verifyReceiptSignature(receipt, key, attKey ? { attestationKey: attKey } : {});
  if (!check.valid) {
    io.err(`invalid: ${check.reason} [${check.code}]`);
    return 1;
  }
  io.out(`valid: receipt ${String(receipt.receipt_id ?? '?')} for job ${String(receipt.job_id ?? '?')} is signed by ${check.keyId}${attKey ? ' (attestations valid)' : ''}`);
  return 0;
}

async function proofVerify(args: string[], io: CliIo): Promise<number> {
  const { positional, opts } = parseArgs(args, ['vk', 'receipt']);
  if (positional.length !== 1) throw new UsageError('proof verify needs exactly one FILE');
  const input = readJson(positional[0] ?? '', 'proof');
  let receipt: JsonObject | undefined;
  let zkProof: JsonValue;
  const asR = asReceipt(input);
  if (asR && asR.zk_proof !== undefined) {
    receipt = asR;
    zkProof = asR.zk_proof;
  } else if (isJsonObject(input) && input.proof !== undefined && input.public_signals !== undefined) {
    zkProof = input;
  } else {
    throw new UsageError('FILE is neither a receipt carrying zk_proof nor a zk_proof object');
  }
  const receiptFile = opts.get('receipt');
  if (receiptFile) {
    const r = asReceipt(readJson(receiptFile, 'receipt'));
    if (!r) throw new UsageError('--receipt is not a receipt object');
    receipt = r;
  }
  const vkFile = opts.get('vk');
  let key: ZkKeyInfo = ZK_KEYS.aitbc;
  if (vkFile) {
    let vk: unknown;
    try {
      vk = JSON.parse(readFileSync(vkFile, 'utf8')) as unknown;
    } catch (e) {
      throw new UsageError(`cannot read verification key ${vkFile}: ${(e as Error).message}`);
    }
    if (!isJsonObject(vk as JsonValue) || (vk as { protocol?: unknown }).protocol !== 'groth16') throw new UsageError(`${vkFile} is not a Groth16 verification key`);
    key = { name: 'custom', label: `the verification key in ${vkFile}`, vk, circuitHash: null };
  }
  const engine = createZkEngine();
  try {
    const check = await checkZkProof(zkProof, key, engine, receipt);
    if (!check.valid) {
      io.err(`invalid: ${check.reason}`);
      return 1;
    }
    const bound =
      check.binding === 'matches'
        ? 'bound to the receipt (field elements recomputed from it)'
        : check.binding === 'cannot_recompute'
          ? "NOT bound: the receipt's fields cannot be recomputed"
          : 'no receipt given: binding not checked';
    io.out(`valid: public signal ${check.publicSignal}; ${bound}.`);
    if (receipt) io.out('note: the receipt signature is not checked here: run `clawgrid receipt verify` with the pinned key.');
    return 0;
  } finally {
    await engine.close();
  }
}

/** `clawgrid receipt verify …` / `clawgrid proof verify …`: exit 0 valid, 1 invalid, 2 unusable input. */
export async function runProofsCli(argv: string[], io: CliIo): Promise<number> {
  const [group, verb, ...rest] = argv;
  try {
    if (group === 'receipt' && verb === 'verify') return receiptVerify(rest, io);
    if (group === 'proof' && verb === 'verify') return await proofVerify(rest, io);
    throw new UsageError(group ? `unknown command: ${[group, verb].filter(Boolean).join(' ')}` : 'no command');
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}`);
      io.err(USAGE);
      return 2;
    }
    throw e;
  }
}
