/** Messages between the main process and the Groth16 worker (src/main/proofs/zk-worker.ts). */
export type ZkRequest =
  | { id: number; type: 'warm' }
  | { id: number; type: 'verify'; vk: unknown; publicSignals: unknown; proof: unknown }
  | { id: number; type: 'verifyBatch'; vk: unknown; items: Array<{ publicSignals: unknown; proof: unknown }> }
  | { id: number; type: 'prove'; input: Record<string, unknown>; wasmFile: string; zkeyFile: string }
  | { id: number; type: 'close' };

/** The worker's answer; `value` is a boolean for verify/warm/close, boolean[] for verifyBatch, and `{proof, publicSignals}` for prove. */
export type ZkResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
