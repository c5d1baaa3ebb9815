import type { CoreServices } from '../feature';
import { createOllamaApi } from './ollama-api';
import { createOllamaService } from './ollama-service';
import type { OllamaService } from './port';

export interface OllamaFeatureOptions {
  /** Poll period while Ollama answers (default 2 s). */
  intervalMs?: number;
  maxBackoffMs?: number;
}

/** The local Ollama as a feature: one service every other feature reads; its poller runs between start and close. */
export function createOllamaFeature(core: CoreServices, opts: OllamaFeatureOptions = {}) {
  const ollama: OllamaService = createOllamaService({ api: createOllamaApi(core.settings.get().ollamaUrl), log: core.log, ...opts });
  return {
    ollama,
    handlers: {},
    start: () => ollama.start(),
    close: () => ollama.stop(),
  };
}
