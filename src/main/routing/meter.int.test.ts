import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../shared/contract/routing';
import { createEventHub, type EventHub } from '../events/event-hub';
import { openDatabase, type Db } from '../store/database';
import { createMeter, PERSIST_ROWS } from './meter';

let dir: string;
let db: Db;
let hub: EventHub;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-meter-'));
  db = openDatabase(dir);
  hub = createEventHub({ tickMs: 20 });
});
afterEach(() => {
  hub.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

let n = 0;
const entry = (agentId: string, status: RequestLogEntry['status'], backend: string | null, costAit: string): RequestLogEntry => ({
  id: `r${++n}`,
  at: 1_000 + n,
  agentId,
  agentName: agentId,
  endpoint: 'chat',
  model: 'm',
  strategy: backend?.startsWith('network') ? 'network' : 'local',
  reasons: [],
  explanation: '',
  backend,
  status,
  httpStatus: status === 'ok' ? 200 : 503,
  error: status === 'ok' ? null : 'down',
  promptTokens: 1,
  evalTokens: 1,
  ttftMs: null,
  durationMs: 1,
  tokensPerSecond: null,
  costAit,
  overheadMs: 0,
  jobId: null,
});

describe('meter', () => {
  it('record only queues; one flush writes the batch', () => {
    const meter = createMeter(db, hub, { agentName: (id) => id });
    meter.record(entry('a', 'ok', 'local', '0'));
    meter.record(entry('a', 'ok', 'local', '0'));
    expect(db.prepare('SELECT COUNT(*) AS c FROM routing_requests').get()).toEqual({ c: 0 });
    meter.flush();
    expect(db.prepare('SELECT COUNT(*) AS c FROM routing_requests').get()).toEqual({ c: 2 });
  });

  it('a full batch is written on the next turn, not at the timer; the next flush publishes everything since the last event once', async () => {
    const meter = createMeter(db, hub, { agentName: (id) => id });
    const events: number[] = [];
    hub.subscribe((batch) => batch['routing.requests'] && events.push(batch['routing.requests'].entries.length));
    for (let i = 0; i < PERSIST_ROWS + 3; i++) meter.record(entry('a', 'ok', 'local', '0'));
    expect(db.prepare('SELECT COUNT(*) AS c FROM routing_requests').get()).toEqual({ c: 0 });
    await new Promise((r) => setImmediate(r));
    expect(db.prepare('SELECT COUNT(*) AS c FROM routing_requests').get()).toEqual({ c: PERSIST_ROWS + 3 });
    meter.record(entry('a', 'ok', 'local', '0'));
    meter.flush();
    hub.flush();
    expect(db.prepare('SELECT COUNT(*) AS c FROM routing_requests').get()).toEqual({ c: PERSIST_ROWS + 4 });
    expect(events).toEqual([PERSIST_ROWS + 4]);
  });

  it('agentUsage totals persisted and pending requests per agent, with the current failure streak', () => {
    const meter = createMeter(db, hub, { agentName: (id) => id });
    meter.record(entry('a', 'ok', 'network:m1', '0.25'));
    meter.record(entry('b', 'ok', 'local', '0'));
    meter.flush();
    meter.record(entry('a', 'ok', 'local', '0'));
    meter.record(entry('a', 'error', null, '0'));
    meter.record(entry('a', 'error', 'network', '0.125'));
    const [a, b, c] = meter.agentUsage(['a', 'b', 'c']);
    expect(a).toEqual({
      agentId: 'a',
      requests: 4,
      costAit: '0.375',
      backends: expect.arrayContaining([
        { backend: 'network:m1', requests: 1 },
        { backend: 'local', requests: 1 },
        { backend: 'none', requests: 1 },
        { backend: 'network', requests: 1 },
      ]),
      failuresInARow: 2,
    });
    expect(b).toMatchObject({ agentId: 'b', requests: 1, failuresInARow: 0 });
    expect(c).toEqual({ agentId: 'c', requests: 0, costAit: '0', backends: [], failuresInARow: 0 });
    expect(meter.agentUsage([])).toEqual([]);
  });
});
