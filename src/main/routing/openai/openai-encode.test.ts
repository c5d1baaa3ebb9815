import { describe, expect, it } from 'vitest';
import { framesOf } from './ollama-frames';
import { createOpenAiEncoder, type EncodeMeta } from './openai-encode';
import type { AnswerChunk } from '../run-types';

const meta: EncodeMeta = { kind: 'chat', id: 'chatcmpl-1', created: 1, model: 'qwen3:8b@race', includeUsage: true };
const line = (o: unknown) => JSON.stringify(o) + '\n';
const events = (sse: string) =>
  sse
    .split('\n\n')
    .filter(Boolean)
    .map((e) => e.replace(/^data: /, ''))
    .map((d) => (d === '[DONE]' ? d : (JSON.parse(d) as Record<string, unknown>)));

function encodeStream(chunks: AnswerChunk[], m: EncodeMeta = meta) {
  const enc = createOpenAiEncoder(m);
  return events(chunks.flatMap(framesOf).map((f) => enc.sse(f)).join(''));
}

describe('Ollama answers as OpenAI chunks', () => {
  it('splits a raw chunk of several NDJSON lines, maps thinking to reasoning and done_reason length to finish_reason', () => {
    const raw = Buffer.from(
      line({ model: 'qwen3:8b', message: { role: 'assistant', content: '', thinking: 'hmm' }, done: false }) +
        line({ model: 'qwen3:8b', message: { role: 'assistant', content: 'Hi' }, done: false }) +
        line({ model: 'qwen3:8b', message: { role: 'assistant', content: '' }, done: true, done_reason: 'length', prompt_eval_count: 7, eval_count: 2 }),
    );
    const out = encodeStream([raw]);
    expect(out).toEqual([
      expect.objectContaining({ object: 'chat.completion.chunk', model: 'qwen3:8b@race', usage: null, choices: [{ index: 0, delta: { role: 'assistant', content: '', reasoning: 'hmm' }, finish_reason: null }] }),
      expect.objectContaining({ choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }] }),
      expect.objectContaining({ choices: [{ index: 0, delta: {}, finish_reason: 'length' }] }),
      expect.objectContaining({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 } }),
      '[DONE]',
    ]);
  });

  it('numbers tool calls across the stream and finishes with tool_calls; no usage chunk unless asked', () => {
    const call = (name: string): AnswerChunk => ({ type: 'delta', kind: 'chat', model: 'm', createdAt: '', toolCalls: [{ function: { name, arguments: { a: 1 } } }] });
    const out = encodeStream([call('a'), call('b'), { type: 'done', kind: 'chat', model: 'm', createdAt: '', metrics: { promptTokens: 1, evalTokens: 1, durationMs: 1 } }], { ...meta, includeUsage: false });
    const deltas = out.slice(0, 2).map((e) => ((e as { choices: { delta: { tool_calls: unknown[] } }[] }).choices[0]!.delta.tool_calls[0]));
    expect(deltas).toEqual([
      { id: 'call_chatcmpl-1_0', index: 0, type: 'function', function: { name: 'a', arguments: '{"a":1}' } },
      { id: 'call_chatcmpl-1_1', index: 1, type: 'function', function: { name: 'b', arguments: '{"a":1}' } },
    ]);
    expect(out.slice(2)).toEqual([expect.objectContaining({ choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] }), '[DONE]']);
    expect(out[0]).not.toHaveProperty('usage');
  });

  it('a failure after the stream began is an OpenAI error event and nothing after it (no [DONE])', () => {
    const out = encodeStream([Buffer.from(line({ model: 'm', response: 'par', done: false }) + line({ error: 'model runner crashed' })), { type: 'error', message: 'late' }], { ...meta, kind: 'generate' });
    expect(out).toEqual([
      expect.objectContaining({ object: 'text_completion', choices: [{ text: 'par', index: 0, logprobs: null, finish_reason: null }] }),
      { error: { message: 'model runner crashed', type: 'server_error', param: null, code: null } },
    ]);
  });

  it('a whole answer: one chat.completion with tool calls (no index), arguments as JSON strings', () => {
    const enc = createOpenAiEncoder({ ...meta, includeUsage: false });
    const body = Buffer.from(JSON.stringify({ model: 'm', message: { role: 'assistant', content: '', tool_calls: [{ id: 'call_x', function: { name: 'ls', arguments: { path: '.' } } }] }, done: true, done_reason: 'stop', prompt_eval_count: 3, eval_count: 4 }));
    expect(enc.whole(framesOf(body))).toEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'qwen3:8b@race',
      system_fingerprint: 'fp_clawgrid',
      choices: [{ index: 0, logprobs: null, finish_reason: 'tool_calls', message: { role: 'assistant', content: '', tool_calls: [{ id: 'call_x', type: 'function', function: { name: 'ls', arguments: '{"path":"."}' } }] } }],
      usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
    });
  });
});
