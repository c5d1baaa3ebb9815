/**
 * Token buckets, one per key: `ratePerMinute` tokens refill evenly over a minute, up to a burst of one
 * minute's worth. `take` spends one token or says how long until the next one (for Retry-After).
 */
export interface TokenBuckets {
  take(key: string, ratePerMinute: number): { ok: true } | { ok: false; retryAfterMs: number };
}

export function createTokenBuckets(now: () => number = () => performance.now(), maxKeys = 10_000): TokenBuckets {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, rate) {
      const t = now();
      const perMs = rate / 60_000;
      let b = buckets.get(key);
      if (!b) {
        if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
        b = { tokens: rate, at: t };
        buckets.set(key, b);
      }
      b.tokens = Math.min(rate, b.tokens + (t - b.at) * perMs);
      b.at = t;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterMs: Math.ceil((1 - b.tokens) / perMs) };
    },
  };
}
