#!/usr/bin/env node
// `node bin/clawgrid.mjs …` from a checkout right after `npm install` (no build): the command modules are
// TypeScript, loaded through tsx (a devDependency). Commands: receipt verify, proof verify (src/main/proofs/cli.ts),
// service install|uninstall|status|print (src/main/service/service-cli.ts).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  require('tsx/cjs');
  const args = process.argv.slice(2);
  const err = (line) => process.stderr.write(`${line}\n`);
  if (args[0] === 'service') {
    const { runServiceCli } = require(path.join(root, 'src', 'main', 'service', 'service-cli.ts'));
    process.exitCode = runServiceCli(args.slice(1), { out: (text) => process.stdout.write(text), err });
    return;
  }
  const { runProofsCli } = require(path.join(root, 'src', 'main', 'proofs', 'cli.ts'));
  const code = await runProofsCli(args, { out: (line) => process.stdout.write(`${line}\n`), err });
  process.exitCode = code;
}

main().catch((err) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
