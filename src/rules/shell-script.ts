// Classifies what a shell was asked to run: a pure environment probe (info wherever it comes
// from), a dangerous script (high whoever starts it, declared or not), a URL handed to the
// browser, or anything else (the last two judged by who started them: see proc-rules.ts). Pure.
// The pieces: shell-call.ts reads the shell's command line, shell-words.ts splits the script
// into commands, shell-probe.ts and shell-danger.ts judge them.
// Order matters: danger is looked for first, so `which brew; curl … | sh` is dangerous, not a
// probe, and a probe needs every command to be one (`command -v x && x evil` is not a probe).
// A script cut at MAX_SCRIPT is never a probe or an opener.
import { parseShellCall } from './shell-call.js';
import { scriptDanger } from './shell-danger.js';
import { isProbeScript, isVersionQuery } from './shell-probe.js';
import { basename, MAX_SCRIPT, splitCommands } from './shell-words.js';

export type ScriptClass =
  | { kind: 'probe'; programs: string[] }
  | { kind: 'opener'; url: string }
  | { kind: 'dangerous'; why: string }
  | { kind: 'other' };

/**
 * One command that hands a web address to the desktop's browser (`xdg-open "https://…"`), read
 * from the raw text because a quoted URL keeps its `&`s: a literal http(s) URL, single-quoted,
 * double-quoted without `$`, backticks or backslashes, or bare without shell metacharacters.
 */
const OPENER =
  /^\s*(?:xdg-open|open|wslview|sensible-browser|x-www-browser|gnome-open|kde-open|explorer\.exe)\s+('https?:\/\/[^']*'|"https?:\/\/[^"$`\\]*"|https?:\/\/[^\s;&|<>()$`'"\\]+)\s*$/;

export function classifyScript(script: string): ScriptClass {
  const commands = splitCommands(script);
  const why = scriptDanger(script, commands);
  if (why) return { kind: 'dangerous', why };
  if (script.length > MAX_SCRIPT) return { kind: 'other' };
  if (isProbeScript(script, commands))
    return { kind: 'probe', programs: [...new Set(commands.map((c) => c.prog))] };
  const opener = OPENER.exec(script);
  if (opener) return { kind: 'opener', url: (opener[1] ?? '').replace(/^['"]|['"]$/g, '') };
  return { kind: 'other' };
}

/**
 * The class of a shell command line (`/bin/sh -c which brew`): its script's, except that a shell
 * that is a file of the package (not a system shell, not found through PATH) is never a probe
 * or an opener, and a shell whose script we cannot see (interactive, stdin, a script file) is
 * `other`. `bash --version` is a probe.
 */
export function classifyShell(cmdline: string): ScriptClass {
  const [shell = '', ...args] = cmdline.trim().split(/\s+/);
  if (isVersionQuery(basename(shell), shell, args))
    return { kind: 'probe', programs: [basename(shell)] };
  const call = parseShellCall(cmdline);
  if (call?.script === undefined) return { kind: 'other' };
  const cls = classifyScript(call.script);
  return cls.kind !== 'dangerous' && !call.systemShell ? { kind: 'other' } : cls;
}
