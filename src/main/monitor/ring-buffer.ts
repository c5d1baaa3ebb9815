/** Fixed-capacity window: pushing beyond capacity drops the oldest item, in O(1) and without reallocating. */
export interface RingBuffer<T> {
  push(item: T): void;
  /** Items oldest first (a copy). */
  toArray(): T[];
  readonly size: number;
  readonly capacity: number;
}

/** Creates an empty ring of `capacity` slots. */
export function createRingBuffer<T>(capacity: number): RingBuffer<T> {
  if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
  const slots: (T | undefined)[] = new Array<T | undefined>(capacity);
  let next = 0;
  let size = 0;
  return {
    push(item) {
      slots[next] = item;
      next = (next + 1) % capacity;
      if (size < capacity) size++;
    },
    toArray() {
      const out: T[] = [];
      const start = (next - size + capacity) % capacity;
      for (let i = 0; i < size; i++) out.push(slots[(start + i) % capacity] as T);
      return out;
    },
    get size() {
      return size;
    },
    capacity,
  };
}
