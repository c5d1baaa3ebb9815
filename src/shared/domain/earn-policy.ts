/**
 * Earn mode's decisions, pure: whether ClawGrid takes network jobs right now (limits, own agents, schedule) and
 * whether one job it was handed may run (allow-list, never its own, bounded output). Every input is passed in —
 * usage, the local hour, what is in flight — so each rule is tested without a clock, a GPU or a network.
 */

/** Resource ceilings in percent; above any of them no new job is taken. */
export interface EarnLimits {
  cpuPct: number;
  ramPct: number;
  gpuMemPct: number;
}

/** The plan's defaults (CPU 80 %, RAM 70 %, GPU memory 60 %). */
export const DEFAULT_EARN_LIMITS: EarnLimits = { cpuPct: 80, ramPct: 70, gpuMemPct: 60 };

/** Allowed hours in local time, `[startHour, endHour)`, wrapping midnight (22 → 7 = nights); null = any time. */
export interface EarnHours {
  startHour: number;
  endHour: number;
}

/** What the machine uses now, in percent; null = not measured (no GPU, no sample yet). */
export interface EarnUsage {
  cpuPct: number | null;
  ramPct: number | null;
  gpuMemPct: number | null;
}

export type PauseCode = 'off' | 'network' | 'no_key' | 'no_models' | 'cpu' | 'ram' | 'gpu_mem' | 'own_agents' | 'schedule' | 'busy';

export interface PauseReason {
  code: PauseCode;
  message: string;
}

export interface EarnInputs {
  enabled: boolean;
  /** Null when the active network can take a miner; else why not (off, unreachable). */
  networkProblem: string | null;
  hasMinerKey: boolean;
  /** Allow-listed models that are installed locally (what would be served). */
  servableModels: readonly string[];
  limits: EarnLimits;
  usage: EarnUsage;
  ownAgentsFirst: boolean;
  /** The person's own requests in flight through the provider (that run on this machine). */
  localInflight: number;
  hours: EarnHours | null;
  /** Local hour now, 0–23. */
  localHour: number;
  /** Network jobs this machine runs now, and how many it runs at once. */
  servingInflight: number;
  concurrency: number;
}

export interface EarnDecision {
  state: 'off' | 'earning' | 'paused';
  /** Poll for a new job now. */
  takeJobs: boolean;
  /** What the heartbeat advertises: free job slots (0 while paused). */
  capacity: number;
  reasons: PauseReason[];
}

const pct = (n: number) => `${Math.round(n)} %`;

/** Whether `hour` lies in the allowed window (null = always; start = end = the whole day). */
export function withinHours(hours: EarnHours | null, hour: number): boolean {
  if (!hours || hours.startHour === hours.endHour) return true;
  const { startHour: s, endHour: e } = hours;
  return s < e ? hour >= s && hour < e : hour >= s || hour < e;
}

/** One reason per limit the machine is over (a metric not measured is never "over"). */
export function overLimits(usage: EarnUsage, limits: EarnLimits): PauseReason[] {
  const out: PauseReason[] = [];
  if (usage.cpuPct !== null && usage.cpuPct > limits.cpuPct) out.push({ code: 'cpu', message: `CPU at ${pct(usage.cpuPct)}, above the ${pct(limits.cpuPct)} limit` });
  if (usage.ramPct !== null && usage.ramPct > limits.ramPct) out.push({ code: 'ram', message: `Memory at ${pct(usage.ramPct)}, above the ${pct(limits.ramPct)} limit` });
  if (usage.gpuMemPct !== null && usage.gpuMemPct > limits.gpuMemPct) out.push({ code: 'gpu_mem', message: `GPU memory at ${pct(usage.gpuMemPct)}, above the ${pct(limits.gpuMemPct)} limit` });
  return out;
}

const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** Earning, paused (and every reason why), or off. */
export function decideEarn(i: EarnInputs): EarnDecision {
  if (!i.enabled) return { state: 'off', takeJobs: false, capacity: 0, reasons: [{ code: 'off', message: 'Earn mode is off' }] };
  const reasons: PauseReason[] = [];
  if (i.networkProblem) reasons.push({ code: 'network', message: i.networkProblem });
  if (!i.hasMinerKey) reasons.push({ code: 'no_key', message: 'No miner API key for this network (set CLAWGRID_MINER_API_KEY)' });
  if (i.servableModels.length === 0) reasons.push({ code: 'no_models', message: 'None of the allowed models is installed in the local Ollama' });
  reasons.push(...overLimits(i.usage, i.limits));
  if (i.ownAgentsFirst && i.localInflight > 0) reasons.push({ code: 'own_agents', message: `Your agents come first: ${i.localInflight} local request${i.localInflight === 1 ? '' : 's'} in flight` });
  if (!withinHours(i.hours, i.localHour)) reasons.push({ code: 'schedule', message: `Outside the allowed hours (${hh(i.hours?.startHour ?? 0)}–${hh(i.hours?.endHour ?? 0)} local time)` });
  if (reasons.length) return { state: 'paused', takeJobs: false, capacity: 0, reasons };
  const free = Math.max(0, i.concurrency - i.servingInflight);
  return { state: 'earning', takeJobs: free > 0, capacity: free, reasons: free > 0 ? [] : [{ code: 'busy', message: 'Serving at full concurrency' }] };
}

/** Percent of a used / total pair; null when the total is unknown or zero. */
export function percentOf(used: number | null | undefined, total: number | null | undefined): number | null {
  if (used === null || used === undefined || !total) return null;
  return (used / total) * 100;
}

/** What ClawGrid knows about its own jobs as a buyer: job ids it created, request ids it sent, its addresses. */
export interface OwnIdentity {
  ownsJob(jobId: string, requestId: string | null): boolean;
  addresses: readonly string[];
}

export type JobCheck =
  | { ok: true; model: string; payload: Record<string, unknown> }
  | { ok: false; code: 'own_job' | 'model_not_allowed' | 'bad_payload'; message: string };

/** Payload key ClawGrid's own client puts on every job it submits (network/submit-job.ts). */
export const OWN_REQUEST_KEY = 'clawgrid_request_id';

/**
 * Whether a job the coordinator assigned may run here: never our own (job id, request id, or buyer), only an
 * allow-listed model, and with the output bounded (`options.num_predict` capped at `maxOutputTokens`).
 */
export function checkJob(job: { jobId: string; payload: Record<string, unknown>; buyer: string | null }, o: { allowedModels: readonly string[]; own: OwnIdentity; maxOutputTokens: number }): JobCheck {
  const requestId = typeof job.payload[OWN_REQUEST_KEY] === 'string' ? (job.payload[OWN_REQUEST_KEY] as string) : null;
  const buyer = job.buyer?.toLowerCase() ?? null;
  if (o.own.ownsJob(job.jobId, requestId) || (buyer !== null && o.own.addresses.some((a) => a.toLowerCase() === buyer))) {
    return { ok: false, code: 'own_job', message: 'This job was submitted by this ClawGrid; it does not serve its own jobs' };
  }
  const model = job.payload.model;
  if (typeof model !== 'string' || !model) return { ok: false, code: 'bad_payload', message: 'The job payload has no model' };
  if (!o.allowedModels.includes(model)) return { ok: false, code: 'model_not_allowed', message: `Model ${model} is not on this machine's allow-list` };
  const options = job.payload.options && typeof job.payload.options === 'object' ? (job.payload.options as Record<string, unknown>) : {};
  const asked = typeof options.num_predict === 'number' && options.num_predict > 0 ? options.num_predict : Infinity;
  return { ok: true, model, payload: { ...job.payload, options: { ...options, num_predict: Math.min(asked, o.maxOutputTokens) } } };
}
