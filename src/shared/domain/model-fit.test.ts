import { describe, expect, it } from 'vitest';
import { estimateVram, fitLabel, kvBytesPerToken, parseParameterSize, RUNTIME_OVERHEAD_BYTES } from './model-fit';

const GB = 1e9;
const GIB = 1024 ** 3;
// Attention shapes from the models' GGUF metadata (block_count, head_count_kv, key_length).
const LLAMA31_8B = { layers: 32, kvHeads: 8, headDim: 128 };
const LLAMA31_70B = { layers: 80, kvHeads: 8, headDim: 128 };
const QWEN25_7B = { layers: 28, kvHeads: 4, headDim: 128 };

describe('VRAM estimate (weights + KV cache + runtime)', () => {
  it('Llama 3.1 8B keeps 128 KiB of f16 KV per token: 1 GiB at 8K, 16 GiB at its full 128K', () => {
    expect(kvBytesPerToken(LLAMA31_8B)).toBe(128 * 1024);
    expect(estimateVram({ weightsBytes: 4.9 * GB, kvBytesPerToken: kvBytesPerToken(LLAMA31_8B), contextTokens: 8192 })!.kvBytes).toBe(1 * GIB);
    expect(estimateVram({ weightsBytes: 4.9 * GB, kvBytesPerToken: kvBytesPerToken(LLAMA31_8B), contextTokens: 131072 })!.kvBytes).toBe(16 * GIB);
  });

  it('Qwen2.5 7B (GQA, 4 KV heads) needs 1.75 GiB of KV at 32K', () => {
    const e = estimateVram({ weightsBytes: 4.7 * GB, kvBytesPerToken: kvBytesPerToken(QWEN25_7B), contextTokens: 32768 })!;
    expect(e.kvBytes).toBe(1.75 * GIB);
    expect(e.totalBytes).toBe(4.7 * GB + 1.75 * GIB + RUNTIME_OVERHEAD_BYTES);
  });

  it('Llama 3.1 70B Q4_K_M (43 GB) at 8K needs about 46.2 GB', () => {
    const e = estimateVram({ weightsBytes: 43 * GB, kvBytesPerToken: kvBytesPerToken(LLAMA31_70B), contextTokens: 8192 })!;
    expect(e.kvBytes).toBe(2.5 * GIB);
    expect(e.totalBytes / GB).toBeCloseTo(46.22, 1);
  });

  it('unknown weights give no estimate', () => {
    expect(estimateVram({ weightsBytes: null, kvBytesPerToken: 1, contextTokens: 10 })).toBeNull();
  });

  it('reads Ollama parameter sizes', () => {
    expect(parseParameterSize('8.0B')).toBe(8);
    expect(parseParameterSize('137M')).toBeCloseTo(0.137);
    expect(parseParameterSize('751.63M')).toBeCloseTo(0.75163);
    expect(parseParameterSize('nonsense')).toBeNull();
  });
});

describe('fit label on a 24 GB card (RTX 4090: ~22.5 GiB free) with 32 GiB of free RAM', () => {
  const free = { freeVramBytes: 22.5 * GIB, freeRamBytes: 32 * GIB };
  const need = (weights: number, kv: typeof LLAMA31_8B, ctx: number) => estimateVram({ weightsBytes: weights, kvBytesPerToken: kvBytesPerToken(kv), contextTokens: ctx })!.totalBytes;

  it('8B at 32K fits', () => expect(fitLabel(need(4.9 * GB, LLAMA31_8B, 32768), free)).toBe('fits'));
  it('8B at its full 128K context (~22.6 GB) still fits, but not on a 16 GB card (~15 GiB free): offload', () => {
    expect(fitLabel(need(4.9 * GB, LLAMA31_8B, 131072), free)).toBe('fits');
    expect(fitLabel(need(4.9 * GB, LLAMA31_8B, 131072), { ...free, freeVramBytes: 15 * GIB })).toBe('offload');
  });
  it('70B Q4_K_M at 8K needs RAM offload', () => expect(fitLabel(need(43 * GB, LLAMA31_70B, 8192), free)).toBe('offload'));
  it('70B Q8_0 (75 GB) does not fit: network', () => expect(fitLabel(need(75 * GB, LLAMA31_70B, 8192), free)).toBe('no_fit'));
  it('no NVIDIA GPU: a model that fits in RAM runs on the CPU (offload); unknown memory is unknown', () => {
    expect(fitLabel(need(4.9 * GB, LLAMA31_8B, 8192), { freeVramBytes: null, freeRamBytes: 32 * GIB })).toBe('offload');
    expect(fitLabel(need(4.9 * GB, LLAMA31_8B, 8192), { freeVramBytes: null, freeRamBytes: null })).toBe('unknown');
    expect(fitLabel(null, free)).toBe('unknown');
  });
});
