/** One model the fake Ollama has "on disk", with the facts /api/tags, /api/show and /api/ps report. */
export interface FakeModel {
  name: string;
  family: string;
  parameterSize: string;
  quantization: string;
  sizeBytes: number;
  contextLength: number;
  /** Ollama capability strings: completion, tools, thinking, vision, embedding, insert. */
  capabilities: string[];
  /** What the model answers (split into tokens); defaults to a sentence naming the model. */
  reply?: string;
  /** Reasoning streamed before the answer when `think` is not false and the model has `thinking`. */
  thinking?: string;
  /** Embedding vector length for embedding models. */
  embeddingLength?: number;
}

/** A small default catalog: a chat model with tools and thinking, a plain one, and an embedder. */
export const DEFAULT_FAKE_MODELS: FakeModel[] = [
  {
    name: 'llama3.2:3b',
    family: 'llama',
    parameterSize: '3.2B',
    quantization: 'Q4_K_M',
    sizeBytes: 2_019_393_189,
    contextLength: 131072,
    capabilities: ['completion', 'tools'],
  },
  {
    name: 'qwen3:8b',
    family: 'qwen3',
    parameterSize: '8.2B',
    quantization: 'Q4_K_M',
    sizeBytes: 5_225_387_923,
    contextLength: 40960,
    capabilities: ['completion', 'tools', 'thinking'],
    thinking: 'The user greets me; I should greet back.',
  },
  {
    name: 'nomic-embed-text:latest',
    family: 'nomic-bert',
    parameterSize: '137M',
    quantization: 'F16',
    sizeBytes: 274_302_450,
    contextLength: 2048,
    capabilities: ['embedding'],
    embeddingLength: 768,
  },
];

/** A stable fake digest per model name (64 hex chars), so caches keyed on it behave. */
export function fakeDigest(name: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 64; round++) {
    for (const ch of `${name}#${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 64);
}

/** `details` as Ollama writes it in /api/tags, /api/show and /api/ps. */
export function fakeDetails(m: FakeModel) {
  return {
    parent_model: '',
    format: 'gguf',
    family: m.family,
    families: [m.family],
    parameter_size: m.parameterSize,
    quantization_level: m.quantization,
  };
}

/** Ollama's model names default the tag to `latest`. */
export function normalizeName(name: string): string {
  return name.includes(':') ? name : `${name}:latest`;
}

/** `/api/tags` as Ollama ≥ 0.30 writes it (capabilities and context length included). */
export function tagsBody(models: Iterable<FakeModel>) {
  return {
    models: [...models].map((m) => ({
      name: m.name,
      model: m.name,
      modified_at: '2026-05-01T10:00:00.000000+02:00',
      size: m.sizeBytes,
      digest: fakeDigest(m.name),
      details: { ...fakeDetails(m), context_length: m.contextLength },
      capabilities: m.capabilities,
    })),
  };
}

/** `/api/ps`: the loaded models, latest expiry first, each with the context it was loaded with. */
export function psBody(models: Map<string, FakeModel>, loaded: Map<string, { expiresAt: number; contextLength: number }>) {
  return {
    models: [...loaded.entries()]
      .sort((a, b) => b[1].expiresAt - a[1].expiresAt)
      .flatMap(([n, l]) => {
        const m = models.get(n);
        return m ? [{ name: m.name, model: m.name, size: m.sizeBytes, digest: fakeDigest(m.name), details: fakeDetails(m), expires_at: new Date(l.expiresAt).toISOString(), size_vram: m.sizeBytes, context_length: l.contextLength }] : [];
      }),
  };
}

/** `/api/show` for a model, in Ollama's shape. */
export function showBody(model: FakeModel) {
  return {
    license: 'MIT',
    modelfile: `FROM ${model.name}`,
    template: '{{ .Prompt }}',
    parameters: 'stop                           "<|eot_id|>"\nnum_ctx                        8192',
    details: fakeDetails(model),
    model_info: { 'general.architecture': model.family, [`${model.family}.context_length`]: model.contextLength },
    capabilities: model.capabilities,
    modified_at: '2026-05-01T10:00:00.000000+02:00',
  };
}
