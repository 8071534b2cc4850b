// What makes a shell script dangerous whoever starts it: it fetches (curl, wget, nc, ssh,
// /dev/tcp, package runners such as npx), runs inline code (python -c, node -e, …), decodes
// (base64 -d, xxd -r, openssl enc -d, escaped bytes), writes start-up or system files
// (~/.bashrc, ~/.profile, authorized_keys, autostart, systemd, /etc, crontab), makes a file
// executable, evaluates text (eval), changes what every program loads (LD_PRELOAD, BASH_ENV),
// hides its history, pipes anything into a shell or an interpreter (or feeds one a
// here-document), or builds a program name at run time ($a$b, $IFS, globs such as /???/?url).
// Pure.
// Limits: judged from the command line's text. A script read from a file or sent on stdin, or a
// program named by the shell's positional arguments (`sh -c '"$@"' sh curl …`, a common idiom),
// is not seen here; the processes it starts and what they do are judged by the other rules. A
// probe (`which curl`, `curl --version`) names a tool without running it and is not counted.
import { isProbeCommand } from './shell-probe.js';
import { dequote, NET_TOOLS, SHELLS, splitCommands, type ShellCommand } from './shell-words.js';

/** Network tools, and package runners that download what they run. `host`, `openssl` and
 * `http` are left to proc/network-tool: as script words they are too often something else. */
const FETCHERS: ReadonlySet<string> = new Set([
  ...[...NET_TOOLS].filter((t) => !['host', 'openssl', 'http', 'httpie', 'nmap'].includes(t)),
  'npx',
  'bunx',
  'pnpx',
  'uvx',
]);
/** Interpreters and the flags that give them code on the command line. */
const INLINE: Record<string, RegExp> = {
  node: /^(-e|--eval|-p|--print)$/,
  nodejs: /^(-e|--eval|-p|--print)$/,
  bun: /^(-e|--eval)$/,
  deno: /^eval$/,
  perl: /^-[eE]$/,
  ruby: /^-e$/,
  php: /^-r$/,
  lua: /^-e$/,
  rscript: /^-e$/,
  osascript: /^-e$/,
  pwsh: /^-(c|command|e|ec|enc|encodedcommand)$/i,
  powershell: /^-(c|command|e|ec|enc|encodedcommand)$/i,
  'powershell.exe': /^-(c|command|e|ec|enc|encodedcommand)$/i,
};
const PYTHON = /^python[0-9.]*$/;
const INTERPRETER = /^(python[0-9.]*|node|nodejs|perl|ruby|php|lua|bun|deno|pwsh|powershell)$/;
/** Package managers that download code when told to install or run a package. */
const INSTALLS: Record<string, RegExp> = {
  npm: /^(i|install|add|exec|x|ci)$/,
  pnpm: /^(i|install|add|dlx|exec)$/,
  yarn: /^(add|dlx|install)$/,
  pip: /^install$/,
  pip3: /^install$/,
  pipx: /^(install|run)$/,
  uv: /^(pip|tool|run)$/,
  go: /^(install|get|run)$/,
  cargo: /^install$/,
  gem: /^install$/,
  git: /^(clone|fetch|pull|submodule)$/,
};
const WRITERS = new Set(['tee', 'cp', 'mv', 'ln', 'install', 'dd', 'sed', 'truncate', 'touch']);
/** Files that run or configure things later (user start-up files, keys, services, /etc). */
const START_UP =
  /(?:^|[/~=])\.(?:bash(?:rc|_profile|_login|_logout|_aliases)|profile|zshrc|zprofile|zshenv|zlogin|kshrc|cshrc|tcshrc|xprofile|xinitrc|xsessionrc|npmrc|yarnrc|gitconfig|pam_environment)(?:$|[^\w])|\.config\/(?:autostart|systemd|fish|environment\.d)|\.ssh\/|\.local\/bin\/|authorized_keys|Library\/Launch(?:Agents|Daemons)|\.git\/hooks|(?:^|=)\/etc\/|\/var\/spool\/cron/i;

/** A program word made at run time: a variable (`$x`, not `$SHELL` or a positional `$@`) or a
 * glob that finds a program (`/???/?url`). Not `7*7` or a lone `$` (our own inputs have them). */
function isBuiltName(word: string): boolean {
  if (/\$[A-Za-z_]/.test(word) && word !== '$SHELL') return true;
  return word.includes('?') || (word.includes('/') && /[*[]/.test(word));
}

/** The words a command hands to another shell or program to run (`sh -c …`, `find -exec …`). */
function innerScript(c: ShellCommand): string | undefined {
  const { prog, args } = c;
  if (SHELLS.has(prog)) {
    const at = args.findIndex((a) => /^-[A-Za-z]*c[A-Za-z]*$/.test(a));
    return at >= 0 ? args.slice(at + 1).join(' ') : undefined;
  }
  if (prog === 'find') {
    const at = args.findIndex((a) => /^-(exec|execdir|ok|okdir)$/.test(a));
    return at >= 0 ? args.slice(at + 1).join(' ') : undefined;
  }
  return undefined;
}

/** Why one command is dangerous, or undefined. */
function commandDanger(c: ShellCommand, depth: number): string | undefined {
  const { prog, args } = c;
  const inner = depth < 4 ? innerScript(c) : undefined;
  const innerWhy = inner === undefined ? undefined : scriptDanger(inner, undefined, depth + 1);
  if (innerWhy) return innerWhy;
  if (c.sep === '|' && (SHELLS.has(prog) || INTERPRETER.test(prog))) return `pipes into ${prog}`;
  if (FETCHERS.has(prog)) return `fetches (${prog})`;
  if (prog === 'openssl' && /^s_(client|server)$/.test(args[0] ?? '')) return 'fetches (openssl)';
  if (prog === 'openssl' && /^(enc|base64)$/.test(args[0] ?? '') && args.includes('-d'))
    return 'decodes (openssl)';
  if (Object.hasOwn(INSTALLS, prog) && INSTALLS[prog]?.test(args[0] ?? ''))
    return `fetches (${prog} ${args[0] ?? ''})`;
  if ((SHELLS.has(prog) || INTERPRETER.test(prog)) && (c.heredoc || args.includes('-')))
    return `runs inline code (${prog} reading stdin)`;
  if (isBuiltName(c.progWord)) return 'builds its program name at run time';
  const inline = Object.hasOwn(INLINE, prog)
    ? INLINE[prog]
    : PYTHON.test(prog)
      ? /^-c$/
      : undefined;
  if (inline && args.some((a) => inline.test(a))) return `runs inline code (${prog})`;
  if (prog === 'base64' && args.some((a) => /^(-d|--decode|-D)$/.test(a)))
    return 'decodes (base64)';
  if (prog === 'xxd' && args.some((a) => /^-r/.test(a))) return 'decodes (xxd)';
  if (prog === 'uudecode') return 'decodes (uudecode)';
  if (prog === 'eval') return 'evaluates text as code';
  if (
    prog === 'chmod' &&
    args.some((a) => /^[ugoa]*[+=][rwXst]*x|^[0-7]*[1357][0-7]?[0-7]?$/.test(a))
  )
    return 'makes a file executable';
  if (prog === 'crontab' || prog === 'schtasks') return 'schedules a task';
  if (prog === 'systemctl' && args.some((a) => /^(enable|link|--user|daemon-reload)$/.test(a)))
    return 'registers a service';
  if (prog === 'launchctl' && args.some((a) => /^(load|bootstrap|submit)$/.test(a)))
    return 'registers a service';
  if (prog === 'git' && args[0] === 'config' && args.some((a) => /^--(global|system)$/.test(a)))
    return 'writes a start-up file (git config)';
  if (prog === 'mkfifo') return 'makes a pipe (a reverse shell)';
  if (prog === 'history' && args.includes('-c')) return 'hides its history';
  if (prog === 'unset' && args.includes('HISTFILE')) return 'hides its history';
  const targets = [
    ...c.redirects.filter((r) => r.op === '>').map((r) => r.target),
    ...(WRITERS.has(prog) ? args : []),
  ];
  if (targets.some((t) => START_UP.test(t))) return 'writes a start-up file';
  const assigns = [...c.assignments, ...(prog === 'export' ? args : [])];
  if (assigns.some((a) => /^(LD_PRELOAD|LD_LIBRARY_PATH|BASH_ENV|ENV|PROMPT_COMMAND)=/.test(a)))
    return 'changes what every program loads';
  if (assigns.some((a) => /^HISTFILE=/.test(a))) return 'hides its history';
  return undefined;
}

/** Why a script is dangerous, or undefined. */
export function scriptDanger(
  script: string,
  commands = splitCommands(script),
  depth = 0,
): string | undefined {
  const flat = dequote(script);
  if (/\/dev\/(tcp|udp)\//.test(flat)) return 'fetches (/dev/tcp)';
  if (/\$IFS\b/.test(flat)) return 'builds its program name at run time';
  if (/\binet\/(tcp|udp)\//i.test(flat)) return 'fetches (/inet)';
  if (
    /invoke-(webrequest|restmethod)|\b(iwr|irm)\b|net\.webclient|download(string|file)|start-bitstransfer|bitsadmin|certutil/i.test(
      flat,
    )
  )
    return 'fetches (PowerShell)';
  if ((script.match(/\\x[0-9a-f]{2}/gi) ?? []).length >= 4) return 'decodes (escaped bytes)';
  for (const c of commands) {
    if (isProbeCommand(c)) continue;
    const why = commandDanger(c, depth);
    if (why) return why;
  }
  return undefined;
}
