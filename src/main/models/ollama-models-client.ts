import type { PullLine } from '../../shared/domain/pull-progress';
import type { KvShape } from '../../shared/domain/model-fit';
import { OllamaFailure, type InstalledModel, type OllamaService } from '../ollama/port';

/** A model on this machine as /api/tags (the ollama room's InstalledModel) + /api/show describe it. */
export interface LocalModel extends Omit<InstalledModel, 'raw'> {
  capabilities: string[];
  kv: KvShape | null;
  license: string | null;
}

/** The local Ollama as the catalog needs it: list, describe, pull (resumable), warm up. */
export interface LocalModelSource {
  readonly url: string;
  list(signal?: AbortSignal): Promise<{ name: string; sizeBytes: number; digest: string; family: string | null; parameterSize: string | null; quantization: string | null }[]>;
  show(name: string, signal?: AbortSignal): Promise<LocalModel>;
  /** Names loaded in memory now (/api/ps). */
  loaded(signal?: AbortSignal): Promise<string[]>;
  /** Streams /api/pull progress; re-pulling the same name resumes the partial download (Ollama keeps partial blobs). */
  pull(name: string, signal: AbortSignal): AsyncIterable<PullLine>;
  /** Loads the model with the context agents will use, so the first agent turn is warm. */
  warm(name: string, numCtx: number, signal: AbortSignal): Promise<void>;
  /** Deletes the model from disk (/api/delete). */
  remove(name: string, signal?: AbortSignal): Promise<void>;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);

/** Context length and KV shape from GGUF metadata keyed by `general.architecture` (ollama-api.md §5). */
export function modelInfoFacts(info: Record<string, unknown>, parameters: string | undefined): { contextLength: number | null; kv: KvShape | null } {
  const arch = typeof info['general.architecture'] === 'string' ? (info['general.architecture'] as string) : null;
  let ctx: number | null = arch ? num(info[`${arch}.context_length`]) : null;
  if (ctx === null) {
    const key = Object.keys(info).find((k) => k.endsWith('.context_length'));
    ctx = key ? num(info[key]) : null;
  }
  const numCtx = /^\s*num_ctx\s+(\d+)/m.exec(parameters ?? '');
  if (numCtx && (ctx === null || Number(numCtx[1]) > ctx)) ctx = Number(numCtx[1]);
  let kv: KvShape | null = null;
  if (arch) {
    const layers = num(info[`${arch}.block_count`]);
    const heads = num(info[`${arch}.attention.head_count`]);
    const kvHeads = num(info[`${arch}.attention.head_count_kv`]) ?? heads;
    const embed = num(info[`${arch}.embedding_length`]);
    const headDim = num(info[`${arch}.attention.key_length`]) ?? (embed && heads ? embed / heads : null);
    if (layers && kvHeads && headDim) kv = { layers, kvHeads, headDim };
  }
  return { contextLength: ctx, kv };
}

/** The catalog's view of the Ollama feature: lists come from its shared poll, calls go through its client. */
export function ollamaModelSource(ollama: OllamaService): LocalModelSource {
  const api = ollama.api;
  return {
    url: ollama.url,
    async list() {
      // A fresh poll, shared with anyone else asking now; it also updates what routing and the monitor see.
      const s = await ollama.refresh();
      if (s.reachability.state !== 'ok') throw new OllamaFailure(s.reachability.code ?? 'OLLAMA_UNREACHABLE', s.reachability.message);
      return s.installed.map(({ name, sizeBytes, digest, family, parameterSize, quantization }) => ({ name, sizeBytes, digest, family, parameterSize, quantization }));
    },
    async show(name, signal) {
      const s = await api.show(name, signal);
      const facts = modelInfoFacts(s.modelInfo, s.parameters ?? undefined);
      return {
        name,
        sizeBytes: 0,
        digest: '',
        family: s.family,
        parameterSize: s.parameterSize,
        quantization: s.quantization,
        contextLength: facts.contextLength,
        capabilities: s.capabilities,
        kv: facts.kv,
        license: s.license ? s.license.split('\n')[0]!.slice(0, 120) : null,
      };
    },
    loaded: async () => ollama.snapshot().loaded.map((m) => m.name),
    async *pull(name, signal) {
      yield* api.pull(name, signal);
      void ollama.refresh(); // the new model is installed: tell everyone now, not at the next poll
    },
    async warm(name, numCtx, signal) {
      await api.warm(name, numCtx, signal);
      ollama.noteLoaded(name, numCtx);
    },
    async remove(name, signal) {
      await api.delete(name, signal);
      await ollama.refresh();
    },
  };
}
