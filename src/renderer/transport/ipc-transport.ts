import type { EventBatch } from '../../shared/contract/events';
import { parseCallInput, parseCallResult, parseEventBatch } from '../../shared/contract/validate';
import { CallError, toCallError } from './call-error';
import type { PreloadApi } from '../../shared/contract/preload-api';
import type { Transport } from './transport';

/** The Electron transport: the preload's `window.clawgrid`, with contract validation on this side. */
export function createIpcTransport(api: PreloadApi, opts: { onInvalidEvent?: (name: string, message: string) => void } = {}): Transport {
  const onInvalid = opts.onInvalidEvent ?? ((name, message) => console.warn(`[clawgrid] dropped invalid event ${name}: ${message}`));

  return {
    kind: 'ipc',
    async call(name, input) {
      let raw: unknown;
      try {
        const parsedInput = parseCallInput(name, input);
        raw = await api.call(name, parsedInput);
      } catch (err) {
        throw toCallError(err);
      }
      const result = parseCallResult(name, raw);
      if (!result.ok) throw new CallError(result.error);
      return result.output;
    },
    subscribe(listener) {
      return api.onEvents((batch) => {
        if (typeof batch !== 'object' || batch === null) return;
        const valid: EventBatch = parseEventBatch(batch, onInvalid);
        if (Object.keys(valid).length > 0) listener(valid);
      });
    },
    getStatus: () => 'open',
    onStatus: () => () => undefined,
  };
}
