import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJsonObject, parseJsonLossless, pythonJsonDumps, type JsonObject } from '../../shared/domain/canonical-json';
import { VECTOR_PUBKEY_HEX, VECTOR_RECEIPT_WIRE, VECTOR_SIGNATURE } from '../../../test-support/proofs/receipt-vector';
import { runProofsCli } from './cli';
import { proveReceipt } from '../devnet/devnet-prover';
import { createZkEngine } from './zk-engine';

const root = path.resolve(__dirname, '../../..');
const receipt = ((): JsonObject => {
  const r = parseJsonLossless(VECTOR_RECEIPT_WIRE);
  if (!r.ok || !isJsonObject(r.value)) throw new Error('fixture');
  return r.value;
})();
let dir: string;
const file = (name: string, content: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};
async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runProofsCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let withProof: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawgrid-cli-'));
  const engine = createZkEngine();
  const zk = await proveReceipt(receipt, engine);
  await engine.close();
  withProof = file('with-proof.json', pythonJsonDumps({ ...receipt, zk_status: 'verified', zk_proof: zk }, { ensureAscii: false }));
  file('zk.json', JSON.stringify(zk));
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('clawgrid receipt verify', () => {
  it('exits 0 for a genuine receipt with the key in hex or base64url, 1 with the reason when tampered', async () => {
    const good = file('r.json', VECTOR_RECEIPT_WIRE);
    expect(await cli('receipt', 'verify', good, '--pubkey', VECTOR_PUBKEY_HEX)).toMatchObject({ code: 0 });
    expect(await cli('receipt', 'verify', good, `--pubkey=${VECTOR_SIGNATURE.key_id}`)).toMatchObject({ code: 0 });
    const bad = file('bad.json', VECTOR_RECEIPT_WIRE.replace('"units":12.0', '"units":12'));
    expect(await cli('receipt', 'verify', bad, '--pubkey', VECTOR_PUBKEY_HEX)).toMatchObject({ code: 1, err: expect.stringContaining('BAD_SIGNATURE') });
    expect(await cli('receipt', 'verify', good, '--pubkey', VECTOR_PUBKEY_HEX, '--attestation-key', VECTOR_PUBKEY_HEX)).toMatchObject({ code: 1 });
  });

  it('exits 2 on unusable input', async () => {
    expect((await cli('receipt', 'verify', file('x.json', '{oops'), '--pubkey', VECTOR_PUBKEY_HEX)).code).toBe(2);
    expect((await cli('receipt', 'verify', path.join(dir, 'missing.json'), '--pubkey', VECTOR_PUBKEY_HEX)).code).toBe(2);
    expect((await cli('receipt', 'verify', file('y.json', VECTOR_RECEIPT_WIRE), '--pubkey', 'zz')).code).toBe(2);
    expect((await cli('receipt', 'verify', file('z.json', VECTOR_RECEIPT_WIRE))).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
  });
});

describe('clawgrid proof verify', () => {
  it('checks a receipt’s proof and its binding; the default key is AITBC’s, so a devnet proof fails there', async () => {
    const devnetVk = path.join(root, 'resources/zk/devnet/verification_key.json');
    expect(await cli('proof', 'verify', withProof, '--vk', devnetVk)).toMatchObject({ code: 0, out: expect.stringContaining('bound to the receipt') });
    expect(await cli('proof', 'verify', withProof)).toMatchObject({ code: 1, err: expect.stringContaining('AITBC') });
    const bare = path.join(dir, 'zk.json');
    expect(await cli('proof', 'verify', bare, '--vk', devnetVk)).toMatchObject({ code: 0, out: expect.stringContaining('binding not checked') });
    const other = file('other.json', VECTOR_RECEIPT_WIRE.replace('"output":"Hallo!"', '"output":"Hallo?"'));
    expect(await cli('proof', 'verify', bare, '--vk', devnetVk, '--receipt', other)).toMatchObject({ code: 1, err: expect.stringContaining('different receipt') });
    expect((await cli('proof', 'verify', file('r2.json', VECTOR_RECEIPT_WIRE))).code).toBe(2);
  }, 30_000);

  it('runs from a checkout as `node bin/clawgrid.mjs`', async () => {
    const run = promisify(execFile);
    const good = file('r3.json', VECTOR_RECEIPT_WIRE);
    const { stdout } = await run(process.execPath, [path.join(root, 'bin/clawgrid.mjs'), 'receipt', 'verify', good, '--pubkey', VECTOR_PUBKEY_HEX], { cwd: root });
    expect(stdout).toContain('valid');
    const failed = await run(process.execPath, [path.join(root, 'bin/clawgrid.mjs'), 'proof', 'verify', withProof], { cwd: root }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('invalid') });
  }, 30_000);
});

describe('clawgrid on v0.25 receipts', () => {
  it('receipt verify accepts the hub shape and prints the unsigned claims as claims; proof verify checks the binding proof', async () => {
    const v025 = file('v025.json', pythonJsonDumps({ ...receipt, zk_status: 'unsupported_model', computation_correct: false }, { ensureAscii: false }));
    const res = await cli('receipt', 'verify', v025, '--pubkey', VECTOR_PUBKEY_HEX);
    expect(res).toMatchObject({ code: 0, out: expect.stringContaining('claim (unsigned, by the coordinator): computation_correct = false') });
    expect(res.out).toContain('not covered by the signature (added after signing): zk_status, reinvest_status, computation_correct');
    const zk = JSON.parse(fs.readFileSync(path.join(dir, 'zk.json'), 'utf8')) as JsonObject;
    const devnetVk = path.join(root, 'resources/zk/devnet/verification_key.json');
    const bound = file('bound.json', pythonJsonDumps({ ...receipt, computation_correct: true, receipt_binding_proof: zk }, { ensureAscii: false }));
    expect(await cli('proof', 'verify', bound, '--vk', devnetVk)).toMatchObject({ code: 0, out: expect.stringContaining('receipt_binding_proof (receipt_public)') });
    const model = file('model.json', pythonJsonDumps({ ...receipt, zk_proof: { ...zk, circuit: 'receipt_model', public_signals: [...(zk.public_signals as string[]), '0', '0', '0'] } }, { ensureAscii: false }));
    expect(await cli('proof', 'verify', model, '--vk', devnetVk)).toMatchObject({ code: 1, err: expect.stringContaining("AITBC's receipt_model key") });
  }, 30_000);
});

