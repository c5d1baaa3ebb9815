import type { EventBatch, EventName, EventPayload } from '../../shared/contract/events';

/**
 * Collects events from services and delivers them to subscribers (windows, WebSocket clients) as one
 * batch per tick: the latest payload of each event that fired. Keeps the renderer's update rate bounded
 * however chatty the services are.
 */
export interface EventHub {
  publish<K extends EventName>(name: K, payload: EventPayload<K>): void;
  subscribe(listener: (batch: EventBatch) => void): () => void;
  /** Deliver what is pending now (used on shutdown and by tests). */
  flush(): void;
  close(): void;
}

export function createEventHub(opts: { tickMs?: number } = {}): EventHub {
  const tickMs = opts.tickMs ?? 250;
  const listeners = new Set<(batch: EventBatch) => void>();
  let pending: Record<string, unknown> = {};
  let hasPending = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!hasPending) return;
    const batch = pending as EventBatch;
    pending = {};
    hasPending = false;
    for (const l of listeners) {
      try {
        l(batch);
      } catch {
        // a failing subscriber must not starve the others
      }
    }
  };

  return {
    publish(name, payload) {
      pending[name] = payload;
      hasPending = true;
      if (!timer) {
        timer = setTimeout(flush, tickMs);
        timer.unref?.();
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flush,
    close() {
      if (timer) clearTimeout(timer);
      timer = null;
      listeners.clear();
    },
  };
}
