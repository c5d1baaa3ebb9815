// Minimal typings for the parts of snarkjs ClawGrid uses (it ships none).
declare module 'snarkjs' {
  export interface Groth16Proof {
    pi_a: string[];
    pi_b: string[][];
    pi_c: string[];
    protocol: string;
    curve: string;
  }
  /** Points are ffjavascript's wasm buffers (affine or Jacobian); only what the batch verifier uses. */
  export interface CurveGroup {
    zero: Uint8Array;
    fromObject(o: bigint[] | bigint[][]): Uint8Array;
    timesScalar(p: Uint8Array, s: bigint): Uint8Array;
    add(a: Uint8Array, b: Uint8Array): Uint8Array;
    neg(a: Uint8Array): Uint8Array;
    isValid(a: Uint8Array): boolean;
  }
  export interface Curve {
    r: bigint;
    G1: CurveGroup;
    G2: CurveGroup;
    Gt: { fromObject(o: unknown): Uint8Array };
    pairingEq(...points: Uint8Array[]): Promise<boolean>;
    terminate(): Promise<void>;
  }
  export const curves: {
    getCurveFromName(name: string, options?: { singleThread?: boolean }): Promise<Curve>;
  };
  export const groth16: {
    verify(vk: unknown, publicSignals: unknown, proof: unknown, logger?: unknown): Promise<boolean>;
    fullProve(input: Record<string, unknown>, wasmFile: string, zkeyFile: string): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
  };
}
