// npm run bench:network — the devnet coordinator + ClawGrid client + miners, over real HTTP on 127.0.0.1.
// 1. Round trip (submit → result, instant simulated miner, client polling backoff 20 ms→200 ms): p50/p99 of N jobs in series.
// 2. 200 concurrent jobs across 2 and 8 miners (instant): throughput (jobs/s) and per-job p99.
// 3. Host CPU while 50 jobs wait on slow miners (10 s each): process CPU % of one core over the wait —
//    client polling (backoff to 3 s), miners heartbeating, devnet sweeping; it must not spin.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createAitbcClient } from '../src/main/aitbc/aitbc-client';
import { createAitbcNetworkBackend } from '../src/main/network/aitbc-network-backend';
import { createJobIntentStore } from '../src/main/network/job-intents';
import { startDevnet } from '../src/main/devnet/devnet-server';
import { startMiner, type Miner } from '../src/main/miner/miner-runner';
import { createSimulatedBackend } from '../src/main/miner/simulated-backend';
import { openDatabase } from '../src/main/store/database';
import { writeResult } from './support/results';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
};
const round = (n: number) => Math.round(n * 10) / 10;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawgrid-bench-net-'));
  const devnet = await startDevnet({ dataDir: dir, port: 0, rateLimits: false });
  const appDb = openDatabase(path.join(dir, 'app'));
  const intents = createJobIntentStore(appDb);
  const key = devnet.config.MINER_API_KEYS[0] as string;
  const account = privateKeyToAccount(generatePrivateKey());
  devnet.ledger.credit(account.address, '1000000', 'bench');
  const client = createAitbcClient({ baseUrl: devnet.url, account });
  await client.login();
  let seq = 0;
  const minersFor = (n: number, latencyMs: number, pollMs: number): Miner[] =>
    Array.from({ length: n }, (_, i) => startMiner({ coordinatorUrl: devnet.url, apiKey: key, minerId: `bench-${n}-${latencyMs}-${i}`, backend: createSimulatedBackend({ models: [`bench-${n}-${latencyMs}:1b`], latencyMs }), pricePer1kTokens: '0.001', region: 'bench', pollMs, concurrency: latencyMs > 0 ? 10 : 4 }));
  const backend = (poll: { baseMs: number; factor: number; maxMs: number; jitter: number }) => createAitbcNetworkBackend({ client, intents, network: 'bench', poll, listStaleMs: 0 });
  const run = async (b: ReturnType<typeof backend>, model: string) => {
    const t0 = performance.now();
    await b.run({ requestId: `bench-${seq++}`, model, prompt: 'ping', ttlSeconds: 600, paymentAmountAit: '0.01' }, { signal: new AbortController().signal });
    return performance.now() - t0;
  };

  // 1. round trip
  const rtMiners = minersFor(1, 0, 10);
  const fast = backend({ baseMs: 20, factor: 1.5, maxMs: 200, jitter: 0.1 });
  for (let i = 0; i < 5; i++) await run(fast, 'bench-1-0:1b');
  const rt: number[] = [];
  for (let i = 0; i < 100; i++) rt.push(await run(fast, 'bench-1-0:1b'));
  await Promise.all(rtMiners.map((m) => m.stop()));

  // 2. 200 concurrent across 2 and 8 miners
  const concurrent: Record<string, unknown> = {};
  for (const n of [2, 8]) {
    const ms = minersFor(n, 0, 10);
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    const lat = await Promise.all(Array.from({ length: 200 }, () => run(fast, `bench-${n}-0:1b`)));
    const wall = performance.now() - t0;
    concurrent[`miners_${n}`] = { jobs: 200, wall_ms: round(wall), throughput_jobs_s: round((200 / wall) * 1000), p50_ms: round(pct(lat, 50)), p99_ms: round(pct(lat, 99)) };
    await Promise.all(ms.map((m) => m.stop()));
  }

  // 3. CPU while 50 jobs wait on slow miners (10 s per job, 5 miners × 10 slots)
  const slow = minersFor(5, 10_000, 1_500);
  await new Promise((r) => setTimeout(r, 500));
  const waiting = backend({ baseMs: 250, factor: 1.5, maxMs: 3_000, jitter: 0.2 });
  const jobs = Array.from({ length: 50 }, () => run(waiting, 'bench-5-10000:1b'));
  await new Promise((r) => setTimeout(r, 1_500)); // all submitted and claimed
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  await new Promise((r) => setTimeout(r, 6_000));
  const c = process.cpuUsage(c0);
  const waitCpuPct = ((c.user + c.system) / 1000 / (performance.now() - w0)) * 100;
  await Promise.all(jobs);
  await Promise.all(slow.map((m) => m.stop()));

  const result = {
    round_trip: { jobs: rt.length, p50_ms: round(pct(rt, 50)), p99_ms: round(pct(rt, 99)), note: 'instant simulated miner polling every 10 ms; client poll backoff 20→200 ms' },
    concurrent_200: concurrent,
    wait_cpu: { jobs_waiting: 50, miners: 5, window_s: 6, cpu_pct_one_core: round(waitCpuPct), note: 'devnet + 5 miners + client in ONE process; polling with timers' },
  };
  console.table({ round_trip: { p50_ms: result.round_trip.p50_ms, p99_ms: result.round_trip.p99_ms } });
  console.table(concurrent);
  console.table({ wait_cpu: { cpu_pct_one_core: result.wait_cpu.cpu_pct_one_core } });
  writeResult('network', result);
  await devnet.close();
  appDb.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
