/**
 * A per-backend circuit breaker: after `threshold` consecutive failures the backend is skipped for
 * `cooldownMs` (or as long as the backend's Retry-After asked), then one request probes it again.
 */
export interface CircuitBreaker {
  /** True while the backend should not be tried. */
  isOpen(now?: number): boolean;
  /** Milliseconds until it may be tried again (0 when closed). */
  retryInMs(now?: number): number;
  success(): void;
  /** A failure; `retryAfterMs` (from a 429/503 Retry-After) opens the breaker at once for that long. */
  failure(retryAfterMs?: number, now?: number): void;
}

export function createCircuitBreaker(opts: { threshold?: number; cooldownMs?: number } = {}): CircuitBreaker {
  const threshold = opts.threshold ?? 3;
  const cooldownMs = opts.cooldownMs ?? 15_000;
  let failures = 0;
  let openUntil = 0;
  return {
    isOpen: (now = Date.now()) => now < openUntil,
    retryInMs: (now = Date.now()) => Math.max(0, openUntil - now),
    success() {
      failures = 0;
      openUntil = 0;
    },
    failure(retryAfterMs, now = Date.now()) {
      failures++;
      if (retryAfterMs !== undefined && retryAfterMs > 0) openUntil = Math.max(openUntil, now + retryAfterMs);
      else if (failures >= threshold) openUntil = now + cooldownMs;
    },
  };
}
