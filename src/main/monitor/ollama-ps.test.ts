import { describe, expect, it } from 'vitest';
import { ollamaLoadedModelSchema } from '../../shared/contract/monitor';
import { ollamaPsResponseSchema, toLoadedModels } from './ollama-ps';

describe('ollama /api/ps mapping', () => {
  it('maps a real-shaped response, fully on GPU and partially offloaded', () => {
    const body = {
      models: [
        {
          name: 'qwen3:32b',
          model: 'qwen3:32b',
          size: 23727063040,
          digest: '030ee887880f8e7b6dbcc4f6cd1a65f4a8f2e8bcc7f1bea5b9e2c0ee1c3bb7a0',
          details: { parent_model: '', format: 'gguf', family: 'qwen3', families: ['qwen3'], parameter_size: '32.8B', quantization_level: 'Q4_K_M' },
          expires_at: '2026-05-14T12:39:12.873402519+02:00',
          size_vram: 23727063040,
          context_length: 8192,
        },
        {
          name: 'llama3.2:3b',
          model: 'llama3.2:3b',
          size: 3556796416,
          digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
          details: { format: 'gguf', family: 'llama' },
          expires_at: '2026-05-14T12:36:02.113845067+02:00',
        },
      ],
    };
    const models = toLoadedModels(ollamaPsResponseSchema.parse(body));
    expect(models).toEqual([
      { name: 'qwen3:32b', sizeBytes: 23727063040, sizeVramBytes: 23727063040, expiresAt: '2026-05-14T12:39:12.873402519+02:00', contextLength: 8192 },
      // Ollama omits size_vram when 0 (CPU only) and context_length before 0.10.0.
      { name: 'llama3.2:3b', sizeBytes: 3556796416, sizeVramBytes: 0, expiresAt: '2026-05-14T12:36:02.113845067+02:00', contextLength: null },
    ]);
    for (const m of models) expect(ollamaLoadedModelSchema.safeParse(m).success).toBe(true);
  });

  it('no loaded model: [] or null', () => {
    expect(toLoadedModels(ollamaPsResponseSchema.parse({ models: [] }))).toEqual([]);
    expect(toLoadedModels(ollamaPsResponseSchema.parse({ models: null }))).toEqual([]);
  });

  it('rejects what is not /api/ps', () => {
    expect(ollamaPsResponseSchema.safeParse({ error: 'not found' }).success).toBe(false);
    expect(ollamaPsResponseSchema.safeParse({ models: [{ size: 1 }] }).success).toBe(false);
  });
});
