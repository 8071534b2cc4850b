// Process rules over the traced process tree: shells, network tools, interpreters run with
// inline code, and any other process (info). npm's own process and the shell npm uses to run a
// lifecycle script are the installer's, not the package's, and are not judged: recognised by
// their place in the tree under our install command, never by a name the package can copy.
// A shell is judged by its script and by who started it (shell-script.ts, declared-acts.ts):
//   - dangerous script (fetch, decode, start-up file, chmod +x, eval, pipe into a shell): high,
//     whoever started it, even a tool that declares running commands and even when the call's
//     arguments carry the script (schema enums, defaults and examples, which the package writes,
//     feed our arguments, and our own inputs never fetch or decode);
//   - pure environment probe (which, uname, wslinfo, X --version, …): info, from anywhere, if the
//     shell started nothing its script does not name and was not started with env assignments;
//   - anything else during a call to a tool whose name, title or description says it runs
//     commands (or, for a shell that only hands a URL to the browser, that it opens URLs or a
//     browser): low, the declaration quoted; from any other tool, at start-up or install: high.
// A network tool or inline code stays high even from a tool that declares running commands:
// our inputs never ask for one. A version query (`curl --version`, `openssl version`) is spawn.
// Limits are in catalog.ts.
import type { CallRecord, Finding, ProcessObservation, ToolDefinition } from '../domain/types.js';
import { RULES } from './catalog.js';
import { declaration, type Act, type Declaration } from './declared-acts.js';
import { FindingSet } from './finding-set.js';
import { parseShellCall } from './shell-call.js';
import { isVersionQuery } from './shell-probe.js';
import { classifyShell, type ScriptClass } from './shell-script.js';
import { NET_TOOLS, SHELLS } from './shell-words.js';
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

/**
 * A probe shell stays a probe only if every process it became or started runs a program its
 * script names (directly, or as a system script such as `/bin/sh /usr/bin/which brew`), and no
 * earlier image of the same process set variables for it (`env BASH_ENV=… sh -c which x`).
 */
function probeHolds(
  p: ProcessObservation,
  programs: readonly string[],
  related: ReadonlyMap<number, readonly ProcessObservation[]>,
): boolean {
  for (const q of related.get(p.pid) ?? []) {
    if (q === p) continue;
    if (q.pid === p.pid && q.t <= p.t && /(^|\s)[A-Za-z_][A-Za-z0-9_]*=/.test(q.cmdline))
      return false;
    const after = q.ppid === p.pid || (q.pid === p.pid && q.ppid === p.ppid);
    if (!after || q.t < p.t) continue;
    const prog = programOf(q.cmdline);
    if (programs.includes(prog) || isImageOf(q.cmdline, programs)) continue;
    const call = SHELLS.has(prog) ? parseShellCall(q.cmdline) : undefined;
    const ran = call?.file !== undefined && call.script !== undefined ? programOf(call.script) : '';
    if (!programs.includes(ran)) return false;
  }
  return true;
}

/** Interpreters a system program may be a script of (npm is `node …/npm-cli.js`). */
const SCRIPT_HOSTS = /^(?:node|nodejs|python[\d.]*|perl|ruby|env)$/;

/**
 * Whether a process is what running a named program looks like once exec'd: a versioned binary
 * (`python3` runs `python3.11`), or an interpreter running a script of that name from the
 * read-only system folders (`npm` runs `node /usr/local/lib/node_modules/npm/bin/npm-cli.js`).
 * A script the package ships is never one: it cannot write under /usr.
 */
function isImageOf(cmdline: string, programs: readonly string[]): boolean {
  const [first = '', ...rest] = cmdline.trim().split(/\s+/);
  const prog = programOf(first);
  if (
    programs.some((n) =>
      new RegExp(`^${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\d.]+$`).test(prog),
    )
  )
    return true;
  if (!SCRIPT_HOSTS.test(prog)) return false;
  const script = rest.find((a) => !a.startsWith('-') && !/^(?:node|nodejs|python[\d.]*)$/.test(a));
  if (!script?.startsWith('/usr/')) return false;
  const name = (script.split('/').pop() ?? '').replace(/\.[cm]?js$|\.py$/, '').replace(/-cli$/, '');
  return programs.includes(name.toLowerCase());
}

/** Processes by pid and by parent pid: the images and children of each process. */
function relatives(processes: readonly ProcessObservation[]): Map<number, ProcessObservation[]> {
  const out = new Map<number, ProcessObservation[]>();
  const add = (k: number, q: ProcessObservation) => {
    const list = out.get(k);
    if (list) list.push(q);
    else out.set(k, [q]);
  };
  for (const q of processes) {
    add(q.pid, q);
    if (q.ppid !== q.pid) add(q.ppid, q);
  }
  return out;
}

/** Who declares what, from the tool definitions (a name listed twice must declare twice). */
function declarationsOf(
  tools: readonly ToolDefinition[],
  act: Act,
): Map<string, Declaration | undefined> {
  const out = new Map<string, Declaration | undefined>();
  for (const t of tools) {
    const d = declaration(t, act);
    out.set(t.name, out.has(t.name) ? out.get(t.name) && d : d);
  }
  return out;
}

/** String arguments of each call (for the title: did the shell run what it was given?). */
function argumentStrings(calls: readonly CallRecord[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of calls) {
    const args = c.arguments;
    const values =
      args && typeof args === 'object' ? Object.values(args as Record<string, unknown>) : [];
    out.set(
      c.id,
      values.filter((v): v is string => typeof v === 'string' && v.trim().length >= 2),
    );
  }
  return out;
}

export function procFindings(
  processes: readonly ProcessObservation[],
  tools: readonly ToolDefinition[] = [],
  calls: readonly CallRecord[] = [],
): Finding[] {
  const out = new FindingSet();
  const runs = declarationsOf(tools, 'run-commands');
  const opens = declarationsOf(tools, 'open-urls');
  const argStrings = argumentStrings(calls);
  const related = relatives(processes);
  for (const p of processes) {
    if (isInstaller(p)) continue;
    const prog = programOf(p.cmdline);
    const line = p.cmdline.slice(0, 160);
    const ev = { cmdline: p.cmdline.slice(0, 2000), payloadExcerpt: p.cmdline.slice(0, 2000) };
    const who = p.root === 'install' ? 'An install script' : 'The server';
    const words = p.cmdline.trim().split(/\s+/);
    if (SHELLS.has(prog)) {
      let cls: ScriptClass = classifyShell(p.cmdline);
      if (cls.kind === 'probe' && !probeHolds(p, cls.programs, related)) cls = { kind: 'other' };
      const tool = p.tool;
      const decl = tool
        ? (runs.get(tool) ?? (cls.kind === 'opener' ? opens.get(tool) : undefined))
        : undefined;
      if (cls.kind === 'dangerous')
        out.add(
          RULES.shell,
          `${who} started a shell that ${cls.why.slice(0, 80)}: ${line}`,
          p,
          ev,
          p.cmdline,
        );
      else if (cls.kind === 'probe')
        out.add(RULES.envProbe, `${who} probed its environment: ${line}`, p, ev, p.cmdline);
      else if (decl && tool) {
        const script = parseShellCall(p.cmdline)?.script ?? '';
        const given = (p.callId ? argStrings.get(p.callId) : undefined)?.some((a) =>
          script.includes(a.trim()),
        );
        const what =
          cls.kind === 'opener'
            ? 'a shell to open a URL'
            : given
              ? 'the command it was given'
              : 'a shell';
        out.add(
          RULES.shellDeclared,
          `${tool.slice(0, 64)} ran ${what}, as its ${decl.source} declares ("${decl.quote}"): ${line}`,
          p,
          ev,
          p.cmdline,
        );
      } else out.add(RULES.shell, `${who} started a shell: ${line}`, p, ev, p.cmdline);
    } else if (isVersionQuery(prog, words[0] ?? '', words.slice(1)))
      out.add(RULES.spawn, `${who} started ${prog}`, p, ev, p.cmdline);
    else if (NET_TOOLS.has(prog))
      out.add(RULES.networkTool, `${who} ran ${prog}: ${line}`, p, ev, p.cmdline);
    else if (hasInlineCode(prog, p.cmdline)) {
      out.add(RULES.inlineCode, `${who} ran ${prog} with inline code: ${line}`, p, ev, p.cmdline);
    } else out.add(RULES.spawn, `${who} started ${prog || 'a process'}`, p, ev, p.cmdline);
  }
  return out.list();
}
