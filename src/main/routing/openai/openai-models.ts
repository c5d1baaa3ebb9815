/** The provider's /api/tags entries as OpenAI's model objects (`owned_by` as Ollama's /v1/models states it). */
interface TagEntry {
  name?: unknown;
  modified_at?: unknown;
  clawgrid?: unknown;
}

function modelObject(e: TagEntry) {
  const id = String(e.name);
  const at = typeof e.modified_at === 'string' ? Date.parse(e.modified_at) : NaN;
  const slash = id.indexOf('/');
  return { id, object: 'model' as const, created: Number.isFinite(at) ? Math.floor(at / 1000) : 0, owned_by: slash > 0 ? id.slice(0, slash) : 'library', ...(e.clawgrid ? { clawgrid: e.clawgrid } : {}) };
}

/** GET /v1/models: every name the provider serves (local, network, `<model>@<miner>`), with ClawGrid's where-it-runs extras. */
export function openAiModelList(models: readonly unknown[]) {
  return { object: 'list' as const, data: models.filter((m): m is TagEntry => typeof (m as TagEntry | null)?.name === 'string').map(modelObject) };
}

/** GET /v1/models/{id}: the name as listed, or with Ollama's default `:latest` tag. */
export function openAiModel(models: readonly unknown[], id: string) {
  const list = openAiModelList(models).data;
  return list.find((m) => m.id === id) ?? list.find((m) => !id.includes(':') && m.id === `${id}:latest`) ?? null;
}
