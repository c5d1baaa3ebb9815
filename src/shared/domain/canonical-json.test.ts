import { describe, expect, it } from 'vitest';
import { canonicalFlatJson, canonicalJson, canonicalKeyOrder, compareCodePoints, parseJsonLossless, PyFloat, pyFloat, pythonFloatRepr, pythonJsonDumps, type JsonValue } from './canonical-json';
import { VECTOR_PAYLOAD_WIRE as VECTOR_WIRE } from '../../../test-support/proofs/receipt-vector';

// Reference aitbc.md §7.5: the signed payload as it would arrive (shared with the proofs tests), and Python's canonical string for it.
const VECTOR_CANONICAL =
  '{"client":"3f9a1c2e-7b4d-4e8f-9a6b-1c2d3e4f5a6b","completed_at":1755800000,"job_id":"0b8e4f7a2c1d4e6f9a3b5c7d9e1f2a4b","metadata":{"job_constraints":{"max_price":"0.05","models":["llama3.2:3b"],"zk_proof_required":false},"job_payload":{"model":"llama3.2:3b","prompt":"Gr\\u00fc\\u00df dich \\u2014 \\ud83d\\ude00","tags":["a","b"],"type":"inference"},"metrics":{"big":1e+16,"duration_ms":12000,"gpu_utilization":87,"tiny":1e-05},"result":{"execution_time":12.0,"gpu_used":true,"model":"llama3.2:3b","output":"Hallo!","status":"completed","tokens_processed":5}},"price":0.24,"provider":"clawgrid-edge-1","receipt_id":"5f2c0a9e3b7d4c1e8a6f0b2d4c6e8f10","started_at":1755799988,"status":"COMPLETED","unit_price":0.02,"unit_type":"gpu_seconds","units":12.0,"version":"1.0"}';

function parse(text: string): JsonValue {
  const r = parseJsonLossless(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('canonicalJson', () => {
  it('reproduces the AITBC reference test vector from the wire text', () => {
    expect(canonicalJson(parse(VECTOR_WIRE))).toBe(VECTOR_CANONICAL);
  });

  it('renders the vector the same when the wire used pydantic-style float lexemes (0.00001, 1e16)', () => {
    const pydantic = VECTOR_WIRE.replace('1e-05', '0.00001').replace('1e+16', '10000000000000000.0');
    expect(canonicalJson(parse(pydantic))).toBe(VECTOR_CANONICAL);
  });

  it('keeps int and float apart and keeps integers beyond 2^53 exact', () => {
    expect(canonicalJson(parse('[12, 12.0, 1E2, -0, -0.0, 123456789012345678901234567890]'))).toBe('[12,12.0,100.0,0,-0.0,123456789012345678901234567890]');
  });

  it('lets receipt builders mark floats explicitly', () => {
    expect(canonicalJson({ units: pyFloat(12), price: 0.24, n: 5, big: 2n ** 70n })).toBe('{"big":1180591620717411303424,"n":5,"price":0.24,"units":12.0}');
  });

  it('drops nulls and undefined everywhere, also inside arrays', () => {
    expect(canonicalJson({ a: [null, 1, [null], { b: null }], c: null, d: undefined })).toBe('{"a":[1,[],{}]}');
  });

  it('sorts keys by code point, not by UTF-16 unit', () => {
    const astral = '\u{1F600}';
    const bmpHigh = '\uFF01';
    expect(canonicalJson({ [astral]: 1, [bmpHigh]: 2, a: 3 })).toBe('{"a":3,"\\uff01":2,"\\ud83d\\ude00":1}');
    expect(compareCodePoints(bmpHigh, astral)).toBeLessThan(0);
  });

  it("escapes strings like Python's ensure_ascii", () => {
    expect(canonicalJson('"\\/\b\f\n\r\t\u0000\u001f\u007f é')).toBe('"\\"\\\\/\\b\\f\\n\\r\\t\\u0000\\u001f\\u007f \\u00e9"');
  });

  it('treats a "__proto__" key as data', () => {
    expect(canonicalJson(parse('{"__proto__":{"x":1},"a":2}'))).toBe('{"__proto__":{"x":1},"a":2}');
  });
});

describe('canonicalFlatJson', () => {
  it('renders a flat record exactly as canonicalJson does (nulls dropped, keys in code point order, escapes, -0)', () => {
    const astral = '\u{1F600}';
    const keys = ['seq', 'at_ms', 'request_id', 'agent_id', 'model', 'b\u00e9', astral, '\uff01', 'prev_hash', 'z'];
    const order = canonicalKeyOrder(keys);
    const samples: Record<string, string | number | null>[] = [
      { seq: 1, at_ms: 1_733_000_000_000, request_id: 'r-1', agent_id: null, model: 'llama3.2:3b', 'b\u00e9': 'caf\u00e9 "q" \\ \n', [astral]: astral, '\uff01': -0, prev_hash: '0'.repeat(64), z: '' },
      { seq: 2 ** 53 - 1, at_ms: 0, request_id: '', agent_id: 'a', model: '\u0000\u001f\u007f', 'b\u00e9': null, [astral]: null, '\uff01': null, prev_hash: 'x', z: null },
    ];
    for (const obj of samples) expect(canonicalFlatJson(obj, order)).toBe(canonicalJson(obj));
    expect(canonicalFlatJson({ a: null }, ['a'])).toBe('{}');
  });
});

describe('pythonFloatRepr', () => {
  it.each([
    [12, '12.0'], [0.0001, '0.0001'], [0.00001, '1e-05'], [1.5e-7, '1.5e-07'], [1e16, '1e+16'], [2.5e20, '2.5e+20'],
    [1e15, '1000000000000000.0'], [123456789012345680, '1.2345678901234568e+17'], [0.1 + 0.2, '0.30000000000000004'],
    [-1.5, '-1.5'], [5e-324, '5e-324'], [1.7976931348623157e308, '1.7976931348623157e+308'], [Infinity, 'Infinity'],
  ])('%s → %s', (value, expected) => {
    expect(pythonFloatRepr(value)).toBe(expected);
  });
});

describe('parseJsonLossless', () => {
  it('rejects what Python json.loads rejects, as a value', () => {
    for (const bad of ['', '{', '[1,]', '01', '1.', '"\u0001"', '{"a" 1}', 'nul', '"\\x"', '1 2']) {
      const r = parseJsonLossless(bad);
      expect(r.ok, bad).toBe(false);
    }
  });

  it('returns PyFloat for float lexemes and bigint only beyond the safe range', () => {
    const v = parse('{"f":1.0,"i":1,"b":9007199254740993}') as Record<string, JsonValue>;
    expect(v.f).toBeInstanceOf(PyFloat);
    expect(v.i).toBe(1);
    expect(v.b).toBe(9007199254740993n);
  });

  it('dumps like Starlette JSONResponse (no sorting, raw UTF-8) when asked', () => {
    expect(pythonJsonDumps(parse('{"b":1.0,"a":"é😀","n":null}'), { ensureAscii: false })).toBe('{"b":1.0,"a":"é😀","n":null}');
  });
});
