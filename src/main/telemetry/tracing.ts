import { SpanKind, SpanStatusCode, type Attributes, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { RequestLogEntry } from '../../shared/contract/routing';
import { parseModelTarget } from '../../shared/domain/model-target';
import { APP_VERSION } from '../version';

/** Prompt and output of one request, captured only when the person turned content capture on. */
export interface CapturedContent {
  /** GenAI `gen_ai.input.messages` (JSON). */
  input: string;
  /** GenAI `gen_ai.output.messages` (JSON), or null when nothing was answered. */
  output: string | null;
}

/** OTLP/HTTP (JSON) trace export; exists only when `OTEL_EXPORTER_OTLP_ENDPOINT` (or its traces variant) is set. */
export interface RequestTracer {
  /** One span for one finished provider request, timed from its arrival to its end. */
  record(entry: RequestLogEntry, content?: CapturedContent): void;
  /** Exports what is buffered (tests, shutdown). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** The OTLP traces URL the standard variables ask for: the signal-specific one as is, else `<endpoint>/v1/traces`. */
export function otlpTracesUrl(env: Record<string, string | undefined>): string | null {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!base) return null;
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}

/** GenAI semantic conventions' operation names for ClawGrid's endpoints. */
const OPERATION: Record<RequestLogEntry['endpoint'], string> = { chat: 'chat', generate: 'text_completion', embed: 'embeddings' };

/** Who answered in GenAI terms: the local Ollama, or the AITBC GPU network. */
const providerOf = (backend: string | null) => (backend === null ? 'clawgrid' : backend === 'local' ? 'ollama' : 'aitbc');

export function spanAttributes(e: RequestLogEntry, content?: CapturedContent): Attributes {
  const provider = providerOf(e.backend);
  const a: Attributes = {
    'gen_ai.operation.name': OPERATION[e.endpoint],
    'gen_ai.provider.name': provider,
    'gen_ai.system': provider,
    'gen_ai.request.model': e.model,
    'gen_ai.usage.input_tokens': e.promptTokens,
    'gen_ai.usage.output_tokens': e.evalTokens,
    'http.response.status_code': e.httpStatus,
    'clawgrid.request.id': e.id,
    'clawgrid.agent.id': e.agentId,
    'clawgrid.decision': e.strategy,
    'clawgrid.reasons': e.reasons,
    'clawgrid.backend': e.backend ?? 'none',
    'clawgrid.status': e.status,
    'clawgrid.cost_ait': e.costAit,
    'clawgrid.overhead_ms': e.overheadMs,
  };
  if (e.backend !== null) a['gen_ai.response.model'] = parseModelTarget(e.model)?.model ?? e.model;
  if (e.jobId) a['clawgrid.job_id'] = e.jobId;
  if (e.ttftMs !== null) a['clawgrid.ttft_ms'] = e.ttftMs;
  if (e.status !== 'ok') a['error.type'] = e.status === 'canceled' ? 'canceled' : String(e.httpStatus);
  if (content) {
    a['gen_ai.input.messages'] = content.input;
    if (content.output !== null) a['gen_ai.output.messages'] = content.output;
  }
  return a;
}

export function createRequestTracer(env: Record<string, string | undefined>): RequestTracer | null {
  const url = otlpTracesUrl(env);
  if (!url) return null;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME?.trim() || 'clawgrid', 'service.version': APP_VERSION }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  });
  const tracer: Tracer = provider.getTracer('clawgrid', APP_VERSION);
  return {
    record(e, content) {
      const attributes = spanAttributes(e, content);
      const span = tracer.startSpan(`${attributes['gen_ai.operation.name']} ${e.model}`, { kind: SpanKind.SERVER, startTime: new Date(e.at - e.durationMs), attributes });
      if (e.status === 'error') span.setStatus({ code: SpanStatusCode.ERROR, message: e.error ?? `HTTP ${e.httpStatus}` });
      span.end(new Date(e.at));
    },
    flush: () => provider.forceFlush(),
    close: () => provider.shutdown(),
  };
}
