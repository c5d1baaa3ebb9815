import { describe, expect, it } from 'vitest';
import { createRingBuffer } from './ring-buffer';

describe('ring buffer', () => {
  it('keeps insertion order until full, then drops the oldest', () => {
    const r = createRingBuffer<number>(3);
    expect(r.toArray()).toEqual([]);
    r.push(1);
    r.push(2);
    expect(r.toArray()).toEqual([1, 2]);
    r.push(3);
    r.push(4);
    r.push(5);
    expect(r.toArray()).toEqual([3, 4, 5]);
    expect(r.size).toBe(3);
  });
  it('returns a copy the caller may keep', () => {
    const r = createRingBuffer<number>(2);
    r.push(1);
    const a = r.toArray();
    r.push(2);
    expect(a).toEqual([1]);
  });
  it('rejects a useless capacity', () => {
    expect(() => createRingBuffer(0)).toThrow(RangeError);
  });
});
