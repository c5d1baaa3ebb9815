/**
 * Model names as agents see them: `<model>` (ClawGrid or the engine picks where it runs) or
 * `<model>@<minerId>` (pinned to one network miner). Ollama defaults a missing tag to `latest`.
 */

export interface DeployedName {
  model: string;
  minerId: string | null;
}

/** `llama3.2` → `llama3.2:latest`; names with a tag are kept. */
export function withDefaultTag(model: string): string {
  const slash = model.lastIndexOf('/');
  return model.slice(slash + 1).includes(':') ? model : `${model}:latest`;
}

/** The name registered with the provider and agents. */
export function deployedName(model: string, minerId: string | null): string {
  return minerId ? `${model}@${minerId}` : model;
}

/** Splits `<model>@<minerId>` (the last `@`); a name without `@` is a plain model. */
export function parseDeployedName(name: string): DeployedName {
  const at = name.lastIndexOf('@');
  if (at <= 0 || at === name.length - 1) return { model: name, minerId: null };
  return { model: name.slice(0, at), minerId: name.slice(at + 1) };
}
