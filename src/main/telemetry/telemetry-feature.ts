import type { CoreServices, Feature } from '../feature';
import type { MonitorService } from '../monitor/port';
import type { Engine, ProviderIntercept, RoutingMeter } from '../routing/port';
import { createContentCapture } from './content-capture';
import { createClawgridMetrics, type BudgetHeadroom, type ClawgridMetrics } from './metrics';
import { metricsRoute } from './metrics-route';
import { createRequestTracer, otlpTracesUrl, type RequestTracer } from './tracing';

export interface TelemetryDeps {
  /** GPU gauges follow the monitor's samples. */
  monitor?: MonitorService;
  /** Per-agent budget headroom, read once per scrape (the wallet's spend overview). */
  budgets?: () => Promise<readonly BudgetHeadroom[]>;
}

/** Prometheus metrics and OpenTelemetry traces of the provider's requests, as other features plug them in. */
export interface TelemetryFeature extends Feature<Record<never, never>> {
  readonly metrics: ClawgridMetrics;
  /** Null unless `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set. */
  readonly tracer: RequestTracer | null;
  /** The provider's `GET /metrics` (answered before agent auth; it has its own token). */
  readonly intercept: ProviderIntercept;
  /** Wraps the provider's engine to capture prompt and output for spans, only when the person turned it on. */
  wrapEngine(engine: Engine): Engine;
  /** Counts (and traces) every request the meter records from now on. */
  observe(meter: Pick<RoutingMeter, 'subscribe'>): void;
  /** Exports every span of the requests recorded so far (shutdown, tests). */
  flush(): Promise<void>;
}

export function createTelemetryFeature(core: CoreServices, deps: TelemetryDeps = {}): TelemetryFeature {
  const metrics = createClawgridMetrics(deps.budgets);
  const tracer = createRequestTracer(core.env);
  const capture = createContentCapture(() => tracer !== null && core.settings.get().traceContent);
  const token = () => core.env.CLAWGRID_METRICS_TOKEN?.trim() || undefined;
  const stops: (() => void)[] = [];
  /** Spans waiting for their captured answer text. */
  const inFlight = new Set<Promise<void>>();
  if (deps.monitor) stops.push(deps.monitor.onTick(({ sample }) => metrics.gpus(sample.gpus)));

  return {
    handlers: {},
    metrics,
    tracer,
    intercept: metricsRoute(metrics, token),
    wrapEngine: capture.wrap,
    observe(meter) {
      stops.push(
        meter.subscribe((e) => {
          metrics.observe(e);
          if (!tracer) return;
          const p = capture.take(e.id, e.endpoint !== 'embed').then((content) => tracer.record(e, content));
          inFlight.add(p);
          void p.finally(() => inFlight.delete(p));
        }),
      );
    },
    async flush() {
      await Promise.all([...inFlight]);
      await tracer?.flush();
    },
    start() {
      core.log.info('telemetry.ready', { metrics: token() ? 'on' : 'off (set CLAWGRID_METRICS_TOKEN)', traces: otlpTracesUrl(core.env) ?? 'off', traceContent: core.settings.get().traceContent });
    },
    async close() {
      for (const stop of stops.splice(0)) stop();
      await Promise.all([...inFlight]);
      await tracer?.close().catch((err: unknown) => core.log.warn('telemetry.trace_export_failed', { err: String(err) }));
    },
  };
}
