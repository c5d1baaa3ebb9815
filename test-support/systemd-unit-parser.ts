/**
 * A strict reader of systemd unit files (systemd.syntax(7)), for tests: sections, `Key=value` lines, comments,
 * backslash continuations; unknown sections, unknown directives of [Unit]/[Service]/[Install], a directive outside
 * a section or a malformed line are errors, not warnings. `words` splits a value as systemd does for ExecStart=
 * and Environment= (double/single quotes, C escapes) and resolves `%%`/`$$`; any other specifier is an error.
 */

// Directives systemd accepts in these sections (systemd.unit(5), systemd.service(5), systemd.exec(5), systemd.kill(5)),
// the subset a user service reasonably uses. Anything else is reported as unknown.
const KNOWN: Record<string, ReadonlySet<string>> = {
  Unit: new Set([
    'Description', 'Documentation', 'Wants', 'Requires', 'Requisite', 'BindsTo', 'PartOf', 'Upholds', 'Conflicts',
    'Before', 'After', 'OnFailure', 'OnSuccess', 'StartLimitIntervalSec', 'StartLimitBurst', 'StartLimitAction',
    'ConditionPathExists', 'ConditionFileIsExecutable', 'AssertPathExists', 'DefaultDependencies', 'StopWhenUnneeded',
  ]),
  Service: new Set([
    'Type', 'ExecStart', 'ExecStartPre', 'ExecStartPost', 'ExecStop', 'ExecStopPost', 'ExecReload', 'Restart',
    'RestartSec', 'RestartPreventExitStatus', 'SuccessExitStatus', 'TimeoutStartSec', 'TimeoutStopSec', 'TimeoutSec',
    'WatchdogSec', 'RemainAfterExit', 'PIDFile', 'NotifyAccess', 'KillSignal', 'KillMode', 'SendSIGKILL',
    'WorkingDirectory', 'Environment', 'EnvironmentFile', 'UnsetEnvironment', 'StandardInput', 'StandardOutput',
    'StandardError', 'SyslogIdentifier', 'SyslogFacility', 'SyslogLevel', 'LogLevelMax', 'UMask', 'Nice',
    'LimitNOFILE', 'MemoryMax', 'CPUQuota', 'NoNewPrivileges', 'PrivateTmp', 'ProtectSystem', 'ProtectHome',
  ]),
  Install: new Set(['WantedBy', 'RequiredBy', 'UpheldBy', 'Also', 'Alias', 'DefaultInstance']),
};

export interface UnitFile {
  /** section → directive → values in file order (a directive may repeat: Environment=). */
  sections: Map<string, Map<string, string[]>>;
}

export function parseUnitFile(text: string): UnitFile {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | null = null;
  let currentName = '';
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trim();
    const at = `line ${i + 1}`;
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[([^\]]+)\]$/.exec(line);
    if (section) {
      currentName = section[1]!;
      if (!KNOWN[currentName]) throw new Error(`${at}: unknown section [${currentName}]`);
      if (sections.has(currentName)) throw new Error(`${at}: section [${currentName}] appears twice`);
      current = new Map();
      sections.set(currentName, current);
      continue;
    }
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + ' ' + lines[++i]!.trim();
    const kv = /^([A-Za-z0-9_-]+)\s*=\s*(.*)$/.exec(line);
    if (!kv) throw new Error(`${at}: not a "Key=value" line: ${line}`);
    if (!current) throw new Error(`${at}: ${kv[1]} outside a section`);
    const [, key, value] = kv as unknown as [string, string, string];
    if (!KNOWN[currentName]!.has(key)) throw new Error(`${at}: unknown directive ${key} in [${currentName}]`);
    current.set(key, [...(current.get(key) ?? []), value]);
  }
  return { sections };
}

/** The single value of a directive; throws when it is missing or repeated. */
export function one(unit: UnitFile, section: string, key: string): string {
  const v = unit.sections.get(section)?.get(key) ?? [];
  if (v.length !== 1) throw new Error(`[${section}] ${key}: expected once, found ${v.length} times`);
  return v[0]!;
}

const C_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", s: ' ' };

/** Splits a value into words like systemd's extract_first_word(EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE). */
export function words(value: string, opts: { dollar?: boolean } = {}): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < value.length) {
    while (value[i] === ' ' || value[i] === '\t') i++;
    if (i >= value.length) break;
    let word = '';
    let quote: string | null = null;
    for (; i < value.length; i++) {
      const ch = value[i]!;
      if (ch === '\\') {
        const next = value[++i];
        if (next === undefined || !(next in C_ESCAPES)) throw new Error(`bad escape \\${next ?? ''} in ${value}`);
        word += C_ESCAPES[next];
      } else if (quote) {
        if (ch === quote) quote = null;
        else word += ch;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === ' ' || ch === '\t') break;
      else word += ch;
    }
    if (quote) throw new Error(`unterminated quote in ${value}`);
    out.push(unspecify(word, opts.dollar ?? false));
  }
  return out;
}

/** `%%` → `%` (and `$$` → `$` for ExecStart=); any other `%x` or a lone `$NAME` would be expanded by systemd. */
export function unspecify(s: string, dollar = false): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '%' || (dollar && ch === '$')) {
      if (s[i + 1] !== ch) throw new Error(`unescaped ${ch} (systemd would expand it) in ${s}`);
      i++;
    }
    out += ch;
  }
  return out;
}
