import fs from 'node:fs';
import os from 'node:os';

/** One process as /proc/<pid>/stat describes it: parent, CPU ticks used so far, resident pages. */
export interface ProcStat {
  pid: number;
  ppid: number;
  ticks: number;
  rssPages: number;
}

/** Parses /proc/<pid>/stat (the command name in parentheses may itself contain spaces and parentheses). */
export function parseProcStat(text: string): ProcStat | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const pid = Number(text.slice(0, text.indexOf(' ')));
  // Fields after ")": state(3) ppid(4) … utime(14) stime(15) … rss(24), 1-based as in proc(5).
  const f = text.slice(close + 2).split(' ');
  const ppid = Number(f[1]);
  const utime = Number(f[11]);
  const stime = Number(f[12]);
  const rss = Number(f[21]);
  if (![pid, ppid, utime, stime, rss].every(Number.isFinite)) return null;
  return { pid, ppid, ticks: utime + stime, rssPages: rss };
}

/** The root and every descendant of it among `all`. */
export function descendants(all: readonly ProcStat[], root: number): ProcStat[] {
  const kids = new Map<number, ProcStat[]>();
  for (const p of all) kids.set(p.ppid, [...(kids.get(p.ppid) ?? []), p]);
  const out = all.filter((p) => p.pid === root);
  for (let i = 0; i < out.length; i++) out.push(...(kids.get(out[i]!.pid) ?? []));
  return out;
}

/** Every process on the machine (Linux /proc); empty elsewhere. */
export function readAllProcs(procDir = '/proc'): ProcStat[] {
  let names: string[];
  try {
    names = fs.readdirSync(procDir);
  } catch {
    return [];
  }
  const out: ProcStat[] = [];
  for (const n of names) {
    if (!/^\d+$/.test(n)) continue;
    try {
      const s = parseProcStat(fs.readFileSync(`${procDir}/${n}/stat`, 'utf8'));
      if (s) out.push(s);
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

export interface TreeUsage {
  pids: number[];
  cpuPercent: number;
  rssBytes: number;
  memPercent: number;
}

const TICKS_PER_S = 100; // USER_HZ on Linux
const PAGE = 4096;

/**
 * Samples a process tree's CPU (percent of the whole machine, from the tick delta since the last sample)
 * and resident memory. The first sample has no delta and reports 0 % CPU.
 */
export function createTreeSampler(opts: { read?: () => ProcStat[]; cores?: number; totalMem?: number } = {}) {
  const read = opts.read ?? (() => readAllProcs());
  const cores = opts.cores ?? os.cpus().length;
  const totalMem = opts.totalMem ?? os.totalmem();
  let last: { at: number; ticks: Map<number, number> } | null = null;
  return (root: number, now = Date.now()): TreeUsage => {
    const tree = descendants(read(), root);
    const ticks = new Map(tree.map((p) => [p.pid, p.ticks]));
    let used = 0;
    if (last && now > last.at) {
      // Only processes seen both times count: a new child's earlier ticks are not this interval's.
      for (const [pid, t] of ticks) used += Math.max(0, t - (last.ticks.get(pid) ?? t));
    }
    const cpuPercent = last && now > last.at ? (used / TICKS_PER_S / ((now - last.at) / 1000) / cores) * 100 : 0;
    last = { at: now, ticks };
    const rssBytes = tree.reduce((n, p) => n + p.rssPages * PAGE, 0);
    return { pids: tree.map((p) => p.pid), cpuPercent, rssBytes, memPercent: (rssBytes / totalMem) * 100 };
  };
}
