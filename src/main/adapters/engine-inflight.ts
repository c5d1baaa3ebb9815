import type { Engine } from '../routing/port';

/**
 * Counts the person's own requests in flight through the provider that run on this machine (local or a race
 * with a local leg): from the call until its answer settles. Earn mode reads it to put the person's agents first.
 * Wraps the engine (as telemetry's capture does), so routing itself needs no change.
 */
export function createEngineInflight() {
  let inflight = 0;
  return {
    inflight: () => inflight,
    wrap(engine: Engine): Engine {
      return {
        hedgeDelayMs: () => engine.hedgeDelayMs(),
        async run(call, signal) {
          inflight++;
          let counted = true;
          const done = () => {
            if (counted) inflight--;
            counted = false;
          };
          try {
            const r = await engine.run(call, signal);
            if (r.decision.strategy === 'network' || r.decision.strategy === 'none') done();
            else void r.usage.finally(done);
            return r;
          } catch (err) {
            done();
            throw err;
          }
        },
      };
    },
  };
}
