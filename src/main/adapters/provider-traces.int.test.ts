import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { startPluggedProvider } from './testing/plugged-provider';

// OTLP/HTTP (JSON) spans, one per provider request, received by a tiny collector started here.
interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values: OtlpValue[] };
}
interface Span {
  name: string;
  attributes: Record<string, unknown>;
  startMs: number;
  endMs: number;
  service: string;
}

const valueOf = (v: OtlpValue): unknown =>
  v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : v.doubleValue ?? v.boolValue ?? v.arrayValue?.values.map(valueOf));

/** Accepts POST /v1/traces with OTLP JSON, as an OpenTelemetry collector does, and keeps the raw bodies too. */
async function startReceiver() {
  const spans: Span[] = [];
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !String(req.headers['content-type']).startsWith('application/json')) {
        res.writeHead(415).end();
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      bodies.push(text);
      const body = JSON.parse(text) as { resourceSpans: { resource: { attributes: { key: string; value: OtlpValue }[] }; scopeSpans: { spans: { name: string; startTimeUnixNano: string; endTimeUnixNano: string; attributes: { key: string; value: OtlpValue }[] }[] }[] }[] };
      for (const rs of body.resourceSpans) {
        const service = String(valueOf(rs.resource.attributes.find((a) => a.key === 'service.name')!.value));
        for (const ss of rs.scopeSpans)
          for (const s of ss.spans)
            spans.push({
              name: s.name,
              service,
              startMs: Number(BigInt(s.startTimeUnixNano) / 1_000_000n),
              endMs: Number(BigInt(s.endTimeUnixNano) / 1_000_000n),
              attributes: Object.fromEntries(s.attributes.map((a) => [a.key, valueOf(a.value)])),
            });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, bodies, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let fake: FakeOllama;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  fake = await startFakeOllama({ loaded: ['llama3.2:3b'] });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await fake?.close();
});

const PROMPT = 'the-launch-code-is-4242';
const spansOf = (ids: string[]) => receiver.spans.filter((s) => ids.includes(String(s.attributes['clawgrid.request.id'])));
const rowIds = (h: Awaited<ReturnType<typeof startPluggedProvider>>) => (h.rows() as { id: string }[]).map((r) => r.id);

describe('OpenTelemetry traces of provider requests', () => {
  it('exports one GenAI span per request, with ClawGrid’s decision, and never the prompt or the answer by default', async () => {
    const h = await startPluggedProvider(fake.url, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    try {
      const { key } = h.feature.engine.agents.create('tracer-bot', { mode: 'local' });
      const reply = await h.client(key).chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: PROMPT }] });
      for await (const _ of await h.client().generate({ model: 'llama3.2:3b@local', prompt: PROMPT, stream: true })) void _;
      await h.client().embed({ model: 'nomic-embed-text', input: [PROMPT] });
      await h.plugins.telemetry.flush();
      const spans = spansOf(rowIds(h));
      expect(spans).toHaveLength(3);
      const [chat, gen, embed] = ['chat', 'text_completion', 'embeddings'].map((op) => spans.find((s) => s.attributes['gen_ai.operation.name'] === op)!);
      expect(chat).toMatchObject({
        name: 'chat llama3.2:3b',
        service: 'clawgrid',
        attributes: {
          'gen_ai.provider.name': 'ollama',
          'gen_ai.request.model': 'llama3.2:3b',
          'gen_ai.response.model': 'llama3.2:3b',
          'gen_ai.usage.input_tokens': reply.prompt_eval_count,
          'gen_ai.usage.output_tokens': reply.eval_count,
          'clawgrid.decision': 'local',
          'clawgrid.backend': 'local',
          'clawgrid.cost_ait': '0',
          'clawgrid.agent.id': h.feature.engine.agents.list().find((a) => a.name === 'tracer-bot')!.id,
          'http.response.status_code': 200,
        },
      });
      expect(chat!.attributes['clawgrid.reasons']).toEqual(expect.arrayContaining(['policy_local']));
      expect(chat!.endMs).toBeGreaterThanOrEqual(chat!.startMs);
      expect(gen!.attributes).toMatchObject({ 'gen_ai.request.model': 'llama3.2:3b@local', 'gen_ai.response.model': 'llama3.2:3b', 'clawgrid.agent.id': 'default' });
      expect(embed!.attributes).toMatchObject({ 'gen_ai.request.model': 'nomic-embed-text', 'clawgrid.backend': 'local' });
      for (const s of spans) expect(s.attributes).not.toHaveProperty('gen_ai.input.messages');
      // Not a byte of the prompt or of the answer anywhere in what was exported.
      const exported = receiver.bodies.join('\n');
      expect(exported).not.toContain(PROMPT);
      expect(exported).not.toContain(reply.message.content);
    } finally {
      await h.close();
    }
  });

  it('carries prompt and answer only when the person turned content capture on', async () => {
    const h = await startPluggedProvider(fake.url, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'team-box', OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' });
    try {
      const reply = await h.client().chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: PROMPT }] });
      let streamed = '';
      for await (const part of await h.client().chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: `${PROMPT} again` }], stream: true })) streamed += part.message.content;
      await h.plugins.telemetry.flush();
      const spans = spansOf(rowIds(h));
      expect(spans).toHaveLength(2);
      const byPrompt = (p: string) => spans.find((s) => String(s.attributes['gen_ai.input.messages']).includes(JSON.stringify(p)))!;
      const whole = byPrompt(PROMPT);
      const stream = byPrompt(`${PROMPT} again`);
      expect(whole.service).toBe('team-box');
      expect(JSON.parse(String(whole.attributes['gen_ai.input.messages']))).toEqual([{ role: 'user', parts: [{ type: 'text', content: PROMPT }] }]);
      expect(JSON.parse(String(whole.attributes['gen_ai.output.messages']))).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: reply.message.content }] }]);
      expect(streamed.length).toBeGreaterThan(0);
      expect(JSON.parse(String(stream.attributes['gen_ai.output.messages']))[0].parts[0].content).toBe(streamed);
    } finally {
      await h.close();
    }
  });
});
