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

const PART = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const NAMESPACE = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;
const HOST = /^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/;

/**
 * Ollama's own name rules (`types/model/name.go`): `[host/][namespace/]model[:tag]`, each part starting with a
 * letter, digit or `_`; model and tag of letters, digits, `_ - .`; a namespace without `.`; a host may also
 * hold `:` (a port) and a scheme (`https://`); parts at most 80 characters, the host 350. A digest suffix
 * (`@sha256:…`) is checked by the caller. Anything else is a 400, not a lookup.
 */
export function isValidModelName(name: string): boolean {
  const slash = name.lastIndexOf('/');
  const last = name.slice(slash + 1);
  const colon = last.lastIndexOf(':');
  const model = colon < 0 ? last : last.slice(0, colon);
  const tag = colon < 0 ? null : last.slice(colon + 1);
  if (!ok(model, PART, 80) || (tag !== null && !ok(tag, PART, 80))) return false;
  if (slash < 0) return true;
  const rest = name.slice(0, slash);
  const s2 = rest.lastIndexOf('/');
  if (!ok(rest.slice(s2 + 1), NAMESPACE, 80)) return false;
  if (s2 < 0) return true;
  const host = rest.slice(0, s2).replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  return ok(host, HOST, 350);
}

function ok(part: string, re: RegExp, max: number): boolean {
  return part.length >= 1 && part.length <= max && re.test(part);
}
