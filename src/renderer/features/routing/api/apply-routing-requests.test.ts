import { describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../../../shared/contract/routing';
import { applyRoutingRequests } from './apply-routing-requests';
import type { RoutingSnapshotData } from './routing-snapshot-query';

const entry = (id: string): RequestLogEntry => ({
  id, at: 1, agentId: 'default', agentName: 'default', endpoint: 'chat', model: 'm', strategy: 'local', reasons: ['local_warm'], explanation: '',
  backend: 'local', status: 'ok', httpStatus: 200, error: null, promptTokens: 1, evalTokens: 1, ttftMs: 1, durationMs: 2, tokensPerSecond: 1, costAit: '0', overheadMs: 0.1, jobId: null,
});
const snap = (ids: string[]): RoutingSnapshotData => ({
  provider: { state: 'listening', url: '', message: '' }, network: { state: 'off', message: '' }, requests: ids.map(entry), counts: { local: ids.length, network: 0, race: 0, none: 0 }, agents: [],
});

describe('applyRoutingRequests', () => {
  it('puts every new request on top, newest first, once', () => {
    const next = applyRoutingRequests(snap(['a']), { entries: [entry('b'), entry('c'), entry('a')], counts: { local: 3, network: 0, race: 0, none: 0 } });
    expect(next?.requests.map((r) => r.id)).toEqual(['c', 'b', 'a']);
    expect(next?.counts.local).toBe(3);
  });
  it('leaves an unfetched snapshot alone', () => {
    expect(applyRoutingRequests(undefined, { entries: [entry('a')], counts: { local: 1, network: 0, race: 0, none: 0 } })).toBeUndefined();
  });
});
