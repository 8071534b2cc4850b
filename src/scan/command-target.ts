// Maps one configured command line to what mcp-airlock can analyse: `npx [opts] <spec> [args]`
// (and `npm exec`) to an npm spec, `node [opts] <file> [args]` to the package folder that holds
// the file, anything else to "not examined" with a one-line reason. Pure except for the path
// probe passed in; no file is read.
//
// Limits: a folder entry is analysed by starting the package's own entry (bin or main), which
// may not be the file the configuration runs (entryFile says which it was); npx's `-p <spec>
// <bin>` form likewise runs the package's entry, not necessarily that bin. Options of npx and
// node that change what runs (`-c`, `--registry`, `-e`) make the entry not examined; other
// options are dropped with a note. Shell wrappers other than Windows `cmd /c` are not unwrapped.
import { dirname, isAbsolute, join, normalize, relative } from 'node:path';
import type { PathProbe } from '../plan/target-spec.js';
import { isNpmSpec } from '../plan/target-spec.js';
import { bound, CONFIG_LIMITS } from './scan-entry.js';

export interface CommandContext {
  /** Folder relative paths resolve against: the entry's cwd, or the workspace folder. */
  baseDir: string;
  /** What `${workspaceFolder}` stands for. */
  workspaceDir: string;
  probe: PathProbe;
  /** When set, a package folder outside this folder is not examined. */
  within?: string;
}

export type CommandTarget =
  | { kind: 'npm'; target: string; serverArgs: string[]; notes: string[] }
  | { kind: 'folder'; target: string; entryFile: string; serverArgs: string[]; notes: string[] }
  | { kind: 'not-examined'; reason: string; notes: string[] };

/** A program named by a bare name or a path, Windows suffix dropped: `C:\…\npx.cmd` -> `npx`. */
const WORKSPACE_VAR = /\$\{(workspaceFolder|workspaceRoot)\}/g;
/** A path that starts at the workspace folder (not at the entry's cwd). */
const WORKSPACE_ANCHOR = /^\$\{(workspaceFolder|workspaceRoot)\}/;

/** Fill `${workspaceFolder}` in a path; one starting with it is relative to the workspace only. */
export function fillWorkspace(path: string, workspaceDir: string, baseDir: string): string {
  const filled = path.replace(WORKSPACE_VAR, () => workspaceDir);
  return isAbsolute(filled) || WORKSPACE_ANCHOR.test(path)
    ? normalize(filled)
    : join(baseDir, filled);
}

export function programName(command: string): string {
  const base = command.split(/[\\/]/).pop() ?? command;
  return base.toLowerCase().replace(/\.(cmd|exe|bat|ps1)$/, '');
}

/** `command` shown in a reason: bounded, in backticks. */
function shownCommand(s: string): string {
  return `\`${bound(s, 80)}\``;
}

/** Programs we know and do not analyse yet (a Map: program names come from the config). */
const NOT_ANALYSED = new Map<string, string>([
  ['uvx', 'uvx (Python) servers are not analysed yet'],
  ['uv', 'uv (Python) servers are not analysed yet'],
  ['pipx', 'pipx (Python) servers are not analysed yet'],
  ['docker', 'docker entries are not analysed yet'],
  ['podman', 'podman (container) entries are not analysed yet'],
  ['deno', 'Deno servers are not analysed yet'],
  ['bun', 'Bun servers are not analysed yet'],
  ['bunx', 'bunx (Bun) servers are not analysed yet'],
]);

function notExamined(reason: string, notes: string[] = []): CommandTarget {
  return { kind: 'not-examined', reason, notes };
}

/** Classify a command line (after any `cmd /c` wrapper) into an analysable target. */
export function classifyCommand(
  command: string,
  args: readonly string[],
  ctx: CommandContext,
): CommandTarget {
  const notes: string[] = [];
  let program = programName(command);
  let rest = [...args];
  if (program === 'cmd' && /^\/c$/i.test(rest[0] ?? '') && rest[1] !== undefined) {
    notes.push('Windows `cmd /c` wrapper unwrapped');
    program = programName(rest[1]);
    rest = rest.slice(2);
  }
  const known = NOT_ANALYSED.get(program);
  if (known !== undefined) return notExamined(known, notes);
  if (/^(python|py)([0-9.]*)$/.test(program))
    return notExamined(
      `Python servers are not analysed yet (command ${shownCommand(program)})`,
      notes,
    );
  if (program === 'npx') return withNotes(classifyNpx(rest), notes);
  if (program === 'npm' && (rest[0] === 'exec' || rest[0] === 'x'))
    return withNotes(classifyNpx(rest.slice(1)), notes);
  if (program === 'node' || program === 'nodejs') return withNotes(classifyNode(rest, ctx), notes);
  return notExamined(`command ${shownCommand(command)} is not supported`, notes);
}

function withNotes(t: CommandTarget, before: string[]): CommandTarget {
  return { ...t, notes: [...before, ...t.notes] };
}

/** npx options that change nothing about what is run. */
const NPX_HARMLESS = new Set([
  '-y',
  '--yes',
  '--no',
  '--no-install',
  '-q',
  '--quiet',
  '--silent',
  '--prefer-offline',
  '--prefer-online',
  '--ignore-existing',
]);

/** `npx [opts] <spec> [args]` or `npx -p <spec> [opts] <bin> [args]`. */
function classifyNpx(args: readonly string[]): CommandTarget {
  const notes: string[] = [];
  const packages: string[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-')) break;
    if (NPX_HARMLESS.has(a)) continue;
    if (a === '-p' || a === '--package') {
      const spec = args[i + 1];
      if (spec === undefined) return notExamined(`npx ${a} without a package`);
      packages.push(spec);
      i++;
    } else if (a.startsWith('--package=')) packages.push(a.slice('--package='.length));
    else if (a === '-c' || a === '--call' || a.startsWith('--call='))
      return notExamined('npx -c runs a shell command, not a package');
    else if (a === '--registry' || a.startsWith('--registry='))
      return notExamined('npx --registry fetches from another registry than the one we analyse');
    else notes.push(`npx option ${shownCommand(a)} ignored`);
  }
  const rest = args.slice(i);
  if (packages.length > 1)
    return notExamined('npx with several --package options is not supported');
  let spec: string | undefined;
  let serverArgs: string[];
  if (packages.length === 1) {
    spec = packages[0];
    const bin = rest[0];
    serverArgs = rest.slice(1);
    if (bin !== undefined)
      notes.push(
        `runs the package's bin ${shownCommand(bin)}; the analysis starts the package's own entry`,
      );
  } else {
    spec = rest[0];
    serverArgs = rest.slice(1);
  }
  if (spec === undefined || spec === '') return notExamined('npx without a package');
  if (!isNpmSpec(spec))
    return notExamined(`npx target ${shownCommand(spec)} is not a registry package spec`, notes);
  return { kind: 'npm', target: spec, serverArgs, notes };
}

/** node options that run code that is not a file. */
const NODE_INLINE = /^(-e|--eval|-p|--print|-i|--interactive|-|--eval=.*|--print=.*)$/;
/** node options that take the next argument as their value. */
const NODE_WITH_VALUE = new Set([
  '-r',
  '--require',
  '--import',
  '--loader',
  '--experimental-loader',
  '--env-file',
  '-C',
  '--conditions',
  '--input-type',
  '--title',
]);

/** `node [opts] <file> [args]`: the folder with the nearest package.json above the file. */
function classifyNode(args: readonly string[], ctx: CommandContext): CommandTarget {
  const notes: string[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      if (a === '-') return notExamined('node reading a script from stdin is not a package');
      break;
    }
    if (NODE_INLINE.test(a)) return notExamined('node -e runs inline code, not a package file');
    if (NODE_WITH_VALUE.has(a) && args[i + 1] !== undefined) {
      notes.push(`node option ${shownCommand(`${a} ${args[i + 1] ?? ''}`)} ignored`);
      i++;
    } else notes.push(`node option ${shownCommand(a)} ignored`);
  }
  const file = args[i];
  if (file === undefined || file === '') return notExamined('node without a script file', notes);
  const located = locatePackage(file, ctx);
  if ('reason' in located) return notExamined(located.reason, notes);
  return { kind: 'folder', ...located, serverArgs: args.slice(i + 1), notes };
}

/** How far up from the script a package.json is looked for. */
const MAX_WALK_UP = 64;

/** The file's path on this machine, or why it cannot be known. */
function resolveFile(file: string, ctx: CommandContext): string | { reason: string } {
  const filled = file.replace(WORKSPACE_VAR, () => ctx.workspaceDir);
  if (/\$\{[^}]*\}/.test(filled) || filled.startsWith('~'))
    return { reason: `script path ${shownCommand(file)} uses a placeholder the scan cannot fill` };
  if (/^[A-Za-z]:[\\/]/.test(filled) || filled.includes('\\'))
    return { reason: `script path ${shownCommand(file)} is a Windows path` };
  return fillWorkspace(file, ctx.workspaceDir, ctx.baseDir);
}

/** Walk up from the script to the nearest folder with a package.json. */
function locatePackage(
  file: string,
  ctx: CommandContext,
): { target: string; entryFile: string } | { reason: string } {
  const path = resolveFile(file, ctx);
  if (typeof path !== 'string') return path;
  if (!ctx.probe.isFile(path)) return { reason: `script not found: ${bound(path, 200)}` };
  let dir = dirname(path);
  for (let up = 0; up < MAX_WALK_UP; up++) {
    if (ctx.probe.isFile(join(dir, 'package.json'))) {
      if (ctx.within !== undefined && isOutside(ctx.within, dir))
        return { reason: `package folder ${bound(dir, 200)} is outside ${bound(ctx.within, 200)}` };
      return { target: dir, entryFile: relative(dir, path) };
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return { reason: `no package.json above ${bound(path, 200)}: not a package` };
}

/** True when `p` is not `root` or below it (both resolved the same way by the caller). */
function isOutside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '..' || rel.startsWith(`..${'/'}`) || isAbsolute(rel);
}

/** Bound a list of arguments and each argument. */
export function boundArgs(args: readonly string[]): string[] {
  return args.slice(0, CONFIG_LIMITS.args).map((a) => bound(a, CONFIG_LIMITS.arg));
}
