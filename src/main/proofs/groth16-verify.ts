import { randomBytes } from 'node:crypto';
import type { Curve } from 'snarkjs';

/** One Groth16 proof with its public signals, as snarkjs stores them (decimal strings). */
export interface BatchItem {
  publicSignals: unknown;
  proof: unknown;
}

interface VkShape {
  IC: string[][];
  vk_alphabeta_12: string[][][];
  vk_alpha_1: string[];
  vk_beta_2: string[][];
  vk_gamma_2: string[][];
  vk_delta_2: string[][];
}
interface ProofShape {
  pi_a: string[];
  pi_b: string[][];
  pi_c: string[];
}

const big1 = (a: string[]): bigint[] => a.map((x) => BigInt(x));
const big2 = (a: string[][]): bigint[][] => a.map(big1);

interface PreparedVk {
  ic: Uint8Array[];
  gamma: Uint8Array;
  delta: Uint8Array;
  alphaBeta: Uint8Array;
}
const prepared = new Map<string, PreparedVk>();

/** The key's points converted once (per key, per worker) instead of on every verify. */
function prepare(curve: Curve, vk: VkShape): PreparedVk {
  const id = JSON.stringify([vk.IC, vk.vk_delta_2]);
  let p = prepared.get(id);
  if (!p) {
    p = {
      ic: vk.IC.map((x) => curve.G1.fromObject(big1(x))),
      gamma: curve.G2.fromObject(big2(vk.vk_gamma_2)),
      delta: curve.G2.fromObject(big2(vk.vk_delta_2)),
      alphaBeta: curve.Gt.fromObject(vk.vk_alphabeta_12.map(big2)),
    };
    prepared.set(id, p);
  }
  return p;
}

/**
 * One Groth16 verify, same checks as snarkjs's groth16.verify (signals in the field, points on the curve), with
 * e(α, β) taken from the key's precomputed `vk_alphabeta_12`: e(A,B)·e(−L,γ)·e(−C,δ) = e(α,β), 3 Miller loops
 * instead of 4. Throws on malformed input (the worker reports it as unverifiable).
 */
export async function verifyGroth16(curve: Curve, vkRaw: unknown, publicSignals: unknown, proofRaw: unknown): Promise<boolean> {
  const vk = vkRaw as VkShape;
  const { G1, G2 } = curve;
  const p = prepare(curve, vk);
  const proof = proofRaw as ProofShape;
  const signals = (publicSignals as string[]).map((s) => BigInt(s));
  if (signals.length !== p.ic.length - 1 || signals.some((s) => s < 0n || s >= curve.r)) return false;
  const a = G1.fromObject(big1(proof.pi_a));
  const b = G2.fromObject(big2(proof.pi_b));
  const c = G1.fromObject(big1(proof.pi_c));
  if (!G1.isValid(a) || !G2.isValid(b) || !G1.isValid(c)) return false;
  let l = p.ic[0]!;
  signals.forEach((s, j) => {
    l = G1.add(l, G1.timesScalar(p.ic[j + 1]!, s));
  });
  return curve.pairingEq(a, b, G1.neg(l), p.gamma, G1.neg(c), p.delta, p.alphaBeta);
}

/**
 * Randomized batch verification of Groth16 proofs under one key (the standard small-exponent test): with random
 * 128-bit r_i it checks Π e(−r_i·A_i, B_i) · e(Σ r_i·L_i, γ) · e(Σ r_i·C_i, δ) · e((Σ r_i)·α, β) = 1, i.e. n + 3
 * Miller loops and ONE final exponentiation instead of 4n loops and n exponentiations. True means every proof
 * is valid (except with probability 2^-128); false means at least one is not (the caller then checks each).
 * A malformed item (points off the curve, signals out of the field) makes the whole batch false.
 */
export async function batchVerifyGroth16(curve: Curve, vkRaw: unknown, items: readonly BatchItem[]): Promise<boolean> {
  const vk = vkRaw as VkShape;
  const { G1, G2 } = curve;
  const { ic, gamma, delta } = prepare(curve, vk);
  const pairs: Uint8Array[] = [];
  let accL = G1.zero;
  let accC = G1.zero;
  let rSum = 0n;
  for (const item of items) {
    const proof = item.proof as ProofShape;
    const signals = (item.publicSignals as string[]).map((s) => BigInt(s));
    if (signals.length !== ic.length - 1 || signals.some((s) => s < 0n || s >= curve.r)) return false;
    const a = G1.fromObject(big1(proof.pi_a));
    const b = G2.fromObject(big2(proof.pi_b));
    const c = G1.fromObject(big1(proof.pi_c));
    if (!G1.isValid(a) || !G2.isValid(b) || !G1.isValid(c)) return false;
    let l = ic[0]!;
    signals.forEach((s, j) => {
      l = G1.add(l, G1.timesScalar(ic[j + 1]!, s));
    });
    const r = BigInt(`0x${randomBytes(16).toString('hex')}`) | 1n;
    pairs.push(G1.timesScalar(G1.neg(a), r), b);
    accL = G1.add(accL, G1.timesScalar(l, r));
    accC = G1.add(accC, G1.timesScalar(c, r));
    rSum += r;
  }
  const alpha = G1.timesScalar(G1.fromObject(big1(vk.vk_alpha_1)), rSum % curve.r);
  return curve.pairingEq(
    ...pairs,
    accL,
    gamma,
    accC,
    delta,
    alpha,
    G2.fromObject(big2(vk.vk_beta_2)),
  );
}
