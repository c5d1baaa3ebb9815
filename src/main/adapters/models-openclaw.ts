import type { WiringStatus } from '../../shared/contract/openclaw';
import { ContractError } from '../../shared/contract/errors';
import type { OpenClawFeature } from '../openclaw/openclaw-feature';
import type { AgentDirectory, AgentModelRegistrar } from '../models/catalog-ports';

/** What the catalog uses of the OpenClaw feature: detection, its CLI, its provider wiring and its agent poll. */
export type OpenClawAccess = Pick<OpenClawFeature, 'detect' | 'cli' | 'wiring' | 'poll'>;

const NOT_FOUND_MESSAGE =
  'OpenClaw was not found on this machine, so no agent could be given the model. Install OpenClaw (the Agents page shows how) or deploy without choosing agents.';

async function mustHaveOpenClaw(oc: OpenClawAccess): Promise<void> {
  if (!oc.cli()) await oc.detect();
  if (!oc.cli()) throw new ContractError('UNAVAILABLE', NOT_FOUND_MESSAGE);
}

/**
 * Puts the agents on ClawGrid's provider (OpenClaw's own `config set` path: wire the ones not yet linked)
 * and re-syncs every linked agent's model list from the provider's /api/tags, which now lists the deployment.
 */
async function onClawGrid(oc: OpenClawAccess, agentIds: readonly string[]): Promise<WiringStatus> {
  const linked = new Set(oc.wiring.status().agentIds);
  const fresh = agentIds.filter((id) => !linked.has(id));
  if (fresh.length) await oc.wiring.wire({ agentIds: [...new Set(fresh)], primary: null, fallbacks: [] });
  return oc.wiring.syncModels();
}

function notOffered(name: string): ContractError {
  return new ContractError('INVALID_INPUT', `OpenClaw agents cannot use ${name}: ClawGrid gives agents only models with tool calling and at least 16K context.`);
}

/** The catalog's agent registrar over the OpenClaw feature (its provider-wiring path, never OpenClaw's files). */
export function openClawRegistrar(oc: () => OpenClawAccess): AgentModelRegistrar {
  return {
    async registerModel(agentIds, modelName, signal) {
      const access = oc();
      await mustHaveOpenClaw(access);
      signal.throwIfAborted();
      const s = await onClawGrid(access, agentIds);
      if (!s.models.includes(modelName)) throw notOffered(modelName);
    },
    async unregisterModel() {
      // The model lists follow the provider's /api/tags; after the registry dropped the name, one sync suffices.
      const access = oc();
      if (access.cli() && access.wiring.status().wired) await access.wiring.syncModels();
    },
  };
}

/** REST agents/register and the agent list, over the same feature. */
export function openClawDirectory(oc: () => OpenClawAccess): AgentDirectory {
  return {
    async list() {
      const access = oc();
      await mustHaveOpenClaw(access);
      const overview = await access.poll();
      const s = access.wiring.status();
      const linked = new Set(s.agentIds);
      return overview.agents.map((a) => ({ id: a.id, models: linked.has(a.id) ? s.models : [] }));
    },
    async register(agentId, models, signal) {
      const access = oc();
      await mustHaveOpenClaw(access);
      signal.throwIfAborted();
      const s = await onClawGrid(access, [agentId]);
      const missing = models.filter((m) => !s.models.includes(m));
      if (missing.length) {
        throw new ContractError(
          'INVALID_INPUT',
          `${agentId} is on ClawGrid, but ClawGrid does not serve ${missing.join(', ')} to agents (deploy it first; agents need tool calling and at least 16K context).`,
        );
      }
      return { id: agentId, models: s.models };
    },
  };
}
