/**
 * A child process for the crash test (../money-crash.int.test.ts): ClawGrid's money path (money-client.ts) on a
 * data dir, bursting paid chat requests at a devnet, to be killed with SIGKILL mid-burst. Prints "J <requestId>
 * <jobId>" once a job exists on the coordinator and "D <requestId> <ok|code>" when a request ends (pipe writes are
 * synchronous on Linux: a printed line reaches the parent even if the process dies right after).
 * Usage: node --import tsx money-burst-child.ts <dataDir> <devnetUrl> <loginKey> <walletKey> <count> <limitAit>
 */
import type { Hex } from 'viem';
import { openMoneyClient } from './money-client';

async function main(): Promise<void> {
  const [dataDir, devnetUrl, loginKey, walletKey, count, limitAit] = process.argv.slice(2);
  if (!dataDir || !devnetUrl || !loginKey || !walletKey || !count || !limitAit) throw new Error('usage: money-burst-child <dataDir> <devnetUrl> <loginKey> <walletKey> <count> <limitAit>');
  const c = openMoneyClient({ dataDir, devnetUrl, loginKey: loginKey as Hex, walletKey: walletKey as Hex, limitAit });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say('START');
  await Promise.all(
    Array.from({ length: Number(count) }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * 60)); // a burst spread over ~2.4 s: the kill finds every phase
      const id = `crash-${i}`;
      const o = await c.request(id, new AbortController().signal, (job) => say(`J ${id} ${job}`));
      say(`D ${id} ${o.ok ? 'ok' : o.code}`);
    }),
  );
  await c.close();
  say('DONE');
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
