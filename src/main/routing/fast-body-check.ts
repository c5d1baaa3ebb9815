/**
 * A cheap, allocation-free check that a chat/generate body is valid under wire-schemas.ts in its most
 * common shapes. True means the schema would accept it unchanged (the body is used as is); false means
 * "not sure": the caller runs the zod schema, which also words the 400.
 */
export function plainBodyOk(kind: 'chat' | 'generate', b: unknown): boolean {
  if (!isObject(b)) return false;
  if (typeof b.model !== 'string' || b.model.length === 0) return false;
  if (b.stream !== undefined && typeof b.stream !== 'boolean') return false;
  if (b.keep_alive !== undefined && typeof b.keep_alive !== 'number' && typeof b.keep_alive !== 'string') return false;
  if (b.think !== undefined && typeof b.think !== 'boolean' && !THINK.has(b.think as string)) return false;
  if (b.options !== undefined) {
    const o = b.options;
    if (!isObject(o)) return false;
    if (o.num_ctx !== undefined && !(Number.isInteger(o.num_ctx) && (o.num_ctx as number) > 0)) return false;
    if (o.num_predict !== undefined && !Number.isInteger(o.num_predict)) return false;
  }
  if (kind === 'generate') return (b.prompt === undefined || typeof b.prompt === 'string') && (b.system === undefined || typeof b.system === 'string');
  if (b.tools !== undefined && !Array.isArray(b.tools)) return false;
  if (b.messages === undefined) return true;
  if (!Array.isArray(b.messages)) return false;
  for (const m of b.messages as unknown[]) {
    if (!isObject(m) || typeof m.role !== 'string') return false;
    if (m.content !== undefined && typeof m.content !== 'string') return false;
    // Images, thinking and tool fields have nested rules: the schema checks those.
    if (m.images !== undefined || m.thinking !== undefined || m.tool_calls !== undefined || m.tool_name !== undefined || m.tool_call_id !== undefined) return false;
  }
  return true;
}

const THINK = new Set(['low', 'medium', 'high', 'max']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
