import { describe, expect, it } from 'vitest';
import { monitorStatusSchema, ollamaLoadedModelSchema } from '../../shared/contract/monitor';
import { psSchema, toLoaded } from '../ollama/ollama-schemas';
import type { OllamaSnapshot } from '../ollama/port';
import { ollamaAbsentMessage, ollamaStatusSource, toOllamaStatus } from './ollama-ps';

const URL = 'http://127.0.0.1:11434';
/** What a real Ollama 0.12 answers to /api/ps: one model fully on the GPU, one on the CPU (size_vram omitted). */
const PS = {
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
    { name: 'llama3.2:3b', model: 'llama3.2:3b', size: 3556796416, details: { format: 'gguf', family: 'llama' }, expires_at: '2026-05-14T12:36:02.113845067+02:00' },
  ],
};

const snap = (reachability: OllamaSnapshot['reachability'], loaded = toLoaded(psSchema.parse(PS))): OllamaSnapshot => ({ reachability, installed: [], loaded, polledAt: 1 });

describe('the monitor\'s Ollama panel from the Ollama feature\'s snapshot', () => {
  it('running: loaded models in Ollama\'s order; omitted size_vram (CPU) and context_length read as 0 / null', () => {
    const st = toOllamaStatus(snap({ state: 'ok', url: URL, message: 'x', code: null }));
    expect(st).toEqual({
      state: 'ok',
      url: URL,
      message: 'Ollama is running: 2 models loaded.',
      models: [
        { name: 'qwen3:32b', sizeBytes: 23727063040, sizeVramBytes: 23727063040, expiresAt: '2026-05-14T12:39:12.873402519+02:00', contextLength: 8192 },
        { name: 'llama3.2:3b', sizeBytes: 3556796416, sizeVramBytes: 0, expiresAt: '2026-05-14T12:36:02.113845067+02:00', contextLength: null },
      ],
    });
    for (const m of st.models) expect(ollamaLoadedModelSchema.safeParse(m).success).toBe(true);
    expect(monitorStatusSchema.shape.ollama.safeParse(st).success).toBe(true);
  });

  it('no loaded model: [] or null both say so', () => {
    expect(toOllamaStatus(snap({ state: 'ok', url: URL, message: '', code: null }, toLoaded(psSchema.parse({ models: null })))).message).toBe('Ollama is running: no model loaded.');
    expect(toOllamaStatus(snap({ state: 'ok', url: URL, message: '', code: null }, toLoaded(psSchema.parse({ models: [] })))).models).toEqual([]);
  });

  it('absent is a normal state with the dashboard\'s sentence; errors keep the service\'s message; nothing is listed', () => {
    expect(toOllamaStatus(snap({ state: 'absent', url: URL, message: 'whatever', code: 'OLLAMA_ABSENT' }))).toEqual({ state: 'absent', url: URL, message: ollamaAbsentMessage(URL), models: [] });
    expect(toOllamaStatus(snap({ state: 'error', url: URL, message: `Ollama at ${URL} did not answer within 5 s (/api/tags).`, code: 'OLLAMA_TIMEOUT' }))).toMatchObject({ state: 'error', message: `Ollama at ${URL} did not answer within 5 s (/api/tags).`, models: [] });
  });

  it('the source reads the latest snapshot each time (no cache of its own)', () => {
    let s = snap({ state: 'starting', url: URL, message: 'Checking…', code: null }, []);
    const src = ollamaStatusSource({ snapshot: () => s });
    expect(src.status().state).toBe('starting');
    s = snap({ state: 'ok', url: URL, message: '', code: null });
    expect(src.status().models).toHaveLength(2);
  });

  it('a foreign /api/ps body does not parse (the service reports it as a bad reply)', () => {
    expect(psSchema.safeParse({ models: [{ size: 1 }] }).success).toBe(false);
    expect(psSchema.safeParse('<html>').success).toBe(false);
  });
});
