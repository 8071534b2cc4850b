// Process rules over the traced process tree: shells, network tools, interpreters run with
// inline code, and any other process (info). npm's own process and the shell npm uses to run a
// lifecycle script are the installer's, not the package's, and are not judged: recognised by
// their place in the tree under our install command, never by a name the package can copy.
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

/**
 * The installer's own processes, by position in the tree, never by name: the install command
 * (depth 0, `timeout` running the image's npm by its absolute path) has exactly one child, npm
 * itself (depth 1); npm starts each lifecycle script as `sh -c <script>` (depth 2). Those are not
 * judged. Everything deeper is the package's. A package that ships its own `npm-cli.js`, a bin
 * named `npm`, or runs anything under a name like npm's is judged like any other process.
 */
function isInstaller(p: ProcessObservation): boolean {
  if (p.root !== 'install') return false;
  if (p.depth === 1) return true;
  return p.depth === 2 && SHELLS.has(programOf(p.cmdline)) && /\s-c(\s|$)/.test(` ${p.cmdline}`);
}

export function procFindings(processes: readonly ProcessObservation[]): Finding[] {
  const out = new FindingSet();
  for (const p of processes) {
    if (isInstaller(p)) continue;
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
