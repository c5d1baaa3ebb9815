import { describe, expect, it } from 'vitest';
import type { AgentPolicy } from '../contract/routing';
import type { ModelTarget } from './model-target';
import { suffixRefusal } from './suffix-policy';

const policy = (mode: AgentPolicy['mode'], allowRace = true): AgentPolicy => ({ mode, allowRace, maxPricePer1kAit: null, maxRequestsPerMinute: 600, requireProof: false });
const targets: Record<string, ModelTarget> = {
  auto: { kind: 'auto' },
  local: { kind: 'local' },
  network: { kind: 'network' },
  race: { kind: 'race' },
  miner: { kind: 'miner', minerId: 'miner-a' },
};
const allowed = (p: AgentPolicy) => Object.entries(targets).filter(([, t]) => suffixRefusal(t, p, 'a', 'm:latest') === null).map(([k]) => k);

describe('suffixRefusal: a suffix narrows the policy, never widens it', () => {
  it('always local: only the plain name and @local', () => {
    expect(allowed(policy('local'))).toEqual(['auto', 'local']);
    expect(allowed(policy('local', false))).toEqual(['auto', 'local']);
  });
  it('always network: the plain name, @network and a pinned miner', () => {
    expect(allowed(policy('network'))).toEqual(['auto', 'network', 'miner']);
  });
  it('auto: everything, @race only when racing is allowed', () => {
    expect(allowed(policy('auto'))).toEqual(['auto', 'local', 'network', 'race', 'miner']);
    expect(allowed(policy('auto', false))).toEqual(['auto', 'local', 'network', 'miner']);
  });
  it('says which name, which agent and why', () => {
    expect(suffixRefusal(targets.miner!, policy('local'), 'default', 'llama3.1:70b')).toMatch(/^forbidden: "llama3.1:70b@miner-a" asks for one GPU network miner, but agent "default" may not use it: its policy runs it on the local Ollama only\./);
    expect(suffixRefusal(targets.race!, policy('auto', false), 'research', 'm:latest')).toContain('its policy does not allow racing');
  });
});
