import { parentPort } from 'node:worker_threads';
import * as snarkjs from 'snarkjs';
import { batchVerifyGroth16, verifyGroth16 } from './groth16-verify';
import type { ZkRequest, ZkResponse } from './zk-protocol';

/**
 * Worker thread for Groth16 (snarkjs): keeps one single-threaded BN254 curve warm for every verify and prove,
 * so the main process's event loop never runs pairings. Entry of its own in the build (electron.vite.config.ts).
 */

type Curve = snarkjs.Curve;
const g = globalThis as { curve_bn128?: Curve | null };
let curve: Promise<Curve> | null = null;

function warm(): Promise<Curve> {
  // snarkjs asks ffjavascript for the multi-threaded curve, which is cached in globalThis.curve_bn128:
  // installing a single-threaded curve there makes snarkjs reuse it (no nested worker pool, ~2.5x faster verify).
  // (Built through snarkjs's own ffjavascript, so the bundle carries no second copy of it.)
  curve ??= snarkjs.curves.getCurveFromName('bn128', { singleThread: true }).then((c) => {
    g.curve_bn128 = c;
    return c;
  });
  return curve;
}

async function handle(req: ZkRequest): Promise<ZkResponse> {
  try {
    await warm();
    switch (req.type) {
      case 'warm':
        return { id: req.id, ok: true, value: true };
      case 'verify':
        return { id: req.id, ok: true, value: await verifyGroth16(await warm(), req.vk, req.publicSignals, req.proof) };
      case 'verifyBatch': {
        const c = await warm();
        if (await batchVerifyGroth16(c, req.vk, req.items).catch(() => false)) return { id: req.id, ok: true, value: req.items.map(() => true) };
        // At least one is invalid: find which, one by one.
        const each: boolean[] = [];
        for (const item of req.items) each.push(await verifyGroth16(c, req.vk, item.publicSignals, item.proof).catch(() => false));
        return { id: req.id, ok: true, value: each };
      }
      case 'prove': {
        const { proof, publicSignals } = await snarkjs.groth16.fullProve(req.input, req.wasmFile, req.zkeyFile);
        return { id: req.id, ok: true, value: { proof, publicSignals } };
      }
      case 'close':
        await (await warm()).terminate();
        g.curve_bn128 = null;
        return { id: req.id, ok: true, value: true };
      default:
        return { id: (req as { id: number }).id, ok: false, error: 'unknown request' };
    }
  } catch (err) {
    return { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

parentPort?.on('message', (req: ZkRequest) => {
  void handle(req).then((res) => parentPort?.postMessage(res));
});
