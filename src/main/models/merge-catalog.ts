import type { CatalogEntry, Measured } from '../../shared/contract/models';
import { kvPerTokenOrGuess, parseParameterSize } from '../../shared/domain/model-fit';
import { withDefaultTag } from '../../shared/domain/model-name';
import { openClawSuitability } from '../../shared/domain/openclaw-suitability';
import type { NetworkOffer } from '../routing/port';
import type { LibraryFile } from './library-catalog';
import type { LocalModel } from './ollama-models-client';

export interface MergeInput {
  local: readonly LocalModel[];
  loaded: ReadonlySet<string>;
  library: LibraryFile | null;
  offers: readonly NetworkOffer[];
  /** Metering per miner id (network) and per model name (local). */
  measuredByMiner: ReadonlyMap<string, Measured>;
  measuredByModel: ReadonlyMap<string, Measured>;
  /** Deployed names keyed by `local:<model>`, `network:<model>` (engine chooses) or `network:<model>@<miner>`. */
  deployed: ReadonlyMap<string, string>;
}

/** `llama3.2:3b` → `llama3.2`; `user/x:tag` → `user/x`. */
export function baseName(model: string): string {
  const slash = model.lastIndexOf('/');
  const colon = model.indexOf(':', slash + 1);
  return colon < 0 ? model : model.slice(0, colon);
}

/** One list: local models first-class, library tags not on disk, and every network offer. */
export function mergeCatalog(input: MergeInput): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  const libByTag = new Map<string, { model: LibraryFile['models'][number]; tag: LibraryFile['models'][number]['tags'][number] }>();
  for (const model of input.library?.models ?? []) {
    for (const tag of model.tags) libByTag.set(`${model.name}:${tag.tag}`, { model, tag });
  }
  const localNames = new Set<string>();

  for (const m of input.local) {
    const name = withDefaultTag(m.name);
    localNames.add(name);
    const lib = libByTag.get(name);
    const kvPerToken = kvPerTokenOrGuess(m.kv ?? lib?.tag.kv ?? null, parseParameterSize(m.parameterSize ?? lib?.tag.parameterSize));
    const capabilities = m.capabilities.length ? m.capabilities : (lib?.model.capabilities ?? []);
    const contextLength = m.contextLength ?? lib?.model.contextLength ?? null;
    out.push({
      id: `local:${name}`,
      where: 'local',
      model: name,
      name: baseName(name),
      description: lib?.model.description ?? '',
      family: m.family,
      parameterSize: m.parameterSize ?? lib?.tag.parameterSize ?? null,
      quantization: m.quantization ?? lib?.tag.quantization ?? null,
      sizeBytes: m.sizeBytes || null,
      contextLength,
      kvBytesPerToken: kvPerToken,
      capabilities,
      license: lib?.model.license ?? m.license,
      loaded: input.loaded.has(name) || input.loaded.has(m.name),
      installed: true,
      openclaw: openClawSuitability({ capabilities, contextLength }),
      minerId: null,
      pricePer1kTokensAit: null,
      region: null,
      gpu: null,
      rating: null,
      zkProof: false,
      measured: input.measuredByModel.get(name) ?? null,
      deployedAs: input.deployed.get(`local:${name}`) ?? null,
    });
  }

  for (const [name, { model, tag }] of libByTag) {
    if (localNames.has(name)) continue;
    out.push({
      id: `library:${name}`,
      where: 'library',
      model: name,
      name: model.name,
      description: model.description,
      family: null,
      parameterSize: tag.parameterSize,
      quantization: tag.quantization,
      sizeBytes: tag.sizeBytes,
      contextLength: model.contextLength,
      kvBytesPerToken: kvPerTokenOrGuess(tag.kv, parseParameterSize(tag.parameterSize)),
      capabilities: model.capabilities,
      license: model.license,
      loaded: false,
      installed: false,
      openclaw: openClawSuitability({ capabilities: model.capabilities, contextLength: model.contextLength }),
      minerId: null,
      pricePer1kTokensAit: null,
      region: null,
      gpu: null,
      rating: null,
      zkProof: false,
      measured: null,
      deployedAs: null,
    });
  }

  for (const o of input.offers) {
    const name = withDefaultTag(o.model);
    const lib = libByTag.get(name);
    const capabilities = o.details?.capabilities ?? lib?.model.capabilities ?? [];
    const contextLength = o.details?.contextLength ?? lib?.model.contextLength ?? null;
    out.push({
      id: `network:${name}@${o.minerId}`,
      where: 'network',
      model: name,
      name: baseName(name),
      description: lib?.model.description ?? '',
      family: o.details?.family ?? null,
      parameterSize: o.details?.parameterSize ?? lib?.tag.parameterSize ?? null,
      quantization: o.details?.quantization ?? lib?.tag.quantization ?? null,
      sizeBytes: o.details?.sizeBytes ?? lib?.tag.sizeBytes ?? null,
      contextLength,
      kvBytesPerToken: null,
      capabilities,
      license: lib?.model.license ?? null,
      loaded: false,
      installed: false,
      openclaw: openClawSuitability({ capabilities, contextLength }),
      minerId: o.minerId,
      pricePer1kTokensAit: o.pricePer1kTokensAit,
      region: o.region,
      gpu: o.gpu,
      rating: null,
      zkProof: o.zkProof,
      measured: input.measuredByMiner.get(o.minerId) ?? null,
      deployedAs: input.deployed.get(`network:${name}@${o.minerId}`) ?? input.deployed.get(`network:${name}`) ?? null,
    });
  }
  return out;
}
