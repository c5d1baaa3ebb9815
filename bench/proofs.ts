// npm run bench:proofs — receipt/proof verification cost.
// Targets (2-core machine): warm single verify ≤ 10 ms, first verify (cold curve) ≤ 500 ms, verify-all of a
// 1,000-link chain ≤ 5 s cold and ≤ 0.2 s cached, main event-loop lag p99 ≤ 10 ms during verify-all.
//
// The chain is the worst case: 1,000 network links, EVERY one with a signed devnet receipt AND a Groth16 proof
// bound to it (100 distinct proven receipts, each in 10 variants differing in an unsigned field, so all 1,000
// have distinct content and none is answered from the cache in the cold run). The worker is the built one
// (out/main/zk-worker.js) when `npm run build` has run, else the TypeScript source through tsx.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { isJsonObject, parseJsonLossless, type JsonObject } from '../src/shared/domain/canonical-json';
import { proveReceipt, type DevnetZkProof } from '../src/main/devnet/devnet-prover';
import { createProofChainStore } from '../src/main/proofs/proof-chain-store';
import { createProofsService } from '../src/main/proofs/proofs-service';
import { signedPayload } from '../src/shared/domain/receipt-payload';
import { publicKeyFromSeed, signReceipt } from '../src/main/devnet/receipt-signer';
import { createZkEngine } from '../src/main/proofs/zk-engine';
import { ZK_KEYS } from '../src/main/proofs/zk-keys';
import { openDatabase } from '../src/main/store/database';
import { VECTOR_RECEIPT_WIRE, VECTOR_SEED_HEX } from '../test-support/proofs/receipt-vector';
import { writeResult } from './support/results';

const TARGETS = { warm_p50_ms: 10, cold_ms: 500, chain1000_cold_s: 5, chain1000_cached_s: 0.2, loop_lag_p99_ms: 10 };
const DISTINCT = Number(process.env.BENCH_PROOFS_DISTINCT ?? 100);
const root = path.resolve(import.meta.dirname, '..');
const builtDir = path.join(root, 'out', 'main');
const workerDir = fs.existsSync(path.join(builtDir, 'zk-worker.js')) ? builtDir : undefined;
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

function vector(): JsonObject {
  const r = parseJsonLossless(VECTOR_RECEIPT_WIRE);
  if (!r.ok || !isJsonObject(r.value)) throw new Error('fixture');
  return r.value;
}

async function main() {
  const base = vector();
  const meta = base.metadata as JsonObject;
  const engine = createZkEngine({ workerDir });

  // Cold: a fresh worker, curve built on the first verify.
  const seed = signedPayload({ ...base, job_id: 'f'.repeat(32) });
  const t0 = performance.now();
  const first = await proveReceipt({ ...seed, signature: signReceipt(seed, VECTOR_SEED_HEX) }, engine);
  const proveColdMs = performance.now() - t0;
  await engine.close();
  const coldEngine = createZkEngine({ workerDir });
  const c0 = performance.now();
  const coldOk = await coldEngine.verify(ZK_KEYS.devnet.vk, first.public_signals, first.proof);
  const coldMs = performance.now() - c0;
  if (!coldOk.valid) throw new Error('cold verify failed');

  // Warm single verifies, one at a time (no batching).
  const warm: number[] = [];
  for (let i = 0; i < 300; i++) {
    const s = performance.now();
    await coldEngine.verify(ZK_KEYS.devnet.vk, first.public_signals, first.proof);
    warm.push(performance.now() - s);
  }
  const warmSlice = warm.slice(20);

  // Proven receipts for the chain.
  const proven: Array<{ receipt: JsonObject; zk: DevnetZkProof }> = [];
  const proveTimes: number[] = [];
  for (let i = 0; i < DISTINCT; i++) {
    const payload = signedPayload({ ...base, job_id: i.toString(16).padStart(32, '0'), metadata: { ...meta, result: { ...(meta.result as JsonObject), output: `answer ${i}` } } });
    const receipt = { ...payload, signature: signReceipt(payload, VECTOR_SEED_HEX) };
    const s = performance.now();
    proven.push({ receipt, zk: await proveReceipt(receipt, coldEngine) });
    proveTimes.push(performance.now() - s);
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawgrid-bench-proofs-'));
  const db = openDatabase(dir);
  const svc = createProofsService({ store: createProofChainStore(db), engine: coldEngine, devnetPublicKey: () => publicKeyFromSeed(VECTOR_SEED_HEX) });
  const ins0 = performance.now();
  for (let i = 0; i < 1000; i++) {
    const p = proven[i % DISTINCT]!;
    svc.recordExecution({
      requestId: `req-${i}`, agentId: 'bench', model: 'llama3.2:3b', modelDigest: null, backend: 'network', network: 'devnet',
      request: `{"prompt":"${i}"}`, response: `answer ${i}`, jobId: String(p.receipt.job_id),
      receipt: { ...p.receipt, zk_status: 'verified', zk_proof: p.zk, reinvest_status: `variant-${i}` },
    });
  }
  const insertMsPerLink = (performance.now() - ins0) / 1000;
  await new Promise((r) => setTimeout(r, 100));
  // recordExecution verifies each new link in the background: let that finish, then start from a cold cache.
  await svc.verifyChain();
  svc.clearCache();

  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const v0 = performance.now();
  const cold = await svc.verifyChain();
  const chainColdS = (performance.now() - v0) / 1000;
  lag.disable();
  const v1 = performance.now();
  const cached = await svc.verifyChain();
  const chainCachedS = (performance.now() - v1) / 1000;
  if (cold.counts.verified !== 1000 || cached.counts.verified !== 1000) throw new Error(`expected 1000 verified, got ${JSON.stringify(cold.counts)}`);

  await coldEngine.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });

  const result = {
    worker: workerDir ? 'built (out/main/zk-worker.js)' : 'source via tsx',
    warm_p50_ms: round(pct(warmSlice, 50)),
    warm_p99_ms: round(pct(warmSlice, 99)),
    cold_ms: round(coldMs),
    chain1000_cold_s: round(chainColdS, 3),
    chain1000_cached_s: round(chainCachedS, 3),
    loop_lag_p99_ms: round(Math.max(0, lag.percentile(99) / 1e6 - 1)),
    loop_lag_max_ms: round(Math.max(0, lag.max / 1e6 - 1)),
    prove_first_ms: round(proveColdMs),
    prove_warm_p50_ms: round(pct(proveTimes, 50)),
    record_ms_per_link: round(insertMsPerLink, 3),
    chain: '1000 network links, all with signature + bound Groth16 proof (worst case)',
    load_avg_1m_at_end: round(os.loadavg()[0] ?? 0),
    targets: TARGETS,
  };
  console.table([
    ['warm verify p50 / p99 (ms)', `${result.warm_p50_ms} / ${result.warm_p99_ms}`, `≤ ${TARGETS.warm_p50_ms}`],
    ['first verify, cold curve (ms)', result.cold_ms, `≤ ${TARGETS.cold_ms}`],
    ['verify-all 1,000 links cold (s)', result.chain1000_cold_s, `≤ ${TARGETS.chain1000_cold_s}`],
    ['verify-all 1,000 links cached (s)', result.chain1000_cached_s, `≤ ${TARGETS.chain1000_cached_s}`],
    ['event-loop lag p99 / max (ms)', `${result.loop_lag_p99_ms} / ${result.loop_lag_max_ms}`, `≤ ${TARGETS.loop_lag_p99_ms}`],
    ['prove (devnet) first / warm p50 (ms)', `${result.prove_first_ms} / ${result.prove_warm_p50_ms}`, ''],
  ]);
  writeResult('proofs', result);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
