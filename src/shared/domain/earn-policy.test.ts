import { describe, expect, it } from 'vitest';
import { checkJob, decideEarn, DEFAULT_EARN_LIMITS, overLimits, withinHours, type EarnInputs, type OwnIdentity } from './earn-policy';

const base: EarnInputs = {
  enabled: true, networkProblem: null, hasMinerKey: true, servableModels: ['llama3.2:3b'], limits: DEFAULT_EARN_LIMITS,
  usage: { cpuPct: 10, ramPct: 20, gpuMemPct: 5 }, ownAgentsFirst: true, localInflight: 0, hours: null, localHour: 12, servingInflight: 0, concurrency: 1,
};
const codes = (i: Partial<EarnInputs>) => decideEarn({ ...base, ...i }).reasons.map((r) => r.code);

describe('decideEarn', () => {
  it('is off unless enabled, earning with free slots otherwise', () => {
    expect(decideEarn({ ...base, enabled: false })).toMatchObject({ state: 'off', takeJobs: false, capacity: 0 });
    expect(decideEarn(base)).toEqual({ state: 'earning', takeJobs: true, capacity: 1, reasons: [] });
    expect(decideEarn({ ...base, servingInflight: 1 })).toMatchObject({ state: 'earning', takeJobs: false, capacity: 0, reasons: [{ code: 'busy' }] });
  });

  it('pauses above each limit with capacity 0 and says why (strictly above: at the limit still earns)', () => {
    expect(decideEarn({ ...base, usage: { cpuPct: 81, ramPct: 20, gpuMemPct: 5 } })).toMatchObject({ state: 'paused', takeJobs: false, capacity: 0, reasons: [{ code: 'cpu', message: 'CPU at 81 %, above the 80 % limit' }] });
    expect(codes({ usage: { cpuPct: 80, ramPct: 70, gpuMemPct: 60 } })).toEqual([]);
    expect(codes({ usage: { cpuPct: 90, ramPct: 71, gpuMemPct: 61 } })).toEqual(['cpu', 'ram', 'gpu_mem']);
    expect(codes({ limits: { cpuPct: 5, ramPct: 70, gpuMemPct: 60 } })).toEqual(['cpu']);
  });

  it('never counts an unmeasured metric as over (no GPU = no GPU limit)', () => {
    expect(overLimits({ cpuPct: null, ramPct: null, gpuMemPct: null }, { cpuPct: 0, ramPct: 0, gpuMemPct: 0 })).toEqual([]);
  });

  it('puts the person’s own agents first, unless turned off', () => {
    expect(codes({ localInflight: 2 })).toEqual(['own_agents']);
    expect(decideEarn({ ...base, localInflight: 1 }).reasons[0]?.message).toBe('Your agents come first: 1 local request in flight');
    expect(codes({ localInflight: 2, ownAgentsFirst: false })).toEqual([]);
  });

  it('keeps to the schedule in local hours, wrapping midnight', () => {
    const nights = { startHour: 22, endHour: 7 };
    expect(codes({ hours: nights, localHour: 12 })).toEqual(['schedule']);
    expect(codes({ hours: nights, localHour: 23 })).toEqual([]);
    expect(codes({ hours: nights, localHour: 3 })).toEqual([]);
    expect(codes({ hours: nights, localHour: 7 })).toEqual(['schedule']);
    expect(decideEarn({ ...base, hours: nights, localHour: 12 }).reasons[0]?.message).toBe('Outside the allowed hours (22:00–07:00 local time)');
    expect(withinHours({ startHour: 9, endHour: 17 }, 9)).toBe(true);
    expect(withinHours({ startHour: 9, endHour: 17 }, 17)).toBe(false);
    expect(withinHours({ startHour: 5, endHour: 5 }, 1)).toBe(true);
  });

  it('lists every reason at once: network, key, models', () => {
    expect(codes({ networkProblem: 'Network is off', hasMinerKey: false, servableModels: [] })).toEqual(['network', 'no_key', 'no_models']);
  });
});

describe('checkJob', () => {
  const own = (jobIds: string[], requestIds: string[], addresses: string[] = []): OwnIdentity => ({ ownsJob: (j, r) => jobIds.includes(j) || (r !== null && requestIds.includes(r)), addresses });
  const o = { allowedModels: ['llama3.2:3b'], own: own([], []), maxOutputTokens: 256 };

  it('never serves its own job: by job id, by request id, by buyer address', () => {
    const p = { model: 'llama3.2:3b', prompt: 'hi' };
    expect(checkJob({ jobId: 'j1', payload: p, buyer: null }, { ...o, own: own(['j1'], []) })).toMatchObject({ ok: false, code: 'own_job' });
    expect(checkJob({ jobId: 'j2', payload: { ...p, clawgrid_request_id: 'r9' }, buyer: null }, { ...o, own: own([], ['r9']) })).toMatchObject({ ok: false, code: 'own_job' });
    expect(checkJob({ jobId: 'j3', payload: p, buyer: '0xABCdef0000000000000000000000000000000001' }, { ...o, own: own([], [], ['0xabcdef0000000000000000000000000000000001']) })).toMatchObject({ ok: false, code: 'own_job' });
    expect(checkJob({ jobId: 'j4', payload: p, buyer: '0x1111111111111111111111111111111111111111' }, { ...o, own: own(['j1'], ['r9'], ['0xabcdef0000000000000000000000000000000001']) })).toMatchObject({ ok: true });
  });

  it('serves only allow-listed models', () => {
    expect(checkJob({ jobId: 'j', payload: { model: 'qwen2.5:72b', prompt: 'x' }, buyer: null }, o)).toMatchObject({ ok: false, code: 'model_not_allowed' });
    expect(checkJob({ jobId: 'j', payload: { prompt: 'x' }, buyer: null }, o)).toMatchObject({ ok: false, code: 'bad_payload' });
  });

  it('caps the output at num_predict, keeping a smaller ask and other options', () => {
    const run = (options?: Record<string, unknown>) => {
      const r = checkJob({ jobId: 'j', payload: { model: 'llama3.2:3b', prompt: 'x', ...(options ? { options } : {}) }, buyer: null }, o);
      return r.ok ? r.payload.options : null;
    };
    expect(run()).toEqual({ num_predict: 256 });
    expect(run({ num_predict: 10_000, temperature: 0 })).toEqual({ num_predict: 256, temperature: 0 });
    expect(run({ num_predict: 32 })).toEqual({ num_predict: 32 });
    expect(run({ num_predict: -1 })).toEqual({ num_predict: 256 });
  });
});
