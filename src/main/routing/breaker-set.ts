import { createCircuitBreaker, type CircuitBreaker } from './circuit-breaker';

/**
 * One circuit breaker per key (an agent id, a miner id), created on first use: one agent's failing
 * requests, or one miner that stops answering, never close the network for the others.
 */
export interface BreakerSet {
  for(key: string): CircuitBreaker;
  /** Whether `key`'s breaker is open now (false for a key never seen). */
  isOpen(key: string, now?: number): boolean;
}

export function createBreakerSet(opts: { threshold?: number; cooldownMs?: number; maxKeys?: number } = {}): BreakerSet {
  const breakers = new Map<string, CircuitBreaker>();
  const maxKeys = opts.maxKeys ?? 10_000;
  return {
    for(key) {
      let b = breakers.get(key);
      if (!b) {
        // Bounded: forget closed breakers first when a flood of keys arrives (an open one keeps protecting).
        if (breakers.size >= maxKeys) for (const [k, v] of breakers) if (!v.isOpen()) breakers.delete(k);
        breakers.set(key, (b = createCircuitBreaker(opts)));
      }
      return b;
    },
    isOpen: (key, now) => breakers.get(key)?.isOpen(now) ?? false,
  };
}
