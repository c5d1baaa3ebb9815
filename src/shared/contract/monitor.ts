import { z } from 'zod';

/** Null means "the device does not report it" ([N/A] / [Not Supported]), never zero. */
const metric = z.number().finite().nullable();

/** One GPU (or MIG-enabled GPU) at one instant, as nvidia-smi --query-gpu reports it. */
export const gpuSampleSchema = z.object({
  index: z.number().int().nonnegative(),
  uuid: z.string(),
  name: z.string(),
  utilGpuPct: metric,
  utilMemPct: metric,
  memUsedMiB: metric,
  memTotalMiB: metric,
  tempC: metric,
  powerW: metric,
  powerLimitW: metric,
  smClockMHz: metric,
  /** True when the GPU runs in MIG mode: utilization is then not reported per GPU. */
  mig: z.boolean(),
});
export type GpuSample = z.infer<typeof gpuSampleSchema>;

/** A process holding GPU memory (nvidia-smi --query-compute-apps). */
export const gpuProcessSchema = z.object({
  pid: z.number().int().nonnegative(),
  name: z.string(),
  usedMemMiB: metric,
});
export type GpuProcess = z.infer<typeof gpuProcessSchema>;

export const systemSampleSchema = z.object({
  cpuPct: z.number().finite(),
  memUsedBytes: z.number().nonnegative(),
  memTotalBytes: z.number().nonnegative(),
  load1: z.number().finite(),
});
export type SystemSample = z.infer<typeof systemSampleSchema>;

/** One point of the rolling window: everything the dashboard charts, taken at time `t` (epoch ms). */
export const monitorSampleSchema = z.object({
  t: z.number().int(),
  gpus: z.array(gpuSampleSchema),
  system: systemSampleSchema.nullable(),
});
export type MonitorSample = z.infer<typeof monitorSampleSchema>;

export const ollamaLoadedModelSchema = z.object({
  name: z.string(),
  sizeBytes: z.number().nonnegative(),
  sizeVramBytes: z.number().nonnegative(),
  expiresAt: z.string().nullable(),
  contextLength: z.number().int().nullable(),
});
export type OllamaLoadedModel = z.infer<typeof ollamaLoadedModelSchema>;

/** Source state: "absent" is a normal state (no NVIDIA GPU, no Ollama), not an error. */
export const sourceStateSchema = z.enum(['starting', 'ok', 'absent', 'error']);
export type SourceState = z.infer<typeof sourceStateSchema>;

/** What the dashboard shows besides the charts: source health, processes, loaded models. */
export const monitorStatusSchema = z.object({
  gpu: z.object({ state: sourceStateSchema, message: z.string() }),
  ollama: z.object({
    state: sourceStateSchema,
    url: z.string(),
    message: z.string(),
    models: z.array(ollamaLoadedModelSchema),
  }),
  system: z.object({ state: sourceStateSchema, message: z.string(), cpuModel: z.string(), cores: z.number().int() }),
  processes: z.array(gpuProcessSchema),
  /** Sampling period of the window in ms, and its length in samples (10 min at 1 Hz = 600). */
  intervalMs: z.number().int().positive(),
  windowSize: z.number().int().positive(),
});
export type MonitorStatus = z.infer<typeof monitorStatusSchema>;

/** Calls of the GPU & system monitor. */
export const monitorCalls = {
  /** The dashboard's initial state: the whole rolling window plus current status; ticks patch it. */
  'monitor.snapshot': {
    input: z.object({}).strict(),
    output: z.object({ samples: z.array(monitorSampleSchema), status: monitorStatusSchema }),
  },
} as const;

/** Events of the GPU & system monitor. */
export const monitorEvents = {
  /** One sample per second for the rolling window, plus the status it was taken with. */
  'monitor.tick': z.object({ sample: monitorSampleSchema, status: monitorStatusSchema }),
} as const;
