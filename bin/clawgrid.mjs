#!/usr/bin/env node
// `node bin/clawgrid.mjs …` from a checkout right after `npm install` (no build): the command modules are
// TypeScript, loaded through tsx (a devDependency). Commands: receipt verify, proof verify (src/main/proofs/cli.ts),
// ledger export (src/main/wallet/ledger-cli.ts), payments list (src/main/network/payments-cli.ts).
// service install|uninstall|status|print (src/main/service/service-cli.ts).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  require('tsx/cjs');
  const argv = process.argv.slice(2);
  const io = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    write: (text) => process.stdout.write(text),
  };
  if (argv[0] === 'ledger') {
    const { runLedgerCli } = require(path.join(root, 'src', 'main', 'wallet', 'ledger-cli.ts'));
    process.exitCode = await runLedgerCli(argv, io);
    return;
  }
  if (argv[0] === 'payments') {
    const { runPaymentsCli } = require(path.join(root, 'src', 'main', 'network', 'payments-cli.ts'));
    process.exitCode = await runPaymentsCli(argv, io);
    return;
  }
  if (argv[0] === 'service') {
    const { runServiceCli } = require(path.join(root, 'src', 'main', 'service', 'service-cli.ts'));
    process.exitCode = runServiceCli(argv.slice(1), { out: io.write, err: io.err });
    return;
  }
  const { runProofsCli } = require(path.join(root, 'src', 'main', 'proofs', 'cli.ts'));
  process.exitCode = await runProofsCli(argv, io);
}

main().catch((err) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
