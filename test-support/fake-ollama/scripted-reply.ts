import type { FakeModel } from './fake-models';

/** What the fake model "generates" for one request: thinking, tool calls, then text tokens. */
export interface ScriptedReply {
  thinking: string[];
  toolCalls: { id: string; function: { index: number; name: string; arguments: Record<string, unknown> } }[];
  tokens: string[];
  promptTokens: number;
}

interface WireTool {
  function?: { name?: string; parameters?: { properties?: Record<string, unknown>; required?: string[] } };
}
interface WireMessage {
  role?: string;
  content?: string;
  tool_name?: string;
}

/** Splits text into word-ish tokens that keep their whitespace (their concatenation is the text). */
export function tokenize(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

const estimateTokens = (s: string) => Math.max(1, Math.ceil(s.length / 4));

/**
 * A deterministic conversation: with tools offered and no tool result yet, the model calls the first
 * tool; after a tool result it reports it; otherwise it says its reply. Thinks when allowed.
 */
export function scriptChat(model: FakeModel, body: { messages?: WireMessage[]; tools?: WireTool[]; think?: unknown }): ScriptedReply {
  const messages = body.messages ?? [];
  const promptTokens = messages.reduce((n, m) => n + estimateTokens(m.content ?? ''), 0);
  const thinking = model.capabilities.includes('thinking') && body.think !== false && model.thinking ? tokenize(model.thinking) : [];
  const toolResult = [...messages].reverse().find((m) => m.role === 'tool');
  const tool = body.tools?.[0]?.function;
  if (tool?.name && !toolResult) {
    const props = Object.keys(tool.parameters?.properties ?? {});
    const arg = tool.parameters?.required?.[0] ?? props[0];
    return {
      thinking,
      toolCalls: [{ id: 'call_fk3v9x0q', function: { index: 0, name: tool.name, arguments: arg ? { [arg]: '.' } : {} } }],
      tokens: [],
      promptTokens,
    };
  }
  const text = toolResult
    ? `The tool ${toolResult.tool_name ?? 'call'} returned: ${(toolResult.content ?? '').slice(0, 80)}`
    : (model.reply ?? `Hello from ${model.name}, a fake model on the Ollama wire.`);
  return { thinking, toolCalls: [], tokens: tokenize(text), promptTokens };
}

/** Completion for /api/generate: the prompt's token estimate and the model's reply. */
export function scriptGenerate(model: FakeModel, body: { prompt?: string; system?: string; think?: unknown }): ScriptedReply {
  const thinking = model.capabilities.includes('thinking') && body.think !== false && model.thinking ? tokenize(model.thinking) : [];
  const text = model.reply ?? `Hello from ${model.name}, a fake model on the Ollama wire.`;
  return { thinking, toolCalls: [], tokens: tokenize(text), promptTokens: estimateTokens(`${body.system ?? ''}${body.prompt ?? ''}`) };
}

/** A deterministic unit-length vector for a text (Ollama returns L2-normalized embeddings). */
export function fakeEmbedding(text: string, dims: number): number[] {
  const v: number[] = [];
  let h = 2166136261;
  for (let i = 0; i < dims; i++) {
    h = Math.imul(h ^ (text.charCodeAt(i % Math.max(1, text.length)) + i), 16777619) >>> 0;
    v.push((h / 0xffffffff) * 2 - 1);
  }
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / norm);
}
