import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { ZkRequest, ZkResponse } from './zk-protocol';

/** Groth16 proving/verifying off the main thread; one worker, started lazily, curve kept warm until close(). */
export interface ZkEngine {
  /** Starts the worker and builds the curve now (otherwise the first verify pays for it). */
  warm(): Promise<void>;
  /** snarkjs groth16.verify in the worker; `error` when the proof cannot even be parsed. */
  verify(vk: unknown, publicSignals: unknown, proof: unknown): Promise<{ valid: boolean; error?: string }>;
  prove(input: Record<string, unknown>, wasmFile: string, zkeyFile: string): Promise<{ proof: unknown; publicSignals: string[] }>;
  /** Frees the curve and terminates the worker; the engine restarts lazily if used again. */
  close(): Promise<void>;
}

type Pending = { resolve: (r: ZkResponse) => void };
type QueuedVerify = { vk: unknown; publicSignals: unknown; proof: unknown; resolve: (r: { valid: boolean; error?: string }) => void };
const MAX_BATCH = 64;
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/**
 * Where the worker's code is: next to the bundle in a build (out/main/zk-worker.js, an extra electron-vite
 * input), else the TypeScript source run through tsx (vitest, `node bin/clawgrid.mjs` from a checkout).
 */
export function zkWorkerTarget(dir: string = __dirname): { file: string; options: WorkerOptions } {
  for (const candidate of [path.join(dir, 'zk-worker.js'), path.join(dir, '..', 'zk-worker.js')]) {
    if (existsSync(candidate)) return { file: candidate, options: {} };
  }
  const source = path.join(dir, 'zk-worker.ts');
  if (existsSync(source)) {
    // From source only (tsx is a devDependency): register tsx's CommonJS hooks inside the worker, then load it.
    const tsx = createRequire(source).resolve('tsx/cjs');
    return { file: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)});`, options: { eval: true, execArgv: [] } };
  }
  throw new Error(`Groth16 worker not found next to ${dir}`);
}

/** `workerDir`: where to look for the worker (default: next to this module); benches point it at out/main. */
export function createZkEngine(opts: { workerDir?: string } = {}): ZkEngine {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const failAll = (message: string): void => {
    for (const [id, p] of pending) p.resolve({ id, ok: false, error: message });
    pending.clear();
  };

  const ensure = (): Worker => {
    if (worker) return worker;
    const { file, options } = zkWorkerTarget(opts.workerDir);
    // ffjavascript loads the `web-worker` shim, which assumes that ANY worker thread was made by itself and
    // reads `workerData.mod` as the script to run: hand it an empty data: URL so it runs nothing.
    const w = new Worker(file, { ...options, workerData: { mod: 'data:,', name: 'clawgrid-zk' } });
    w.on('message', (res: ZkResponse | undefined) => {
      if (!res || typeof res.id !== 'number') return;
      const p = pending.get(res.id);
      pending.delete(res.id);
      p?.resolve(res);
    });
    w.on('error', (err) => failAll(`Groth16 worker failed: ${err.message}`));
    w.on('exit', () => {
      if (worker === w) worker = null;
      failAll('Groth16 worker stopped');
    });
    worker = w;
    return w;
  };

  // Verifies queue up while one is in the worker; the next dispatch takes every queued proof under the same key
  // as ONE randomized batch check (groth16-verify.ts). A lone verify goes straight through as snarkjs's verify.
  const queue: QueuedVerify[] = [];
  let verifying = false;
  const pump = (): void => {
    if (verifying || queue.length === 0) return;
    const vk = queue[0]!.vk;
    const batch: QueuedVerify[] = [];
    for (let i = 0; i < queue.length && batch.length < MAX_BATCH; ) {
      if (queue[i]!.vk === vk) batch.push(...queue.splice(i, 1));
      else i++;
    }
    verifying = true;
    const done = (): void => {
      verifying = false;
      pump();
    };
    if (batch.length === 1) {
      const only = batch[0]!;
      void send({ type: 'verify', vk, publicSignals: only.publicSignals, proof: only.proof }).then((res) => {
        only.resolve(res.ok ? { valid: res.value === true } : { valid: false, error: res.error });
        done();
      });
      return;
    }
    void send({ type: 'verifyBatch', vk, items: batch.map((b) => ({ publicSignals: b.publicSignals, proof: b.proof })) }).then((res) => {
      const values = res.ok && Array.isArray(res.value) ? (res.value as unknown[]) : null;
      batch.forEach((b, i) => b.resolve(values ? { valid: values[i] === true } : { valid: false, error: res.ok ? 'bad batch answer' : res.error }));
      done();
    });
  };

  const send = (req: DistributiveOmit<ZkRequest, 'id'>): Promise<ZkResponse> => {
    const w = ensure();
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, { resolve });
      w.postMessage({ ...req, id });
    });
  };

  return {
    async warm() {
      const res = await send({ type: 'warm' });
      if (!res.ok) throw new Error(res.error);
    },
    verify(vk, publicSignals, proof) {
      return new Promise((resolve) => {
        queue.push({ vk, publicSignals, proof, resolve });
        pump();
      });
    },
    async prove(input, wasmFile, zkeyFile) {
      const res = await send({ type: 'prove', input, wasmFile, zkeyFile });
      if (!res.ok) throw new Error(`Proving failed: ${res.error}`);
      return res.value as { proof: unknown; publicSignals: string[] };
    },
    async close() {
      const w = worker;
      if (!w) return;
      await send({ type: 'close' });
      worker = null;
      await w.terminate();
    },
  };
}

let shared: ZkEngine | null = null;

/** The process-wide engine (one warm curve): the proofs feature closes it on shutdown; it restarts lazily. */
export function sharedZkEngine(): ZkEngine {
  shared ??= createZkEngine();
  return shared;
}
