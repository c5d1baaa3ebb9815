/** Resolves after `ms` (a timer: no CPU while waiting); rejects with the signal's reason when aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Exponential backoff with ±jitter: attempt 0 → base, then ×factor up to max. */
export interface Backoff {
  baseMs: number;
  factor: number;
  maxMs: number;
  /** Fraction of the delay randomized either way (0.2 = ±20 %). */
  jitter: number;
}

export function backoffDelay(b: Backoff, attempt: number, random: () => number = Math.random): number {
  const raw = Math.min(b.maxMs, b.baseMs * b.factor ** attempt);
  return Math.max(0, Math.round(raw * (1 + b.jitter * (2 * random() - 1))));
}
