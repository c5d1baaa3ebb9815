import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../migrations';
import { openDatabase } from '../store/database';
import { createProofChainStore } from './proof-chain-store';
import { createProofsService } from './proofs-service';
import { createZkEngine } from './zk-engine';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('proofs migration 8 (proof_chain without the link_hash index)', () => {
  it('keeps every link, the chain still verifies, appends continue, and links stay append-only', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-proofs-mig-'));
    dirs.push(dir);
    const engine = createZkEngine();
    const rec = (i: number) => ({ agentId: 'a', model: 'llama3.2:3b', request: `{"n":${i}}`, response: 'ok', requestId: `r${i}`, modelDigest: null, backend: 'local' as const, network: null });
    const v7 = openDatabase(dir, migrations.filter((m) => m.version <= 7));
    createProofsService({ store: createProofChainStore(v7), engine }).recordExecutions([1, 2, 3].map(rec));
    const before = v7.prepare('SELECT * FROM proof_chain ORDER BY seq').all();
    expect(v7.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'proof_chain' AND type = 'index'").all()).toContainEqual({ name: 'sqlite_autoindex_proof_chain_1' });
    v7.close();

    const db = openDatabase(dir);
    try {
      expect(db.prepare('SELECT * FROM proof_chain ORDER BY seq').all()).toEqual(before);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'proof_chain' AND type = 'index' ORDER BY name").all()).toEqual([{ name: 'proof_chain_by_job' }]);
      const svc = createProofsService({ store: createProofChainStore(db), engine });
      expect(svc.recordExecutions([rec(4)]).map((l) => l.seq)).toEqual([4]);
      expect(await svc.verifyChain()).toMatchObject({ checked: 4, intact: true });
      expect(() => db.prepare("UPDATE proof_chain SET model = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM proof_chain WHERE seq = 1').run()).toThrow(/append-only/);
    } finally {
      db.close();
      await engine.close();
    }
  });
});
