// Process rules over the traced process tree: shells, network tools, interpreters run with
// inline code, and any other process (info). npm's own processes and the shell npm uses to run
// a lifecycle script are the installer's, not the package's, and are not judged.
// Limits are in catalog.ts.
import type { Finding, ProcessObservation } from '../domain/types.js';
import { RULES } from './catalog.js';
import { FindingSet } from './finding-set.js';

const SHELLS = new Set([
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
const NET_TOOLS = new Set([
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
  'dig',
  'nslookup',
  'host',
  'nmap',
  'rsync',
  'openssl',
  'aria2c',
  'httpie',
  'http',
]);
const INLINE: Record<string, RegExp> = {
  node: /\s(-e|--eval|-p|--print)(\s|=|$)/,
  nodejs: /\s(-e|--eval|-p|--print)(\s|=|$)/,
  python: /\s-c(\s|$)/,
  python3: /\s-c(\s|$)/,
  perl: /\s-[eE](\s|$)/,
  ruby: /\s-e(\s|$)/,
  php: /\s-r(\s|$)/,
  deno: /\seval(\s|$)/,
  bun: /\s(-e|--eval)(\s|$)/,
  pwsh: /\s-(c|command)(\s|$)/i,
};

/** Program name from a command line (basename of the first word). */
export function programOf(cmdline: string): string {
  const first = cmdline.trim().split(/\s+/)[0] ?? '';
  return (first.split('/').pop() ?? '').toLowerCase();
}

/** An inline-code flag among the interpreter's own options (before its script argument). */
function hasInlineCode(prog: string, cmdline: string): boolean {
  const re = INLINE[prog];
  if (!re) return false;
  for (const arg of cmdline.trim().split(/\s+/).slice(1)) {
    if (re.test(` ${arg}`)) return true;
    if (!arg.startsWith('-')) return false;
  }
  return false;
}

/** npm's own process: the npm CLI run by node (by its script path), or `npm` itself. */
function isNpm(cmdline: string): boolean {
  const words = cmdline.trim().split(/\s+/);
  const script =
    programOf(words[0] ?? '') === 'node'
      ? words[1]
      : programOf(words[0] ?? '') === 'env'
        ? words[2]
        : words[0];
  return /(^|\/)(npm|npm-cli\.js)$/.test(script ?? '');
}

/** npm itself, or the shell npm starts to run a lifecycle script. */
function isInstaller(p: ProcessObservation, all: readonly ProcessObservation[]): boolean {
  if (p.root !== 'install') return false;
  if (isNpm(p.cmdline)) return true;
  // The install command's only direct child is npm; seen before its command line could be read
  // (a busy host), it shows as a bare `node`.
  if (p.depth <= 1 && /^(node|npm)$/.test(p.cmdline.trim())) return true;
  const parent = all.find((q) => q.pid === p.ppid && q.t <= p.t);
  const parentIsNpm = parent ? isNpm(parent.cmdline) : p.depth <= 2;
  return SHELLS.has(programOf(p.cmdline)) && parentIsNpm;
}

export function procFindings(processes: readonly ProcessObservation[]): Finding[] {
  const out = new FindingSet();
  for (const p of processes) {
    if (isInstaller(p, processes)) continue;
    const prog = programOf(p.cmdline);
    const ev = { cmdline: p.cmdline.slice(0, 2000), payloadExcerpt: p.cmdline.slice(0, 2000) };
    const who = p.root === 'install' ? 'An install script' : 'The server';
    if (SHELLS.has(prog))
      out.add(RULES.shell, `${who} started a shell: ${p.cmdline.slice(0, 160)}`, p, ev, p.cmdline);
    else if (NET_TOOLS.has(prog))
      out.add(
        RULES.networkTool,
        `${who} ran ${prog}: ${p.cmdline.slice(0, 160)}`,
        p,
        ev,
        p.cmdline,
      );
    else if (hasInlineCode(prog, p.cmdline)) {
      out.add(
        RULES.inlineCode,
        `${who} ran ${prog} with inline code: ${p.cmdline.slice(0, 160)}`,
        p,
        ev,
        p.cmdline,
      );
    } else out.add(RULES.spawn, `${who} started ${prog || 'a process'}`, p, ev, p.cmdline);
  }
  return out.list();
}
