// Rebuilds what ran in the target from forkstat's host-wide fork/exec log: finds the processes
// our own execs started (the install command, the server) and every process descended from
// them. Pure: takes timestamped lines, returns process records.
// Limits: forkstat reads a process's command line when it sees the exec; a process that is
// already gone by then shows an empty command line; argument boundaries are lost (joined by
// spaces); processes that escape the tree (double fork to init) are still descendants here,
// since fork events are followed, but a process started by another container is never seen.

export interface TraceLine {
  t: number;
  line: string;
}

export interface TracedProcess {
  t: number;
  pid: number;
  ppid: number;
  cmdline: string;
  /** Which of our launches it descends from. */
  root: 'install' | 'server';
  /** Steps below the launch (1 = the launch's direct child). */
  depth: number;
}

const LINE = /^\d\d:\d\d:\d\d (fork|exec|exit)\s+(\d+)\s+(?:(parent|child)(?=\s|$))?\s*(.*)$/;

/** Recognises our own launches: by host pid when known (exact, safe with concurrent runs),
 * else by command line. */
export interface RootMatcher {
  install: (cmdline: string, pid: number) => boolean;
  server: (cmdline: string, pid: number) => boolean;
}

export function buildProcessTree(
  lines: readonly TraceLine[],
  roots: RootMatcher,
  maxProcesses = 2000,
): TracedProcess[] {
  const parentOf = new Map<number, number>();
  const rootOf = new Map<number, { root: TracedProcess['root']; depth: number }>();
  const runcInit = new Set<number>();
  const out: TracedProcess[] = [];
  let pendingParent: number | undefined;
  for (const { t, line } of lines) {
    const m = LINE.exec(line);
    if (!m) continue;
    const [, event, pidText, role, rest] = m;
    const pid = Number(pidText);
    const cmdline = (rest ?? '')
      .replace(/^\s*\d+\s+\d+\.\d+s\s+/, '')
      .trim()
      .slice(0, 4096);
    if (event === 'fork' && role === 'parent') pendingParent = pid;
    else if (event === 'fork' && role === 'child' && /^runc init\b/.test(cmdline)) {
      // A container process about to be started by runc (its parent line is not always printed).
      runcInit.add(pid);
      pendingParent = undefined;
    } else if (event === 'fork' && role === 'child' && pendingParent !== undefined) {
      parentOf.set(pid, pendingParent);
      const p = rootOf.get(pendingParent);
      if (p) rootOf.set(pid, { root: p.root, depth: p.depth + 1 });
      else rootOf.delete(pid); // a reused pid starts a new lineage
      pendingParent = undefined;
    } else if (event === 'exec') {
      if (/^runc init\b/.test(cmdline)) {
        runcInit.add(pid);
        continue;
      }
      const viaRunc = runcInit.has(pid) || runcInit.has(parentOf.get(pid) ?? -1);
      if (viaRunc) {
        runcInit.delete(pid);
        const root = roots.install(cmdline, pid)
          ? 'install'
          : roots.server(cmdline, pid)
            ? 'server'
            : undefined;
        if (root) rootOf.set(pid, { root, depth: 0 });
        else rootOf.delete(pid);
        continue;
      }
      const r = rootOf.get(pid);
      if (r && r.depth > 0 && out.length < maxProcesses) {
        out.push({ t, pid, ppid: parentOf.get(pid) ?? 0, cmdline, root: r.root, depth: r.depth });
      }
    } else if (event === 'exit') {
      // a pid can be reused later: forget its lineage
      if (!rootOf.get(pid) || rootOf.get(pid)?.depth !== 0) {
        parentOf.delete(pid);
        rootOf.delete(pid);
      }
    }
  }
  return out;
}
