// Reads a traced shell command line: which shell, and what it was asked to run (`sh -c <script>`,
// `bash -lc <script>`, `busybox sh -c <script>`, `sh <script file> <args>`), or nothing we can
// see (an interactive shell, `sh -s`, a script on stdin). Pure.
// Limits: forkstat joins the arguments with spaces, so everything after `-c` is taken as the
// script, including the shell's own $0 and positional arguments that follow it; that makes a
// script look bigger, never smaller.
import { basename, isSystemProgram, SHELLS } from './shell-words.js';

export interface ShellCall {
  /** Basename of the shell (or `busybox`). */
  shell: string;
  /** The shell is found through PATH or lives in a system directory (not a file of the package). */
  systemShell: boolean;
  /** The script after `-c`, or, for a shell running a system script file, `<file's name> <args>`. */
  script?: string;
  /** A script file the shell runs (`sh /usr/bin/which brew`). */
  file?: string;
}

/** Options that take the next word as their value. */
const WITH_VALUE = new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file']);

/** The shell call in a command line, or undefined when the program is not a shell. */
export function parseShellCall(cmdline: string): ShellCall | undefined {
  const words = cmdline.trim().split(/\s+/);
  let i = 0;
  const first = basename(words[0] ?? '');
  if (!SHELLS.has(first)) return undefined;
  const systemShell = isSystemProgram(words[0] ?? '');
  if (first === 'busybox') {
    const applet = basename(words[1] ?? '');
    // `busybox wget …`: the applet is the program; read it as a one-command script
    if (!SHELLS.has(applet) || applet === 'busybox') {
      const script = words.slice(1).join(' ');
      return script === ''
        ? { shell: 'busybox', systemShell }
        : { shell: 'busybox', systemShell, script };
    }
    i = 1;
  }
  const shell = basename(words[i] ?? '');
  let command = false;
  let stdin = false;
  let j = i + 1;
  for (; j < words.length; j += 1) {
    const w = words[j] ?? '';
    if (w === '--' || w === '-') {
      j += 1;
      break;
    }
    if (WITH_VALUE.has(w)) j += 1;
    else if (/^--[a-z-]+$/.test(w)) continue;
    else if (/^[-+][A-Za-z]+$/.test(w)) {
      if (w.startsWith('-') && w.includes('c')) command = true;
      if (w.startsWith('-') && /[si]/.test(w)) stdin = true;
    } else break;
  }
  const rest = words.slice(j);
  if (command) return { shell, systemShell, script: rest.join(' ') };
  const file = rest[0];
  if (stdin || file === undefined) return { shell, systemShell };
  if (!isSystemProgram(file) || !file.includes('/')) return { shell, systemShell, file };
  return { shell, systemShell, file, script: [basename(file), ...rest.slice(1)].join(' ') };
}
