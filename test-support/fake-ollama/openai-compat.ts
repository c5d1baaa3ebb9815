import type http from 'node:http';
import { normalizeName, type FakeModel } from './fake-models';
import { scriptChat } from './scripted-reply';

/**
 * Ollama's OpenAI-compatible POST /v1/chat/completions (non-streaming JSON and SSE streaming), which is
 * what gateways such as Portkey call for their `ollama` provider.
 */
export async function serveOpenAiChat(
  res: http.ServerResponse,
  raw: string,
  models: Map<string, FakeModel>,
  seen: { aborted: boolean },
  tokenDelayMs: number,
): Promise<void> {
  const send = (status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  let body: { model?: string; messages?: { role?: string; content?: string }[]; stream?: boolean };
  try {
    body = JSON.parse(raw) as typeof body;
  } catch {
    return send(400, { error: { message: 'invalid JSON', type: 'invalid_request_error' } });
  }
  const model = body.model ? models.get(normalizeName(body.model)) : undefined;
  if (!model) return send(404, { error: { message: `model "${body.model ?? ''}" not found, try pulling it first`, type: 'api_error' } });
  const reply = scriptChat(model, { messages: body.messages ?? [], think: false });
  const id = `chatcmpl-${Math.floor(Math.random() * 1e6)}`;
  const created = Math.floor(Date.now() / 1000);
  const usage = { prompt_tokens: reply.promptTokens, completion_tokens: reply.tokens.length, total_tokens: reply.promptTokens + reply.tokens.length };
  if (!body.stream) {
    return send(200, {
      id,
      object: 'chat.completion',
      created,
      model: model.name,
      system_fingerprint: 'fp_ollama',
      choices: [{ index: 0, message: { role: 'assistant', content: reply.tokens.join('') }, finish_reason: 'stop' }],
      usage,
    });
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: model.name, system_fingerprint: 'fp_ollama', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  for (const t of reply.tokens) {
    if (seen.aborted) return;
    res.write(chunk({ role: 'assistant', content: t }, null));
    if (tokenDelayMs) await new Promise((r) => setTimeout(r, tokenDelayMs));
  }
  res.write(chunk({ role: 'assistant', content: '' }, 'stop'));
  res.end('data: [DONE]\n\n');
}
