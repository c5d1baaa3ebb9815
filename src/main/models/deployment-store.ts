import { z } from 'zod';
import { deploymentSchema, type Deployment } from '../../shared/contract/models';
import type { Db } from '../store/database';
import type { ProviderRegistry, RegisteredModel } from './catalog-ports';


/** Persisted deployments (one JSON row each, validated on read). */
export interface DeploymentStore {
  list(): Deployment[];
  get(id: string): Deployment | null;
  byName(registeredName: string): Deployment | null;
  put(d: Deployment): void;
  remove(id: string): void;
}

const rowSchema = z.object({ data: z.string() });

export function createDeploymentStore(db: Db): DeploymentStore {
  const parse = (row: unknown): Deployment | null => {
    const r = rowSchema.safeParse(row);
    if (!r.success) return null;
    try {
      const d = deploymentSchema.safeParse(JSON.parse(r.data.data));
      return d.success ? d.data : null;
    } catch {
      return null;
    }
  };
  const all = db.prepare('SELECT data FROM catalog_deployments ORDER BY created_ms DESC, id DESC');
  const one = db.prepare('SELECT data FROM catalog_deployments WHERE id = ?');
  const named = db.prepare('SELECT data FROM catalog_deployments WHERE registered_name = ?');
  const upsert = db.prepare(
    `INSERT INTO catalog_deployments (id, registered_name, data, created_ms, updated_ms) VALUES (@id, @name, @data, @created, @updated)
     ON CONFLICT(id) DO UPDATE SET registered_name = excluded.registered_name, data = excluded.data, updated_ms = excluded.updated_ms`,
  );
  const del = db.prepare('DELETE FROM catalog_deployments WHERE id = ?');
  return {
    list: () => all.all().map(parse).filter((d): d is Deployment => d !== null),
    get: (id) => parse(one.get(id)),
    byName: (name) => parse(named.get(name)),
    put: (d) => void upsert.run({ id: d.id, name: d.registeredName, data: JSON.stringify(d), created: d.createdAt, updated: d.updatedAt }),
    remove: (id) => void del.run(id),
  };
}

/** The provider list kept in SQLite: what the provider's /api/tags should serve besides what it discovers. */
export function createTableProviderRegistry(db: Db, now: () => number = Date.now): ProviderRegistry {
  const ins = db.prepare(
    `INSERT INTO catalog_provider_models (name, model, target, miner_id, added_ms) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET model = excluded.model, target = excluded.target, miner_id = excluded.miner_id`,
  );
  const del = db.prepare('DELETE FROM catalog_provider_models WHERE name = ?');
  const all = db.prepare('SELECT name, model, target, miner_id FROM catalog_provider_models ORDER BY added_ms, name');
  const row = z.object({ name: z.string(), model: z.string(), target: z.enum(['local', 'network']), miner_id: z.string().nullable() });
  return {
    register: (m) => void ins.run(m.name, m.model, m.target, m.minerId, now()),
    unregister: (name) => void del.run(name),
    list: () =>
      all
        .all()
        .map((r) => row.safeParse(r))
        .filter((r) => r.success)
        .map((r): RegisteredModel => ({ name: r.data.name, model: r.data.model, target: r.data.target, minerId: r.data.miner_id })),
  };
}
