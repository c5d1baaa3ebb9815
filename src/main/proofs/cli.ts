import { readFileSync } from 'node:fs';
import { isJsonObject, parseJsonLossless, type JsonObject, type JsonValue } from '../../shared/domain/canonical-json';
import { parseEd25519Key, verifyReceiptSignature } from './receipt-signature';
import { createZkEngine } from './zk-engine';
import { UNSIGNED_RECEIPT_KEYS } from '../../shared/domain/receipt-payload';
import { coordinatorClaims } from './coordinator-claims';
import { checkProofByCircuit, declaredCircuit, type ProofKeys } from './receipt-proofs';
import { customZkKey, ZK_KEYS } from './zk-keys';
import { checkZkProof, type ZkCheck } from './zk-proof-check';
import { parseArgs, UsageError, withUsage, type CliIo } from '../cli/cli-args';

export type { CliIo } from '../cli/cli-args';

export const USAGE = `usage:
  clawgrid receipt verify FILE --pubkey KEY [--attestation-key KEY]
  clawgrid proof verify FILE [--vk FILE] [--receipt FILE]
KEY: 32-byte Ed25519 public key as 64 hex characters or base64url.
Receipts of AITBC c27c654 and v0.25 are accepted. proof verify checks zk_proof by its circuit (receipt_public or
receipt_model, each against AITBC's pinned key) and receipt_binding_proof as the receipt_public proof of the receipt;
--vk replaces the key of the circuit with the same number of public signals.
Exit status: 0 valid, 1 invalid (reason on stderr), 2 unusable input.`;

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
  const unsigned = UNSIGNED_RECEIPT_KEYS.filter((k) => k !== 'signature' && receipt[k] !== undefined);
  if (unsigned.length > 0) io.out(`not covered by the signature (added after signing): ${unsigned.join(', ')}`);
  printClaims(receipt, io);
  if (receipt.zk_proof !== undefined || receipt.receipt_binding_proof !== undefined) io.out('note: the proofs are not checked here: run `clawgrid proof verify` on the same file.');
  return 0;
}

function printClaims(receipt: JsonObject, io: CliIo): void {
  const c = coordinatorClaims(receipt);
  if (c.computationCorrect !== null) io.out(`claim (unsigned, by the coordinator): computation_correct = ${String(c.computationCorrect)}`);
  if (c.zkStatus !== null) io.out(`claim (unsigned, by the coordinator): zk_status = ${c.zkStatus}: ${c.zkStatusMeaning ?? ''}`);
  if (c.teeStatus !== null) io.out(`claim (unsigned, by the coordinator): tee_status = ${c.teeStatus}`);
}

function bindingText(check: ZkCheck): string {
  if (check.binding === 'matches') return check.circuit === 'receipt_model' ? "bound to the receipt (signals recomputed from its prompt and model)" : 'bound to the receipt (field elements recomputed from it)';
  if (check.binding === 'cannot_recompute') return check.circuit === 'receipt_model' ? "NOT bound: the signals cannot be recomputed from this receipt (its model is not registered)" : "NOT bound: the receipt's fields cannot be recomputed";
  return 'no receipt given: binding not checked';
}

async function proofVerify(args: string[], io: CliIo): Promise<number> {
  const { positional, opts } = parseArgs(args, ['vk', 'receipt']);
  if (positional.length !== 1) throw new UsageError('proof verify needs exactly one FILE');
  const input = readJson(positional[0] ?? '', 'proof');
  let receipt: JsonObject | undefined;
  let zkProof: JsonValue | undefined;
  let bindingProof: JsonValue | undefined;
  const asR = asReceipt(input);
  const has = (v: JsonValue | undefined): v is JsonValue => v !== undefined && v !== null;
  if (asR && (has(asR.zk_proof) || has(asR.receipt_binding_proof))) {
    receipt = asR;
    zkProof = has(asR.zk_proof) ? asR.zk_proof : undefined;
    bindingProof = has(asR.receipt_binding_proof) ? asR.receipt_binding_proof : undefined;
  } else if (isJsonObject(input) && input.proof !== undefined && input.public_signals !== undefined) {
    zkProof = input;
  } else {
    throw new UsageError('FILE is neither a receipt carrying zk_proof or receipt_binding_proof nor a proof object');
  }
  const receiptFile = opts.get('receipt');
  if (receiptFile) {
    const r = asReceipt(readJson(receiptFile, 'receipt'));
    if (!r) throw new UsageError('--receipt is not a receipt object');
    receipt = r;
  }
  const keys: ProofKeys = { receiptPublic: ZK_KEYS.aitbc, receiptModel: ZK_KEYS.aitbc_model };
  const vkFile = opts.get('vk');
  if (vkFile) {
    let vk: unknown;
    try {
      vk = JSON.parse(readFileSync(vkFile, 'utf8')) as unknown;
    } catch (e) {
      throw new UsageError(`cannot read verification key ${vkFile}: ${(e as Error).message}`);
    }
    if (!isJsonObject(vk as JsonValue) || (vk as { protocol?: unknown }).protocol !== 'groth16') throw new UsageError(`${vkFile} is not a Groth16 verification key`);
    const custom = customZkKey(vk, `the verification key in ${vkFile}`);
    if (custom.nPublic === 4) keys.receiptModel = custom;
    else keys.receiptPublic = custom;
  }
  const engine = createZkEngine();
  try {
    const checks: Array<[string, Promise<ZkCheck>]> = [];
    if (zkProof !== undefined) checks.push([`zk_proof (${declaredCircuit(zkProof)})`, checkProofByCircuit(zkProof, keys, engine, receipt)]);
    if (bindingProof !== undefined) checks.push(['receipt_binding_proof (receipt_public)', checkZkProof(bindingProof, keys.receiptPublic, engine, receipt)]);
    let failed = false;
    for (const [what, pending] of checks) {
      const check = await pending;
      if (!check.valid) {
        failed = true;
        io.err(`invalid: ${what}: ${check.reason}`);
      } else io.out(`valid: ${what}: public signal${check.circuit === 'receipt_model' ? 's' : ''} ${check.publicSignal}; ${bindingText(check)}.`);
    }
    if (receipt) {
      printClaims(receipt, io);
      io.out('note: the receipt signature is not checked here: run `clawgrid receipt verify` with the pinned key.');
    }
    return failed ? 1 : 0;
  } finally {
    await engine.close();
  }
}

/** `clawgrid receipt verify …` / `clawgrid proof verify …`: exit 0 valid, 1 invalid, 2 unusable input. */
export async function runProofsCli(argv: string[], io: CliIo): Promise<number> {
  const [group, verb, ...rest] = argv;
  return withUsage(io, USAGE, () => {
    if (group === 'receipt' && verb === 'verify') return receiptVerify(rest, io);
    if (group === 'proof' && verb === 'verify') return proofVerify(rest, io);
    throw new UsageError(group ? `unknown command: ${[group, verb].filter(Boolean).join(' ')}` : 'no command');
  });
}
