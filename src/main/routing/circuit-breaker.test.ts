import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from './circuit-breaker';

describe('circuit breaker', () => {
  it('opens after repeated failures and closes after the cooldown', () => {
    const b = createCircuitBreaker({ threshold: 2, cooldownMs: 1000 });
    b.failure(undefined, 0);
    expect(b.isOpen(1)).toBe(false);
    b.failure(undefined, 10);
    expect(b.isOpen(20)).toBe(true);
    expect(b.isOpen(1011)).toBe(false);
  });
  it('honours Retry-After at once', () => {
    const b = createCircuitBreaker({ threshold: 5 });
    b.failure(30_000, 0);
    expect(b.retryInMs(1000)).toBe(29_000);
  });
  it('a success resets it', () => {
    const b = createCircuitBreaker({ threshold: 1, cooldownMs: 1000 });
    b.failure(undefined, 0);
    b.success();
    expect(b.isOpen(1)).toBe(false);
  });
});
