/**
 * A strict parser of Prometheus' text exposition format (version 0.0.4), for tests: it throws on anything a
 * Prometheus server would reject or that breaks the format's rules — a sample before its `# TYPE`, a bad
 * metric or label name, a bad escape, a duplicate series, a non-cumulative histogram.
 */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PromFamily {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: PromSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export function parsePromText(text: string): Map<string, PromFamily> {
  const families = new Map<string, PromFamily>();
  const seen = new Set<string>();
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('exposition must end with a newline');
  text.split('\n').forEach((line, i) => {
    const where = `line ${i + 1}: ${line}`;
    if (line === '') return;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) return; // a plain comment
      const [, kind, name, rest] = m as unknown as [string, string, string, string];
      if (!NAME.test(name)) throw new Error(`bad metric name, ${where}`);
      const fam = families.get(name) ?? { name, type: 'untyped' as const, help: '', samples: [] };
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`bad type, ${where}`);
        if (fam.samples.length) throw new Error(`TYPE after samples, ${where}`);
        fam.type = rest as PromFamily['type'];
      } else fam.help = rest;
      families.set(name, fam);
      return;
    }
    const s = parseSample(line, where);
    const fam = familyOf(families, s.name);
    if (!fam) throw new Error(`sample without a TYPE/HELP for its family, ${where}`);
    const key = `${s.name}{${Object.entries(s.labels).sort().map(([k, v]) => `${k}=${v}`).join(',')}}`;
    if (seen.has(key)) throw new Error(`duplicate series ${key}`);
    seen.add(key);
    fam.samples.push(s);
  });
  for (const f of families.values()) if (f.type === 'histogram') checkHistogram(f);
  return families;
}

/** The family a sample belongs to: its own name, or the histogram/summary it is a `_bucket`/`_sum`/`_count` of. */
function familyOf(families: Map<string, PromFamily>, name: string): PromFamily | undefined {
  const own = families.get(name);
  if (own) return own;
  const m = /^(.*)_(bucket|sum|count)$/.exec(name);
  const base = m && families.get(m[1]!);
  if (base && (base.type === 'histogram' || (base.type === 'summary' && m![2] !== 'bucket'))) return base;
  return undefined;
}

function parseSample(line: string, where: string): PromSample {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( -?\d+)?$/.exec(line);
  if (!m) throw new Error(`bad sample, ${where}`);
  return { name: m[1]!, labels: m[3] ? parseLabels(m[3], where) : {}, value: parseValue(m[4]!, where) };
}

function parseLabels(body: string, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < body.length) {
    const eq = body.indexOf('=', i);
    const name = body.slice(i, eq);
    if (eq < 0 || !LABEL.test(name) || body[eq + 1] !== '"') throw new Error(`bad label, ${where}`);
    if (name in out) throw new Error(`duplicate label ${name}, ${where}`);
    let v = '';
    let j = eq + 2;
    for (; j < body.length && body[j] !== '"'; j++) {
      if (body[j] !== '\\') {
        v += body[j];
        continue;
      }
      const esc = body[++j];
      if (esc === 'n') v += '\n';
      else if (esc === '\\' || esc === '"') v += esc;
      else throw new Error(`bad escape \\${esc}, ${where}`);
    }
    if (body[j] !== '"') throw new Error(`unterminated label value, ${where}`);
    out[name] = v;
    i = j + 1;
    if (body[i] === ',') i++;
    else if (i < body.length) throw new Error(`expected "," between labels, ${where}`);
  }
  return out;
}

function parseValue(v: string, where: string): number {
  if (v === '+Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  if (v === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) throw new Error(`bad value, ${where}`);
  return Number(v);
}

/** Per label set: buckets ascending in `le`, cumulative, ending in +Inf equal to `_count`; `_sum` present. */
function checkHistogram(f: PromFamily): void {
  const groups = new Map<string, { buckets: [number, number][]; count?: number; sum?: number }>();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const g = groups.get(key) ?? { buckets: [] };
    groups.set(key, g);
    if (s.name === `${f.name}_bucket`) {
      if (le === undefined) throw new Error(`${f.name}_bucket without le`);
      g.buckets.push([parseValue(le, `le="${le}"`), s.value]);
    } else if (s.name === `${f.name}_count`) g.count = s.value;
    else if (s.name === `${f.name}_sum`) g.sum = s.value;
    else throw new Error(`unexpected ${s.name} in histogram ${f.name}`);
  }
  for (const [key, g] of groups) {
    const last = g.buckets.at(-1);
    if (!last || last[0] !== Infinity) throw new Error(`${f.name}${key}: no +Inf bucket`);
    if (g.count !== last[1] || g.sum === undefined) throw new Error(`${f.name}${key}: _count/_sum missing or wrong`);
    for (let i = 1; i < g.buckets.length; i++) {
      if (g.buckets[i]![0] <= g.buckets[i - 1]![0] || g.buckets[i]![1] < g.buckets[i - 1]![1]) throw new Error(`${f.name}${key}: buckets not cumulative`);
    }
  }
}

/** Sum of one family's samples (by sample name) whose labels include `match`. */
export function sumOf(families: Map<string, PromFamily>, family: string, match: Record<string, string> = {}, sample = family): number {
  const f = families.get(family);
  if (!f) throw new Error(`no metric family ${family}`);
  return f.samples.filter((s) => s.name === sample && Object.entries(match).every(([k, v]) => s.labels[k] === v)).reduce((a, s) => a + s.value, 0);
}
