import { describe, expect, it } from 'vitest';
import { createTokenBuckets } from './token-bucket';

describe('token buckets', () => {
  it('allows a burst of one minute’s worth, then refills evenly, per key', () => {
    let t = 0;
    const b = createTokenBuckets(() => t);
    for (let i = 0; i < 3; i++) expect(b.take('k', 3)).toEqual({ ok: true });
    expect(b.take('k', 3)).toEqual({ ok: false, retryAfterMs: 20_000 });
    expect(b.take('other', 3)).toEqual({ ok: true });
    t = 10_000;
    expect(b.take('k', 3)).toEqual({ ok: false, retryAfterMs: 10_000 });
    t = 20_000;
    expect(b.take('k', 3)).toEqual({ ok: true });
    t = 1_000_000;
    for (let i = 0; i < 3; i++) expect(b.take('k', 3).ok).toBe(true);
    expect(b.take('k', 3).ok).toBe(false);
  });
});
