import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { canonicalJson, parseJsonLossless, pyFloat, pythonJsonDumps, type JsonValue } from '../../shared/domain/canonical-json';

// Cross-checks src/shared/domain/canonical-json.ts against CPython's own json module (AITBC's canonical_json).
const PY_CANON = `
import json, sys
def strip(v):
    if isinstance(v, dict): return {k: strip(x) for k, x in v.items() if x is not None}
    if isinstance(v, list): return [strip(x) for x in v if x is not None]
    return v
def canon(v): return json.dumps(strip(v), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
`;

const PY_GENERATE = `${PY_CANON}
import random, struct, math
rnd = random.Random(int(sys.argv[1]))
EDGE = [0.0, -0.0, 1e-05, 1e-4, 0.0001, 9.999e-5, 1e16, 1e15, 9999999999999998.0, 1e22, 1e-7, 5e-324, 2.2250738585072014e-308,
        1.7976931348623157e308, 0.1, 0.2, 0.30000000000000004, 12.0, 0.02, 0.24, 1.005, 123456789.123456789, 2**53 + 0.0, -2.5e-8]
def rfloat():
    k = rnd.random()
    if k < 0.3: return rnd.choice(EDGE) * rnd.choice([1, -1])
    if k < 0.6:
        while True:
            f = struct.unpack('<d', rnd.getrandbits(64).to_bytes(8, 'little'))[0]
            if math.isfinite(f): return f
    if k < 0.8: return float(rnd.randint(-10**6, 10**6)) / 10 ** rnd.randint(0, 12)
    return rnd.uniform(-1, 1) * 10 ** rnd.randint(-30, 30)
def rint():
    return rnd.choice([0, 1, -1, 2**53, 2**53 + 1, -(2**63), rnd.randint(-10**30, 10**30), rnd.randint(-1000, 1000)])
def rchar():
    k = rnd.random()
    if k < 0.4: return chr(rnd.randint(0x20, 0x7e))
    if k < 0.55: return chr(rnd.randint(0, 0x1f))
    if k < 0.6: return rnd.choice(['"', '\\\\', '/', '\\x7f'])
    if k < 0.75: return chr(rnd.randint(0x80, 0xd7ff))
    if k < 0.85: return chr(rnd.randint(0xe000, 0xffff))
    if k < 0.97: return chr(rnd.randint(0x10000, 0x10ffff))
    return chr(rnd.randint(0xd800, 0xdfff))
def rstr(): return ''.join(rchar() for _ in range(rnd.randint(0, 8)))
def rval(d):
    k = rnd.random()
    if d > 3 or k < 0.5:
        return rnd.choice([None, True, False, rstr(), rint(), rfloat(), rfloat()])
    if k < 0.75: return [rval(d + 1) for _ in range(rnd.randint(0, 5))]
    return {rstr(): rval(d + 1) for _ in range(rnd.randint(0, 5))}
for i in range(int(sys.argv[2])):
    v = rval(0)
    wire = json.dumps(v, ensure_ascii=rnd.random() < 0.5, indent=rnd.choice([None, 1]))
    print(json.dumps([wire, canon(v)]))
`;

function python(script: string, args: string[], input?: string): string {
  return execFileSync('python3', ['-c', script, ...args], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

describe('canonical JSON against CPython json.dumps', () => {
  it('parses and canonicalizes 3,000 Python-generated values exactly like Python', () => {
    const lines = python(PY_GENERATE, ['7', '3000']).trim().split('\n');
    expect(lines).toHaveLength(3000);
    const mismatches: string[] = [];
    for (const line of lines) {
      const [wire, expected] = JSON.parse(line) as [string, string];
      const parsed = parseJsonLossless(wire);
      const got = parsed.ok ? canonicalJson(parsed.value) : `PARSE ERROR ${parsed.error.message}`;
      if (got !== expected) mismatches.push(`${wire}\n  python: ${expected}\n  ours:   ${got}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('renders 3,000 JS-built values (pyFloat, bigint, astral keys) the way Python canonicalizes them', () => {
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const f64 = new Float64Array(1);
    const u32 = new Uint32Array(f64.buffer);
    const str = (): string => {
      let s = '';
      const n = Math.floor(rand() * 6);
      for (let i = 0; i < n; i++) {
        const k = rand();
        const cp = k < 0.4 ? 0x20 + Math.floor(rand() * 95) : k < 0.55 ? Math.floor(rand() * 0x20) : k < 0.8 ? 0x80 + Math.floor(rand() * 0xd700) : k < 0.9 ? 0xe000 + Math.floor(rand() * 0x2000) : 0x10000 + Math.floor(rand() * 0xfffff);
        s += String.fromCodePoint(cp);
      }
      return s;
    };
    const scalar = (): JsonValue => {
      const k = rand();
      if (k < 0.1) return null;
      if (k < 0.2) return rand() < 0.5;
      if (k < 0.35) return str();
      if (k < 0.45) return Math.floor((rand() - 0.5) * 1e6);
      if (k < 0.5) return BigInt(Math.floor(rand() * 1e9)) ** 3n * (rand() < 0.5 ? -1n : 1n);
      if (k < 0.6) return pyFloat(Math.floor(rand() * 1000));
      if (k < 0.8) {
        u32[0] = Math.floor(rand() * 2 ** 32);
        u32[1] = Math.floor(rand() * 2 ** 32);
        const v = f64[0] ?? 0;
        return Number.isFinite(v) ? pyFloat(v) : pyFloat(0.5);
      }
      return (rand() - 0.5) * 10 ** Math.floor(rand() * 50 - 25);
    };
    const value = (d: number): JsonValue => {
      const k = rand();
      if (d > 3 || k < 0.5) return scalar();
      if (k < 0.75) return Array.from({ length: Math.floor(rand() * 5) }, () => value(d + 1));
      const o: Record<string, JsonValue> = {};
      for (let i = Math.floor(rand() * 5); i > 0; i--) o[str()] = value(d + 1);
      return o;
    };
    const values = Array.from({ length: 3000 }, () => value(0));
    const wire = values.map((v) => pythonJsonDumps(v)).join('\n');
    const expected = python(`${PY_CANON}\nfor line in sys.stdin.read().split("\\n"): print(canon(json.loads(line)))`, [], wire).trimEnd().split('\n');
    const got = values.map(canonicalJson);
    const mismatches = got.flatMap((g, i) => (g === expected[i] ? [] : [`ours ${g}\npy   ${expected[i]}`]));
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
