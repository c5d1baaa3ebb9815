import { describe, expect, it } from 'vitest';
import { formatModelTarget, parseModelTarget } from './model-target';

describe('model names with routing suffixes', () => {
  it.each([
    ['llama3.2:3b', { model: 'llama3.2:3b', target: { kind: 'auto' } }],
    ['llama3.2', { model: 'llama3.2:latest', target: { kind: 'auto' } }],
    ['qwen3:32b@local', { model: 'qwen3:32b', target: { kind: 'local' } }],
    ['qwen3:32b@network', { model: 'qwen3:32b', target: { kind: 'network' } }],
    ['qwen3:32b@race', { model: 'qwen3:32b', target: { kind: 'race' } }],
    ['qwen3:32b@miner-7', { model: 'qwen3:32b', target: { kind: 'miner', minerId: 'miner-7' } }],
    ['user/model@race', { model: 'user/model:latest', target: { kind: 'race' } }],
  ])('%s', (raw, expected) => {
    expect(parseModelTarget(raw)).toEqual(expected);
  });
  it('rejects an empty name and a bad suffix', () => {
    expect(parseModelTarget('')).toBeNull();
    expect(parseModelTarget('@local')).toBeNull();
    expect(parseModelTarget('m@bad suffix!')).toBeNull();
  });
  it("refuses names Ollama would refuse (its name rules), keeps the ones it accepts", () => {
    for (const bad of ['llama 3', '../../etc/passwd', 'llama3:', ':latest', 'a/b/c/d:e:f', 'mo$del', '-model', 'name.with/..', 'a'.repeat(81), 'ns.dot/model', 'bad name@local', 'x:tag with space']) {
      expect(parseModelTarget(bad), bad).toBeNull();
    }
    for (const good of ['llama3.2:3b', 'hf.co/bartowski/Llama-3.2-3B-GGUF:Q4_K_M', 'registry.ollama.ai/library/qwen3:8b', 'localhost:5000/me/model:v1', '_x', 'nomic-embed-text', 'm@sha256:' + 'a'.repeat(64)]) {
      expect(parseModelTarget(good), good).not.toBeNull();
    }
  });
  it('formats back what it parses', () => {
    for (const raw of ['a:1@local', 'a:1@race', 'a:1@m1', 'a:1']) {
      const p = parseModelTarget(raw)!;
      expect(formatModelTarget(p.model, p.target)).toBe(raw);
    }
  });
});

describe('parseModelTarget verdicts are shared', () => {
  it('answers a repeated name with the same frozen value (so no caller can change what the next request gets)', () => {
    const a = parseModelTarget('qwen3:8b@race')!;
    expect(parseModelTarget('qwen3:8b@race')).toBe(a);
    expect(Object.isFrozen(a) && Object.isFrozen(a.target)).toBe(true);
    expect(a).toEqual({ model: 'qwen3:8b', target: { kind: 'race' } });
    expect(parseModelTarget('bad name@race')).toBeNull();
    expect(parseModelTarget('bad name@race')).toBeNull();
  });
});
