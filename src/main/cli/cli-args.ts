/** What every `clawgrid …` command shares: where it writes (tests capture it) and how it reads its options. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** Input the command cannot use: printed as `error: …` with the usage, exit status 2. */
export class UsageError extends Error {}

/** `--name value` / `--name=value` options (only `flags` allowed) and the positional arguments. */
export function parseArgs(args: string[], flags: string[]): { positional: string[]; opts: Map<string, string> } {
  const positional: string[] = [];
  const opts = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (!flags.includes(name)) throw new UsageError(`unknown option --${name}`);
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      opts.set(name, value);
    } else positional.push(a);
  }
  return { positional, opts };
}

/** Runs one command: a UsageError becomes `error: …` and the usage on stderr, exit status 2; anything else propagates. */
export async function withUsage(io: CliIo, usage: string, run: () => number | Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`error: ${e.message}`);
    io.err(usage);
    return 2;
  }
}
