import { NetworkError, type NetworkBackend, type NetworkHealth, type NetworkInferenceRequest, type NetworkOffer } from '../network-backend';

/**
 * An in-test NetworkBackend (the port's contract, not a fake of AITBC's wire): records every submitted
 * job and every cancel, answers after `latencyMs`, or fails the way it is told to.
 */
export interface RecordingNetwork extends NetworkBackend {
  submitted: NetworkInferenceRequest[];
  canceled: string[];
  completed: string[];
  /** Jobs that ended in failure on the network's side. */
  failed: string[];
  latencyMs: number;
  /** The next runs fail with this error (after `latencyMs`) until cleared. */
  failWith: NetworkError | null;
  /** The next runs never finish until aborted (a network that hangs). */
  hang: boolean;
  state: NetworkHealth['state'];
  output: string;
}

export function createRecordingNetwork(offers: NetworkOffer[], latencyMs = 20): RecordingNetwork {
  let seq = 0;
  const net: RecordingNetwork = {
    submitted: [],
    canceled: [],
    completed: [],
    failed: [],
    latencyMs,
    failWith: null,
    hang: false,
    state: 'ok',
    output: 'Hello from the GPU network.',
    health: () => ({ state: net.state, message: `network is ${net.state}`, network: 'test' }),
    offers: async () => offers,
    run(req, hooks) {
      net.submitted.push(req);
      const jobId = `job-${++seq}`;
      hooks.onJobCreated?.(jobId);
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          clearTimeout(timer);
          net.canceled.push(jobId);
          reject(new NetworkError('canceled', 'job canceled', undefined, jobId));
        };
        const timer = net.hang
          ? undefined
          : setTimeout(() => {
              hooks.signal.removeEventListener('abort', onAbort);
              if (net.failWith) {
                net.failed.push(jobId);
                return reject(new NetworkError(net.failWith.code, net.failWith.message, net.failWith.retryAfterMs, jobId));
              }
              net.completed.push(jobId);
              resolve({
                jobId,
                minerId: req.minerId ?? offers.find((o) => o.model === req.model)?.minerId ?? null,
                model: req.model,
                output: net.output,
                promptTokens: 12,
                evalTokens: 6,
                durationMs: net.latencyMs,
                costAit: '0.00018',
                receipt: { jobId },
              });
            }, net.latencyMs);
        if (hooks.signal.aborted) return onAbort();
        hooks.signal.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
  return net;
}
