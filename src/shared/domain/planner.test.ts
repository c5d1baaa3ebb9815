import { describe, expect, it } from 'vitest';
import type { ReasonCode, Strategy } from '../contract/routing';
import { plan, REASON_TEXT, type PlannerInput } from './planner';

const GB = 1024 ** 3;
const base = (over: Partial<PlannerInput> = {}): PlannerInput => ({
  target: { kind: 'auto' },
  policy: { mode: 'auto', allowRace: true, maxPricePer1kAit: null, maxRequestsPerMinute: 600, requireProof: false },
  local: { reachable: true, present: true, warm: true, sizeBytes: 2 * GB, contextLength: 131072 },
  vram: { freeBytes: 20 * GB, thresholdBytes: 8 * GB },
  network: { state: 'ok', offers: [{ minerId: 'm-cheap', pricePer1kTokensAit: '0.01' }, { minerId: 'm-dear', pricePer1kTokensAit: '0.5' }] },
  headroomAit: null,
  request: { estPromptTokens: 100 },
  ...over,
});
const local = (l: Partial<PlannerInput['local']>) => ({ ...base().local, ...l });
const policy = (p: Partial<PlannerInput['policy']>) => ({ ...base().policy, ...p });

// One case per reason code: the input that produces it, and where the request then runs.
const cases: [ReasonCode, Partial<PlannerInput>, Strategy][] = [
  ['name_local', { target: { kind: 'local' }, local: local({ warm: false }) }, 'local'],
  ['name_network', { target: { kind: 'network' } }, 'network'],
  ['name_race', { target: { kind: 'race' } }, 'race'],
  ['name_miner', { target: { kind: 'miner', minerId: 'm-dear' } }, 'network'],
  ['policy_local', { policy: policy({ mode: 'local' }), local: local({ warm: false }) }, 'local'],
  ['policy_network', { policy: policy({ mode: 'network' }) }, 'network'],
  ['local_warm', {}, 'local'],
  ['local_cold', { local: local({ warm: false }) }, 'race'],
  ['local_missing', { local: local({ present: false }) }, 'network'],
  ['over_vram', { local: local({ sizeBytes: 40 * GB }) }, 'network'],
  ['exceeds_local_context', { local: local({ contextLength: 4096 }), request: { estPromptTokens: 9000 } }, 'network'],
  ['network_off', { local: local({ warm: false }), network: { state: 'off', offers: [] } }, 'local'],
  ['network_down', { local: local({ present: false }), network: { state: 'down', offers: [] } }, 'none'],
  ['no_offer', { local: local({ warm: false }), network: { state: 'ok', offers: [] } }, 'local'],
  ['over_price_cap', { target: { kind: 'network' }, policy: policy({ maxPricePer1kAit: '0.001' }) }, 'none'],
  ['budget_exhausted', { target: { kind: 'network' }, headroomAit: '0' }, 'none'],
  ['race_disallowed', { local: local({ warm: false }), policy: policy({ allowRace: false }) }, 'local'],
  ['local_down', { local: local({ reachable: false }) }, 'network'],
];

describe('planner: one decision per reason code', () => {
  it('covers every reason code', () => {
    // suffix_forbidden is decided before planning (suffix-policy.ts, by the engine): a refused suffix is never planned.
    expect(new Set(cases.map((c) => c[0]))).toEqual(new Set(Object.keys(REASON_TEXT).filter((k) => k !== 'suffix_forbidden')));
  });
  it.each(cases)('%s', (code, input, strategy) => {
    const d = plan(base(input));
    expect(d.reasons).toContain(code);
    expect(d.strategy).toBe(strategy);
    expect(d.explanation).toContain(REASON_TEXT[code]);
  });
});

describe('planner: offers', () => {
  it('spreads auto-routed jobs: a busy cheap miner gives way to an idle one (least loaded, price-weighted)', () => {
    const offers = [{ minerId: 'm-cheap', pricePer1kTokensAit: '0.01', inflight: 1 }, { minerId: 'm-other', pricePer1kTokensAit: '0.015', inflight: 0 }];
    expect(plan(base({ target: { kind: 'network' }, network: { state: 'ok', offers } })).minerId).toBe('m-other');
    expect(plan(base({ target: { kind: 'network' }, network: { state: 'ok', offers: [{ ...offers[0]!, inflight: 0 }, offers[1]!] } })).minerId).toBe('m-cheap');
  });
  it('picks the cheapest offer within the cap', () => {
    expect(plan(base({ target: { kind: 'network' }, policy: policy({ maxPricePer1kAit: '1' }) })).minerId).toBe('m-cheap');
  });
  it('honours a pinned miner even when another is cheaper', () => {
    const d = plan(base({ target: { kind: 'miner', minerId: 'm-dear' } }));
    expect([d.minerId, d.pricePer1kTokensAit]).toEqual(['m-dear', '0.5']);
  });
  it('a pinned miner that is not on the network cannot serve', () => {
    expect(plan(base({ target: { kind: 'miner', minerId: 'ghost' } })).reasons).toEqual(['name_miner', 'no_offer']);
  });
  it('a race with a cold local model hedges at once; with a warm one it waits', () => {
    expect(plan(base({ target: { kind: 'race' }, local: local({ warm: false }) })).hedgeNow).toBe(true);
    expect(plan(base({ target: { kind: 'race' } })).hedgeNow).toBe(false);
  });
  it('a big model with no network falls back to local and says both reasons', () => {
    const d = plan(base({ local: local({ sizeBytes: 40 * GB }), network: { state: 'off', offers: [] } }));
    expect(d.strategy).toBe('local');
    expect(d.reasons).toEqual(['over_vram', 'network_off']);
  });
});
