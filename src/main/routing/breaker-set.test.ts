import { describe, expect, it } from 'vitest';
import { createBreakerSet } from './breaker-set';

describe('breaker set: one breaker per agent / miner', () => {
  it("one key's failures open only its own breaker", () => {
    const s = createBreakerSet({ threshold: 2, cooldownMs: 1000 });
    s.for('agent-a').failure(undefined, 0);
    s.for('agent-a').failure(undefined, 0);
    expect(s.isOpen('agent-a', 1)).toBe(true);
    expect(s.isOpen('agent-b', 1)).toBe(false);
    expect(s.for('agent-b').isOpen(1)).toBe(false);
    expect(s.isOpen('agent-a', 1001)).toBe(false);
  });
  it('stays bounded under many keys without forgetting an open breaker', () => {
    const s = createBreakerSet({ threshold: 1, cooldownMs: 60_000, maxKeys: 10 });
    s.for('open').failure();
    for (let i = 0; i < 100; i++) s.for(`k${i}`);
    expect(s.isOpen('open')).toBe(true);
  });
});
