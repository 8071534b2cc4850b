// Environment probes: commands that only ask what the machine is (which/command -v/type, uname,
// wslinfo, sw_vers, lsb_release, os-release, `X --version`, id -u, getconf, hostname, ps,
// `echo $VAR`, pkg-config, brew --prefix), as servers and their install scripts run them to find
// their dependencies. Pure.
// Why they are info: a probe shell runs nothing the script does not name, and whatever the named
// programs do (connect, write, start more processes) is judged by the other rules anyway.
// Limits: a probe runs programs by name through PATH, which the package sets; `X --version` runs
// X, which may be the package's own program. Both are judged by what they then do, not here.
// PowerShell (`powershell.exe -Command Get-…`) is never a probe: its argument is code.
import { dequote, isSystemProgram, SHELLS, type ShellCommand } from './shell-words.js';

const INTERPRETERS = new Set([
  'node',
  'nodejs',
  'python',
  'python2',
  'python3',
  'perl',
  'ruby',
  'php',
  'deno',
  'bun',
  'lua',
  'pwsh',
  'powershell',
  'powershell.exe',
  'osascript',
]);

/** The version flags that make these programs print a version and exit (ruby -v, python -v,
 * lua -v and sh -v go on to read code from stdin). */
const VERSION_FLAGS: Record<string, readonly string[]> = {
  node: ['-v', '--version'],
  nodejs: ['-v', '--version'],
  bun: ['-v', '--version'],
  deno: ['-V', '--version'],
  python: ['-V', '--version'],
  python2: ['-V', '--version'],
  python3: ['-V', '--version'],
  perl: ['-v', '--version'],
  php: ['-v', '--version'],
};
const GENERIC_VERSION = new Set(['--version', '-v', '-V', 'version', '-version']);

const OS_FILES = new Set([
  '/etc/os-release',
  '/usr/lib/os-release',
  '/etc/lsb-release',
  '/etc/debian_version',
  '/etc/redhat-release',
  '/etc/alpine-release',
  '/proc/version',
  '/proc/sys/kernel/osrelease',
  '/proc/cpuinfo',
  '/proc/meminfo',
  // node-machine-id (a common telemetry dependency) reads these for a device id
  '/var/lib/dbus/machine-id',
  '/etc/machine-id',
]);

const FLAGS = (args: readonly string[]) => args.every((a) => /^-[\w-]*$/.test(a));
const NAMES = (args: readonly string[]) => args.every((a) => /^[\w.+@/-]+$/.test(a));
const VARIABLE = /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/;

/** Whether `prog args` is a version query: exactly one argument, a version flag. */
export function isVersionQuery(prog: string, progWord: string, args: readonly string[]): boolean {
  if (args.length !== 1 || !isSystemProgram(progWord)) return false;
  const flag = args[0] ?? '';
  if (Object.hasOwn(VERSION_FLAGS, prog)) return VERSION_FLAGS[prog]?.includes(flag) ?? false;
  if (SHELLS.has(prog) || INTERPRETERS.has(prog)) return flag === '--version';
  return GENERIC_VERSION.has(flag);
}

/** Probes by program: whether these arguments keep it a question. */
const PROBES: Record<string, (args: readonly string[]) => boolean> = {
  which: (a) => a.length > 0 && NAMES(a),
  whereis: (a) => a.length > 0 && NAMES(a),
  where: (a) => a.length > 0 && NAMES(a),
  type: (a) => a.length > 0 && NAMES(a),
  command: (a) => /^-[vV]$/.test(a[0] ?? '') && a.length > 1 && NAMES(a.slice(1)),
  uname: FLAGS,
  arch: (a) => a.length === 0,
  nproc: FLAGS,
  whoami: (a) => a.length === 0,
  id: (a) => a.length > 0 && a.every((x) => /^-[ugGnr]+$/.test(x)),
  hostname: (a) => a.every((x) => /^-[sfiIdA]$/.test(x)),
  getconf: (a) => a.length > 0 && a.every((x) => /^[A-Z_][A-Z0-9_]*$/.test(x)),
  locale: FLAGS,
  pwd: FLAGS,
  tty: FLAGS,
  ps: (a) => a.every((x) => /^-?[\w=,%]+$/.test(x)),
  wslinfo: FLAGS,
  sw_vers: FLAGS,
  lsb_release: FLAGS,
  sysctl: (a) => a[0] === '-n' && a.length > 1 && a.slice(1).every((x) => /^[\w.]+$/.test(x)),
  cat: (a) => a.length > 0 && a.every((x) => OS_FILES.has(x)),
  // grep -qi microsoft /proc/version: the usual WSL check
  grep: (a) => {
    const flags = a.filter((x) => x.startsWith('-'));
    const words = a.filter((x) => !x.startsWith('-'));
    if (!flags.every((x) => /^-[qiEFwvcxsl]+$/.test(x))) return false;
    return words.length >= 2 && words.slice(1).every((x) => OS_FILES.has(x));
  },
  printenv: (a) => a.length > 0 && a.every((x) => /^[A-Z_][A-Z0-9_]*$/.test(x)),
  echo: (a) => a.length > 0 && a.every((x) => VARIABLE.test(x)),
  test: (a) => a.length === 2 && /^-[edfxrwsLnz]$/.test(a[0] ?? '') && NAMES(a.slice(1)),
  '[': (a) => a.length === 3 && /^-[edfxrwsLnz]$/.test(a[0] ?? '') && a[2] === ']',
  git: (a) => a[0] === 'rev-parse' || (a[0] === 'config' && a[1] === '--get' && a.length === 3),
  // an update check asks npm where its registry is (chrome-devtools-mcp)
  npm: (a) =>
    (a[0] === 'config' && a[1] === 'get' && a.length === 3 && /^[\w.:/@-]+$/.test(a[2] ?? '')) ||
    ((a[0] === 'root' || a[0] === 'prefix') && a.slice(1).every((x) => x === '-g')),
  // how native modules (sharp, canvas) find their libraries at install time
  'pkg-config': (a) => a.length > 0 && a.every((x) => /^(--[\w-]+(=[\w.+-]*)?|[\w.+-]+)$/.test(x)),
  brew: (a) =>
    /^(--prefix|--cellar|--repository|--version|config|environment)$/.test(a[0] ?? '') &&
    a.slice(1).every((x) => /^(--?[\w-]+|[\w.+@-]+)$/.test(x)),
  true: (a) => a.length === 0,
  false: (a) => a.length === 0,
  ':': (a) => a.length === 0,
};
/** Filters a probe's output may be piped through. */
const FILTERS = new Set(['head', 'tail', 'grep', 'cut', 'tr', 'wc', 'sort', 'uniq']);
/** What may follow `&&` or `||` to report a probe's answer (`… && echo yes || echo no`). */
const FALLBACKS: Record<string, (args: readonly string[]) => boolean> = {
  echo: (a) => a.every((x) => /^[\w.:,/+-]*$/.test(x) || VARIABLE.test(x)),
  exit: (a) => a.length <= 1 && a.every((x) => /^\d+$/.test(x)),
};

/** Whether one simple command is a probe, given what came before it. */
export function isProbeCommand(c: ShellCommand): boolean {
  if (c.assignments.length > 0 || c.wrappers.length > 0) return false;
  if (c.redirects.some((r) => r.target !== '/dev/null')) return false;
  if (!['', ';', '&&', '||', '|', '\n', '('].includes(c.sep)) return false;
  if (c.progWord !== '[' && c.progWord !== ':' && !isSystemProgram(c.progWord)) return false;
  if (c.sep === '|' && FILTERS.has(c.prog)) return true;
  const branch = c.sep === '||' || c.sep === '&&';
  if (branch && Object.hasOwn(FALLBACKS, c.prog) && FALLBACKS[c.prog]?.(c.args) === true)
    return true;
  if (isVersionQuery(c.prog, c.progWord, c.args)) return true;
  return Object.hasOwn(PROBES, c.prog) && (PROBES[c.prog]?.(c.args) ?? false);
}

/**
 * Whether every command of the script is a probe (raw text: no substitution, no brace group, no
 * here-document; a plain `( … )` subshell of probes is still probes).
 */
export function isProbeScript(script: string, commands: readonly ShellCommand[]): boolean {
  const raw = script.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*\}/g, '$x');
  if (/[`{}]|\$\(|<</.test(raw) || raw.length === 0) return false;
  if (/(^|[^&])&([^&]|$)/.test(dequote(script))) return false; // background
  return commands.length > 0 && commands.every(isProbeCommand);
}
