import { describe, expect, it } from 'vitest';
import { createSpendPauses, pausableAdmission } from '../adapters/agent-spend-pause';
import { allowAllAdmission } from '../routing/port';
import { createTreeSampler, descendants, parseProcStat, readAllProcs, type ProcStat } from './process-tree';
import { guardStep, initialGuardState, type GuardState } from './resource-guard';

const limits = { cpuPercent: 80, memPercent: 70, sustainedSamples: 3 };
const use = (cpuPercent: number, memPercent = 10) => ({ pids: [1], cpuPercent, rssBytes: 0, memPercent });

describe('gateway process tree and the runaway guard', () => {
  it('parses /proc/<pid>/stat, a command name with spaces and parentheses included', () => {
    const line = '4242 (openclaw (gw) x) S 4200 4242 4242 0 -1 4194560 100 0 0 0 150 50 0 0 20 0 11 0 123 1000000 2560 18446744073709551615';
    expect(parseProcStat(line)).toEqual({ pid: 4242, ppid: 4200, ticks: 200, rssPages: 2560 });
  });

  it('sums a tree: the root and its descendants, not its siblings', () => {
    const p = (pid: number, ppid: number): ProcStat => ({ pid, ppid, ticks: 0, rssPages: 1 });
    expect(descendants([p(1, 0), p(10, 1), p(11, 10), p(12, 1), p(20, 0), p(21, 20)], 1).map((x) => x.pid).sort()).toEqual([1, 10, 11, 12]);
  });

  it('CPU is the tick delta between samples over all cores', () => {
    let ticks = 0;
    const sample = createTreeSampler({ read: () => [{ pid: 7, ppid: 1, ticks, rssPages: 256 }], cores: 2, totalMem: 4096 * 1024 });
    expect(sample(7, 0).cpuPercent).toBe(0);
    ticks = 150; // 1.5 s of CPU in 1 s on 2 cores
    const u = sample(7, 1000);
    expect(u.cpuPercent).toBeCloseTo(75);
    expect(u.rssBytes).toBe(256 * 4096);
    expect(u.memPercent).toBeCloseTo(25);
  });

  it('reads this very process from /proc on Linux', () => {
    if (process.platform !== 'linux') return;
    expect(readAllProcs().some((p) => p.pid === process.pid && p.rssPages > 0)).toBe(true);
  });

  it('pauses after three samples over a limit, not on a spike, and resumes after three under', () => {
    let s: GuardState = initialGuardState;
    const actions: (string | null)[] = [];
    for (const cpu of [95, 10, 95, 95, 95, 95, 10, 10, 10]) {
      const step = guardStep(s, use(cpu), limits);
      s = step.state;
      actions.push(step.action);
    }
    expect(actions).toEqual([null, null, null, null, 'pause', null, null, null, 'resume']);
    expect(guardStep(initialGuardState, use(5, 90), limits).state.over).toBe(1);
  });

  it("a paused agent's paid requests are refused with the reason; others and its local work go on", async () => {
    const pauses = createSpendPauses();
    const admission = pausableAdmission(allowAllAdmission, pauses);
    pauses.pause(['a1'], "the OpenClaw gateway's processes use CPU 95 % > 80 % of this machine");
    const req = (agentId: string) => ({ requestId: 'r', agentId, model: 'm', minerId: null, pricePer1kTokensAit: '1', maxTokens: 10 });
    const denied = await admission.admit(req('a1'), new AbortController().signal);
    expect(denied).toMatchObject({ ok: false, code: 'budget_exhausted' });
    expect(!denied.ok && denied.message).toContain('network spend paused for agent "a1"');
    expect(admission.headroomAit('a1')).toBe('0');
    expect((await admission.admit(req('a2'), new AbortController().signal)).ok).toBe(true);
    pauses.resume(['a1']);
    expect((await admission.admit(req('a1'), new AbortController().signal)).ok).toBe(true);
  });
});
