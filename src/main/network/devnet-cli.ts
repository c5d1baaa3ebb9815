// `npm run devnet [-- --port N --miners K --data DIR --ollama URL --wire v025|c27c654]`: the embedded devnet coordinator and its
// miners as a standalone process (same code the app starts in-process when the network is "devnet"); it lives
// in network/ because it composes the devnet server, the reference miners and the Groth16 worker.
import { parseArgs } from 'node:util';
import { createLogger } from '../log/logger';
import { defaultDataDir } from '../settings/data-dir';
import { base64UrlEncode } from '../../shared/domain/receipt-payload';
import { DEVNET_WIRES, startDevnet } from '../devnet/port';
import { sharedZkEngine } from '../proofs/port';
import { defaultMinerSpecs, startDevnetMiners } from './devnet-miners';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '8203' }, miners: { type: 'string', default: '2' }, data: { type: 'string' }, ollama: { type: 'string', default: 'http://127.0.0.1:11434' }, wire: { type: 'string', default: 'v025' } },
  });
  const wire = DEVNET_WIRES.find((w) => w === values.wire);
  if (!wire) throw new Error(`--wire must be one of ${DEVNET_WIRES.join(', ')} (got ${values.wire})`);
  const log = createLogger();
  const dataDir = values.data ?? defaultDataDir(process.env);
  const zkEngine = sharedZkEngine();
  const devnet = await startDevnet({ dataDir, port: Number(values.port), env: process.env, zk: { engine: zkEngine }, wire });
  const { miners, simulated } = await startDevnetMiners({ coordinatorUrl: devnet.url, apiKey: devnet.config.MINER_API_KEYS[0] as string, ollamaUrl: values.ollama, specs: defaultMinerSpecs(Number(values.miners)), log });
  process.stdout.write(
    `AITBC devnet (play money, wire ${devnet.wire}: 1 AIT = ${devnet.unitsPerAit} units) at ${devnet.url}\n` +
      `  data: ${dataDir}/devnet  ·  receipt key_id: ${base64UrlEncode(devnet.receiptPublicKey)}\n` +
      `  miners: ${miners.length}${simulated ? ' (SIMULATED inference: no Ollama answered)' : ''}  ·  faucet: POST ${devnet.url}/rpc/faucet {"address":"0x…"}\n`,
  );
  const stop = async () => {
    await Promise.allSettled(miners.map((m) => m.stop()));
    await devnet.close();
    await zkEngine.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main().catch((err: unknown) => {
  process.stderr.write(`devnet: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
