import crypto from 'node:crypto';
import type { WiringStatus } from '../../shared/contract/openclaw';
import { ContractError } from '../../shared/contract/errors';
import type { Logger } from '../log/logger';
import type { Db } from '../store/database';
import { parseCliJson } from './cli-json';
import type { OpenClawCli } from './cli-runner';
import { configGet, configSet, configUnset, agentsListDefaultSchema } from './config-ops';
import { agentModels, providerConfig, providerIdFor, redactKey, sameModels, type ProviderModelEntry } from './provider-plan';
import type { AgentKeyIssuer, CatalogSource } from './ports';

/** Puts OpenClaw agents on ClawGrid and takes them off again, always through OpenClaw's CLI. */
export interface ProviderWiring {
  status(): WiringStatus;
  wire(input: { agentIds: string[]; primary: string | null; fallbacks: string[] }): Promise<WiringStatus>;
  /** Restores every value ClawGrid changed to what it was before ClawGrid first touched it. */
  undo(): Promise<WiringStatus>;
  /** Re-writes each ClawGrid provider's model list when the catalog changed; no-op when equal. */
  syncModels(): Promise<WiringStatus>;
}

interface WriteRow {
  id: number;
  path: string;
  had_previous: number;
  previous_json: string | null;
  written_json: string;
  written_at_ms: number;
}
interface LinkRow {
  openclaw_agent_id: string;
  clawgrid_agent_id: string;
  provider_id: string;
}

export interface WiringDeps {
  db: Db;
  log: Logger;
  cli: () => OpenClawCli | null;
  keys: AgentKeyIssuer;
  catalog: CatalogSource;
  /** e.g. http://127.0.0.1:11500 (the provider endpoint, no /v1). */
  providerBaseUrl: () => string;
}

export function createProviderWiring(deps: WiringDeps): ProviderWiring {
  const { db } = deps;
  let lastSyncAt: number | null = null;
  let message = '';
  let busy: Promise<unknown> = Promise.resolve();
  /** One CLI write sequence at a time: OpenClaw's config writes are whole-file renames. */
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = busy.then(fn, fn);
    busy = next.catch(() => undefined);
    return next;
  };

  const active = () => db.prepare('SELECT * FROM openclaw_config_writes WHERE undone_at_ms IS NULL ORDER BY id').all() as WriteRow[];
  const links = () => db.prepare('SELECT * FROM openclaw_agent_links ORDER BY openclaw_agent_id').all() as LinkRow[];
  const mustCli = () => {
    const cli = deps.cli();
    if (!cli) throw new ContractError('UNAVAILABLE', 'OpenClaw was not found: install it first (see the fix on the Agents page).');
    return cli;
  };

  /** Records the original value of `path` once; re-writes of a path ClawGrid already owns keep the original. */
  const recordWrite = (batch: string, path: string, previous: { had: boolean; value: unknown }, written: unknown) => {
    const existing = db.prepare('SELECT id FROM openclaw_config_writes WHERE path = ? AND undone_at_ms IS NULL').get(path) as { id: number } | undefined;
    if (existing) {
      db.prepare('UPDATE openclaw_config_writes SET written_json = ?, written_at_ms = ? WHERE id = ?').run(JSON.stringify(redactKey(written)), Date.now(), existing.id);
      return;
    }
    db.prepare(
      'INSERT INTO openclaw_config_writes (batch_id, path, had_previous, previous_json, written_json, written_at_ms) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(batch, path, previous.had ? 1 : 0, previous.had ? JSON.stringify(previous.value) : null, JSON.stringify(redactKey(written)), Date.now());
  };
  const owned = (path: string) => Boolean(db.prepare('SELECT 1 FROM openclaw_config_writes WHERE path = ? AND undone_at_ms IS NULL').get(path));

  const currentModels = async () => agentModels(await deps.catalog.models());

  const status = (): WiringStatus => {
    const rows = active();
    const ls = links();
    const provider = rows.find((r) => r.path.startsWith('models.providers.clawgrid'));
    const providerVal = provider ? (JSON.parse(provider.written_json) as { models?: ProviderModelEntry[] }) : null;
    const modelRow = rows.find((r) => /^agents\.entries\.[^.]+\.model$/.test(r.path));
    const modelVal = modelRow ? (JSON.parse(modelRow.written_json) as { primary?: string; fallbacks?: string[] }) : null;
    return {
      wired: ls.length > 0,
      baseUrl: deps.providerBaseUrl(),
      agentIds: ls.map((l) => l.openclaw_agent_id),
      models: providerVal?.models?.map((m) => m.id) ?? [],
      primary: modelVal?.primary ?? null,
      fallbacks: modelVal?.fallbacks ?? [],
      canUndo: rows.length > 0,
      lastSyncAt,
      message,
    };
  };

  const write = async (cli: OpenClawCli, batch: string, path: string, value: unknown) => {
    let previous: { had: boolean; value: unknown } = { had: false, value: null };
    if (!owned(path)) {
      const cur = await configGet(cli, path);
      if (cur.state === 'error') throw new ContractError('UNAVAILABLE', cur.message);
      if (cur.state === 'set') {
        if (path.startsWith('models.providers.')) {
          throw new ContractError(
            'INVALID_INPUT',
            `OpenClaw already has a provider at ${path} that ClawGrid did not write. Rename or remove it first: openclaw config unset ${path}`,
          );
        }
        previous = { had: true, value: cur.value };
      }
    }
    const res = await configSet(cli, path, value);
    if (!res.ok) throw new ContractError('UNAVAILABLE', res.message);
    recordWrite(batch, path, previous, value);
  };

  return {
    status,
    wire: (input) =>
      serial(async () => {
        const cli = mustCli();
        const list = parseCliJson(await cli.run(['agents', 'list', '--json'], { timeoutMs: 45_000 }), agentsListDefaultSchema);
        if (!list.ok) throw new ContractError('UNAVAILABLE', list.message);
        const known = new Set(list.value.map((a) => a.id));
        const unknown = input.agentIds.filter((id) => !known.has(id));
        if (unknown.length) throw new ContractError('NOT_FOUND', `OpenClaw has no agent ${unknown.map((u) => `"${u}"`).join(', ')}.`);
        const defaultId = list.value.find((a) => a.isDefault)?.id ?? list.value[0]?.id ?? null;
        const { models, skipped } = await currentModels();
        if (models.length === 0) {
          throw new ContractError('UNAVAILABLE', `ClawGrid has no model an agent can use (needs tool calling and ≥ 16K context)${skipped.length ? `; skipped: ${skipped.map((s) => `${s.id} (${s.why})`).join(', ')}` : ''}.`);
        }
        if (input.primary && !models.some((m) => m.id === input.primary)) throw new ContractError('INVALID_INPUT', `"${input.primary}" is not a model ClawGrid can serve to agents.`);
        const batch = crypto.randomUUID();
        for (const agentId of input.agentIds) {
          const providerId = providerIdFor(agentId, defaultId);
          const { clawgridAgentId, key } = await deps.keys.issueKey(agentId);
          await write(cli, batch, `models.providers.${providerId}`, providerConfig(deps.providerBaseUrl(), key, models));
          db.prepare(
            'INSERT INTO openclaw_agent_links (openclaw_agent_id, clawgrid_agent_id, provider_id, linked_at_ms) VALUES (?, ?, ?, ?) ON CONFLICT(openclaw_agent_id) DO UPDATE SET clawgrid_agent_id = excluded.clawgrid_agent_id, provider_id = excluded.provider_id, linked_at_ms = excluded.linked_at_ms',
          ).run(agentId, clawgridAgentId, providerId, Date.now());
          if (input.primary) {
            await write(cli, batch, `agents.entries.${agentId}.model`, { primary: `${providerId}/${input.primary}`, fallbacks: input.fallbacks });
          }
        }
        lastSyncAt = Date.now();
        message = `${input.agentIds.join(', ')} now use ClawGrid (${models.length} model${models.length === 1 ? '' : 's'}${skipped.length ? `; ${skipped.length} not offered: ${skipped.map((s) => `${s.id} (${s.why})`).join(', ')}` : ''}).`;
        deps.log.info('openclaw.wired', { agents: input.agentIds, models: models.length });
        return status();
      }),
    undo: () =>
      serial(async () => {
        const cli = mustCli();
        const rows = active().reverse();
        // Agent model refs first: OpenClaw refuses to drop a provider that a model ref still resolves to.
        rows.sort((a, b) => Number(a.path.startsWith('models.providers.')) - Number(b.path.startsWith('models.providers.')));
        for (const r of rows) {
          const res = r.had_previous ? await configSet(cli, r.path, JSON.parse(r.previous_json ?? 'null')) : await configUnset(cli, r.path);
          if (!res.ok) {
            message = `Undo stopped at ${r.path}: ${res.message}`;
            throw new ContractError('UNAVAILABLE', message);
          }
          db.prepare('UPDATE openclaw_config_writes SET undone_at_ms = ? WHERE id = ?').run(Date.now(), r.id);
        }
        db.prepare('DELETE FROM openclaw_agent_links').run();
        message = rows.length ? `Restored ${rows.length} OpenClaw setting${rows.length === 1 ? '' : 's'} to their previous values.` : 'Nothing to undo.';
        return status();
      }),
    syncModels: () =>
      serial(async () => {
        const cli = deps.cli();
        const ls = links();
        if (!cli || ls.length === 0) return status();
        const { models } = await currentModels();
        let changed = 0;
        for (const providerId of new Set(ls.map((l) => l.provider_id))) {
          const path = `models.providers.${providerId}`;
          const row = db.prepare('SELECT * FROM openclaw_config_writes WHERE path = ? AND undone_at_ms IS NULL').get(path) as WriteRow | undefined;
          const written = row ? (JSON.parse(row.written_json) as { models?: ProviderModelEntry[] }) : null;
          if (written?.models && sameModels(written.models, models)) continue;
          if (models.length === 0) {
            message = 'ClawGrid has no agent-capable model right now; the agents keep their last model list.';
            continue;
          }
          const res = await configSet(cli, `${path}.models`, models);
          if (!res.ok) {
            message = `Model list sync failed: ${res.message}`;
            deps.log.warn('openclaw.sync_failed', { path, message: res.message });
            continue;
          }
          if (row && written) {
            db.prepare('UPDATE openclaw_config_writes SET written_json = ?, written_at_ms = ? WHERE id = ?').run(JSON.stringify({ ...written, models }), Date.now(), row.id);
          }
          changed++;
        }
        lastSyncAt = Date.now();
        if (changed) message = `Model list synced (${models.length} models).`;
        return status();
      }),
  };
}
