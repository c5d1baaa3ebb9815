import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Three projects so `npm test` can run them as separate, clearly labelled stages.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [react()],
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}', 'bin/**/*.test.ts', 'test-support/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
          environment: 'node',
          // Not a speed assertion: a jsdom page test or a Groth16 prove takes 2–8 s when both cores are busy
          // (measured at load 12); 5 s made them time out at random. Benchmarks measure speed (bench/).
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'int',
          include: ['src/**/*.int.test.ts', 'test-support/**/*.int.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
          // expect.poll waits for an event (a batched meter flush every 250 ms, a job settling), not for a speed:
          // its 1 s default ran out at load 17 on two cores. The test timeout still bounds a wait that never ends.
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.spec.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          expect: { poll: { timeout: 15_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
