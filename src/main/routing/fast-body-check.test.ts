import { describe, expect, it } from 'vitest';
import { plainBodyOk } from './fast-body-check';
import { chatBodySchema, generateBodySchema } from './wire-schemas';

// The fast check may say "not sure" (false) for a valid body, never "valid" (true) for one the schema rejects.
const chat: unknown[] = [
  { model: 'm', messages: [{ role: 'user', content: 'hi' }] },
  { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: false, options: { num_ctx: 4096, num_predict: -1, temperature: 0 }, keep_alive: '5m', think: 'high', tools: [], format: 'json' },
  { model: 'm' },
  { model: '', messages: [] },
  { model: 3 },
  { model: 'm', stream: 'yes' },
  { model: 'm', think: 'huge' },
  { model: 'm', options: { num_ctx: 0 } },
  { model: 'm', options: { num_ctx: 1.5 } },
  { model: 'm', options: { num_predict: 1.5 } },
  { model: 'm', options: [] },
  { model: 'm', messages: {} },
  { model: 'm', messages: [{ content: 'no role' }] },
  { model: 'm', messages: [{ role: 'user', content: 5 }] },
  { model: 'm', messages: [{ role: 'assistant', tool_calls: [{ function: { name: 'f', arguments: {} } }] }] },
  { model: 'm', messages: [{ role: 'assistant', tool_calls: 'x' }] },
  { model: 'm', tools: {} },
  { model: 'm', keep_alive: true },
  [],
  null,
  'm',
];
const generate: unknown[] = [{ model: 'm', prompt: 'p', system: 's' }, { model: 'm', prompt: 1 }, { model: 'm', system: null }, { model: 'm', think: true, options: { num_ctx: 8 } }];

describe('plainBodyOk', () => {
  it.each(chat.map((b) => [JSON.stringify(b), b]))('chat %s: never more permissive than the schema', (_s, b) => {
    if (plainBodyOk('chat', b)) expect(chatBodySchema.safeParse(b).success).toBe(true);
  });
  it.each(generate.map((b) => [JSON.stringify(b), b]))('generate %s: never more permissive than the schema', (_s, b) => {
    if (plainBodyOk('generate', b)) expect(generateBodySchema.safeParse(b).success).toBe(true);
  });
  it('takes the common bodies on the fast path', () => {
    expect(plainBodyOk('chat', chat[0])).toBe(true);
    expect(plainBodyOk('chat', chat[1])).toBe(true);
    expect(plainBodyOk('generate', generate[0])).toBe(true);
    expect(plainBodyOk('chat', chat[14])).toBe(false); // tool calls: the schema decides
  });
});
