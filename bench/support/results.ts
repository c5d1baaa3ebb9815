import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Writes bench/results/<name>.json with the machine it ran on, so numbers are comparable over time. */
export function writeResult(name: string, data: Record<string, unknown>): string {
  const dir = path.resolve(import.meta.dirname, '..', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  const machine = { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '' };
  fs.writeFileSync(file, JSON.stringify({ ...data, machine, date: new Date().toISOString() }, null, 2) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
  return file;
}
