import { isValidModelName, withDefaultTag } from './model-name';

/**
 * ClawGrid's model-name suffixes for routing: `<model>` lets the planner decide, `@local`, `@network`
 * and `@race` force a strategy, `@<minerId>` pins one network miner. Ollama's `@sha256:` digests pass through.
 */
export type ModelTarget = { kind: 'auto' } | { kind: 'local' } | { kind: 'network' } | { kind: 'race' } | { kind: 'miner'; minerId: string };

export interface ParsedModelTarget {
  /** The Ollama name without ClawGrid's suffix, tag defaulted to `latest` (as Ollama does). */
  model: string;
  target: ModelTarget;
}

const MINER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Parses a requested model name; null when the name or its suffix is malformed (answered with 400). */
export function parseModelTarget(raw: string): ParsedModelTarget | null {
  // Agents send the same few names on every request: each verdict is kept (frozen, so sharing it is safe).
  let known = parsedNames.get(raw);
  if (known === undefined) {
    if (parsedNames.size >= 256) parsedNames.clear();
    const parsed = parseUncached(raw);
    parsedNames.set(raw, (known = parsed && Object.freeze({ model: parsed.model, target: Object.freeze(parsed.target) })));
  }
  return known;
}
const parsedNames = new Map<string, Readonly<ParsedModelTarget> | null>();

function parseUncached(raw: string): ParsedModelTarget | null {
  const name = raw.trim();
  if (!name) return null;
  const at = name.lastIndexOf('@');
  const base = at < 0 ? name : name.slice(0, at);
  if (!isValidModelName(base)) return null;
  if (at < 0 || name.slice(at + 1).startsWith('sha256:')) return { model: withDefaultTag(name), target: { kind: 'auto' } };
  const suffix = name.slice(at + 1);
  const model = withDefaultTag(base);
  if (suffix === 'local') return { model, target: { kind: 'local' } };
  if (suffix === 'network') return { model, target: { kind: 'network' } };
  if (suffix === 'race') return { model, target: { kind: 'race' } };
  if (MINER_ID.test(suffix)) return { model, target: { kind: 'miner', minerId: suffix } };
  return null;
}

/** The name as /api/tags lists it for a target (the inverse of parseModelTarget). */
export function formatModelTarget(model: string, target: ModelTarget): string {
  switch (target.kind) {
    case 'auto':
      return model;
    case 'miner':
      return `${model}@${target.minerId}`;
    default:
      return `${model}@${target.kind}`;
  }
}
