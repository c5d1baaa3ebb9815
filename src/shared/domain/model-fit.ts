/**
 * Will a model run on this machine? Pure arithmetic, shared by main (REST, deploy checks) and the
 * renderer (which recomputes it when the person changes the context length).
 *
 * VRAM needed = weights (the GGUF file size: Ollama loads the file as-is) + KV cache at the chosen context
 * (2 tensors × layers × KV heads × head dim × 2 bytes for Ollama's default f16 cache per token) + a fixed
 * allowance for the CUDA context and compute graph.
 */

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/** CUDA context + compute graph; Ollama's own estimate is several hundred MiB for mid-size models. */
export const RUNTIME_OVERHEAD_BYTES = 512 * MIB;

/** Fallback when the architecture is unknown: KV bytes per token per billion parameters (≈ Llama 3 8B's 16 KiB). */
const FALLBACK_KV_BYTES_PER_TOKEN_PER_B = 16 * 1024;

/** The attention shape that sizes the KV cache; from GGUF `<arch>.block_count`, `.attention.head_count_kv`, `.attention.key_length`. */
export interface KvShape {
  layers: number;
  kvHeads: number;
  headDim: number;
}

/** fits: all on the GPU; offload: part of the layers on the CPU (slower); no_fit: use the network; unknown: size not known. */
export type FitLabel = 'fits' | 'offload' | 'no_fit' | 'unknown';

export interface VramEstimate {
  weightsBytes: number;
  kvBytes: number;
  overheadBytes: number;
  totalBytes: number;
}

/** Bytes of f16 KV cache per token of context. */
export function kvBytesPerToken(shape: KvShape, bytesPerElement = 2): number {
  return 2 * shape.layers * shape.kvHeads * shape.headDim * bytesPerElement;
}

/** "8.0B" → 8, "137M" → 0.137, "1.5T" → 1500; null when unreadable. */
export function parseParameterSize(text: string | null | undefined): number | null {
  const m = /^\s*([\d.]+)\s*([KMBT])\s*$/i.exec(text ?? '');
  if (!m) return null;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return null;
  const unit = m[2]!.toUpperCase();
  const factor = unit === 'K' ? 1e-6 : unit === 'M' ? 1e-3 : unit === 'T' ? 1e3 : 1;
  return n * factor;
}

/** KV bytes per token from the shape, else a conservative guess from the parameter count, else null. */
export function kvPerTokenOrGuess(shape: KvShape | null | undefined, parametersB: number | null | undefined): number | null {
  if (shape) return kvBytesPerToken(shape);
  if (typeof parametersB === 'number' && parametersB > 0) return Math.round(parametersB * FALLBACK_KV_BYTES_PER_TOKEN_PER_B);
  return null;
}

/** Weights + KV cache at `contextTokens` + runtime overhead; null when the weights size is unknown. */
export function estimateVram(input: { weightsBytes: number | null; kvBytesPerToken: number | null; contextTokens: number }): VramEstimate | null {
  if (input.weightsBytes === null || !(input.weightsBytes > 0)) return null;
  const kvBytes = Math.max(0, Math.round((input.kvBytesPerToken ?? 0) * Math.max(0, input.contextTokens)));
  const totalBytes = input.weightsBytes + kvBytes + RUNTIME_OVERHEAD_BYTES;
  return { weightsBytes: input.weightsBytes, kvBytes, overheadBytes: RUNTIME_OVERHEAD_BYTES, totalBytes };
}

/** What the machine has free now; null = not reported (no NVIDIA GPU, sampler not started). */
export interface FreeMemory {
  freeVramBytes: number | null;
  freeRamBytes: number | null;
}

/**
 * fits: everything in free VRAM. offload: VRAM + free system RAM hold it (Ollama then runs some layers on
 * the CPU; with no GPU at all, everything). no_fit: more than both together: run it on the network.
 */
export function fitLabel(needBytes: number | null, free: FreeMemory): FitLabel {
  if (needBytes === null) return 'unknown';
  const vram = free.freeVramBytes ?? 0;
  if (free.freeVramBytes !== null && needBytes <= vram) return 'fits';
  if (free.freeRamBytes === null) return free.freeVramBytes === null ? 'unknown' : 'no_fit';
  return needBytes <= vram + free.freeRamBytes ? 'offload' : 'no_fit';
}

/** Human label used in the UI and the REST status. */
export function fitText(label: FitLabel): string {
  switch (label) {
    case 'fits':
      return 'Fits';
    case 'offload':
      return 'Fits with offload';
    case 'no_fit':
      return 'Does not fit → network';
    default:
      return 'Unknown';
  }
}

export const BYTES = { GIB, MIB };
