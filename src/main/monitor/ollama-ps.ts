import type { MonitorStatus } from '../../shared/contract/monitor';
import type { OllamaSnapshot, OllamaState } from '../ollama/port';

/** What the monitor shows for Ollama. */
export type OllamaStatus = MonitorStatus['ollama'];

/** Shown when nothing listens at the Ollama URL: a normal state, not an error. */
export const ollamaAbsentMessage = (url: string) => `Ollama is not running at ${url} — local models appear here when it is.`;

/** The Ollama feature's snapshot as the dashboard shows it (loaded models in Ollama's order, latest expiry first). */
export function toOllamaStatus(s: OllamaSnapshot): OllamaStatus {
  const { state, url, message } = s.reachability;
  if (state !== 'ok') return { state, url, message: state === 'absent' ? ollamaAbsentMessage(url) : message, models: [] };
  const models = s.loaded.map((m) => ({ name: m.name, sizeBytes: m.sizeBytes, sizeVramBytes: m.sizeVramBytes, expiresAt: m.expiresAt, contextLength: m.contextLength }));
  const what = models.length === 0 ? 'no model loaded' : `${models.length} model${models.length === 1 ? '' : 's'} loaded`;
  return { state, url, message: `Ollama is running: ${what}.`, models };
}

/** The monitor's source of the loaded-models panel: the latest status, never waiting on Ollama. */
export interface OllamaStatusSource {
  status(): OllamaStatus;
}

/** A view over the Ollama feature's state: the monitor no longer polls Ollama itself. */
export function ollamaStatusSource(ollama: Pick<OllamaState, 'snapshot'>): OllamaStatusSource {
  return { status: () => toOllamaStatus(ollama.snapshot()) };
}
