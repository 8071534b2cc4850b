// Reads a shell script the way the process rules need it: split into simple commands, each with
// the separator before it, its program, arguments and redirections. Pure, bounded, never runs
// anything. It is not a shell parser: quotes and backslashes are dropped (so `c''url` and
// `"curl"` read as curl), `$(`, backticks, parentheses and braces split commands (so what a
// substitution runs is a command of its own), and `2>/dev/null` and `2>&1` are set aside.
// Dropping quotes can only split a command in more places than the shell would, which makes a
// script look less like a probe and more like what it runs, never the other way round.

export const SHELLS = new Set([
  'sh',
  'bash',
  'dash',
  'zsh',
  'ksh',
  'mksh',
  'fish',
  'csh',
  'tcsh',
  'ash',
  'busybox',
]);

/** Most of a script that is read; the rest is ignored (the caller marks such scripts). */
export const MAX_SCRIPT = 8192;

export interface Redirect {
  op: '<' | '>';
  target: string;
}

export interface ShellCommand {
  /** What came before it: '', ';', '&&', '||', '|', '&', a newline, '(', '$(', '`', … */
  sep: string;
  /** `X=1` words before the program. */
  assignments: string[];
  /** Wrappers in front of the program (sudo, env, nohup, exec, timeout, xargs, if, do, …). */
  wrappers: string[];
  /** Basename of the program, lower case ('' when there is none). */
  prog: string;
  /** The program word as written. */
  progWord: string;
  args: string[];
  redirects: Redirect[];
  /** A here-document or here-string (`<<EOF`, `<<<`) feeds it. */
  heredoc: boolean;
}

/** Programs whose job is talking to the network (proc/network-tool; a fetch inside a script). */
export const NET_TOOLS: ReadonlySet<string> = new Set([
  'curl',
  'wget',
  'nc',
  'ncat',
  'netcat',
  'socat',
  'ssh',
  'scp',
  'sftp',
  'telnet',
  'ftp',
  'tftp',
  'lftp',
  'dig',
  'nslookup',
  'drill',
  'host',
  'nmap',
  'rsync',
  'openssl',
  'aria2c',
  'axel',
  'httpie',
  'http',
]);

/** Directories a package in the sandbox cannot write (the root file system is read-only). */
const SYSTEM_DIRS = /^\/(?:usr\/(?:local\/)?)?s?bin\/[^/]+$/;

/** A program word that is a bare name (found through PATH) or a file in a system directory. */
export function isSystemProgram(word: string): boolean {
  return /^[A-Za-z0-9][\w.+-]*$/.test(word) || SYSTEM_DIRS.test(word);
}

export function basename(word: string): string {
  return (word.split('/').pop() ?? '').toLowerCase();
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
/**
 * Wrappers that run a later word as the program: how many plain arguments they take before it,
 * and which of their options take a value (`sudo -u root`, `nice -n 5`, `timeout -s KILL 5`).
 */
const WRAPPERS: Record<string, [number, RegExp?]> = {
  sudo: [0, /^-[ugCDhprtU]$/],
  doas: [0, /^-[uC]$/],
  env: [0, /^-[uCS]$/],
  nohup: [0],
  exec: [0, /^-a$/],
  builtin: [0],
  time: [0, /^-[fo]$/],
  nice: [0, /^-n$/],
  timeout: [1, /^-[sk]$/],
  stdbuf: [0, /^-[ioe]$/],
  setsid: [0],
  xargs: [0, /^-[IiLlnPdEsa]$/],
  busybox: [0],
  if: [0],
  then: [0],
  else: [0],
  elif: [0],
  do: [0],
  while: [0],
  until: [0],
  '!': [0],
};

/** Script text without quotes and backslashes, fd duplications and `&>` spelled as `>`,
 * `${NAME}` as `$NAME`. */
export function dequote(script: string): string {
  return script
    .slice(0, MAX_SCRIPT)
    .replace(/\\\r?\n/g, '')
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, '$$$1')
    .replace(/["'\\]/g, '')
    .replace(/\d*[<>]&(?:\d+|-)/g, ' ')
    .replace(/&>>?|>&|>\|/g, ' > ');
}

const SEPARATOR = /(\|\||&&|;;|\$\(|[;|&\n\r(){}`])/;

/** The simple commands of a script, in order. */
export function splitCommands(script: string): ShellCommand[] {
  const parts = dequote(script).split(SEPARATOR);
  const out: ShellCommand[] = [];
  let sep = '';
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] ?? '';
    if (i % 2 === 1) {
      sep = part === '\r' ? '\n' : part;
      continue;
    }
    const cmd = readCommand(part, sep);
    if (cmd) out.push(cmd);
    sep = '';
  }
  return out;
}

/** One simple command: redirections set aside, then assignments, wrappers, program, arguments. */
function readCommand(text: string, sep: string): ShellCommand | undefined {
  const words = text
    .replace(/(\d*)(>>|[<>])/g, ' $2 ')
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return undefined;
  const redirects: Redirect[] = [];
  const rest: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const w = words[i] ?? '';
    if (w === '<' || w === '>' || w === '>>') {
      const target = words[i + 1] ?? '';
      if (target !== '<' && target !== '>' && target !== '>>') i += 1;
      redirects.push({ op: w === '<' ? '<' : '>', target: target.replace(/^[<>]+$/, '') });
    } else rest.push(w);
  }
  const assignments: string[] = [];
  const wrappers: string[] = [];
  let i = 0;
  for (; i < rest.length; i += 1) {
    const w = rest[i] ?? '';
    const name = basename(w);
    if (ASSIGNMENT.test(w)) assignments.push(w);
    else if (name === 'command' && !/^-[vV]$/.test(rest[i + 1] ?? '')) wrappers.push(name);
    else if (Object.hasOwn(WRAPPERS, name)) {
      wrappers.push(name);
      const [plain = 0, withValue] = WRAPPERS[name] ?? [];
      while ((rest[i + 1] ?? '').startsWith('-')) {
        i += withValue?.test(rest[i + 1] ?? '') === true ? 2 : 1;
      }
      i += plain;
    } else break;
  }
  const progWord = rest[i] ?? '';
  return {
    sep,
    assignments,
    wrappers,
    prog: basename(progWord),
    progWord,
    args: rest.slice(i + 1),
    redirects,
    heredoc: text.includes('<<'),
  };
}
