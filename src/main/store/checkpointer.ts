import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** A WAL checkpointer running on its own thread and connection; `stop()` ends it. */
export interface Checkpointer {
  /** True while the background thread checkpoints (false after a failure: the connection checkpoints itself again). */
  running(): boolean;
  stop(): Promise<void>;
}

// The thread's whole program: its own connection to the same file, a PASSIVE checkpoint on a timer (it never
// blocks writers), a TRUNCATE on the way out. Plain CommonJS so it runs from a build and from source alike.
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const tick = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: next tick */ } };
const timer = setInterval(tick, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  try { db.pragma('wal_checkpoint(TRUNCATE)'); } catch {}
  db.close();
  parentPort.postMessage('stopped');
});
parentPort.postMessage('ready');
`;

/**
 * Moves WAL checkpoints off the main thread. SQLite's automatic checkpoint runs inside whichever COMMIT crosses
 * 1,000 WAL pages, on the caller's thread: measured with bench:ledger, that made an admission's p99 wait 18–25 ms
 * and cost ~20 % of the throughput. Here the main connection stops checkpointing and a worker thread does it
 * every `everyMs`. If the thread cannot start or dies, the main connection's automatic checkpoint comes back,
 * so the WAL never grows unchecked.
 */
export function startCheckpointer(db: Database.Database, everyMs = 500): Checkpointer {
  const file = db.name;
  let alive = false;
  let worker: Worker | null = null;
  const fallBack = () => {
    alive = false;
    worker = null;
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
  };
  try {
    const driver = createRequire(__filename).resolve('better-sqlite3');
    worker = new Worker(PROGRAM, { eval: true, workerData: { driver, file, everyMs }, execArgv: [] });
    worker.unref();
    db.pragma('wal_autocheckpoint = 0');
    alive = true;
    worker.on('error', fallBack);
    worker.on('exit', () => {
      if (alive) fallBack();
    });
  } catch {
    fallBack();
  }
  return {
    running: () => alive,
    async stop() {
      const w = worker;
      if (!w || !alive) return;
      alive = false;
      await new Promise<void>((resolve) => {
        const done = () => resolve();
        w.once('message', (m) => m === 'stopped' && done());
        w.once('exit', done);
        w.postMessage('stop');
        setTimeout(done, 2000).unref();
      });
      await w.terminate();
      worker = null;
      if (db.open) db.pragma('wal_autocheckpoint = 1000');
    },
  };
}
