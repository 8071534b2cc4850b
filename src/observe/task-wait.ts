// What one thread of a sandboxed process is waiting for, read from the line Linux gives in
// /proc/<pid>/task/<tid>/syscall: the syscall it is blocked in and its arguments. An event loop
// blocked in epoll_wait/epoll_pwait/poll passes the time to its next timer as the timeout, so a
// Node server with a `setTimeout(send, 1200)` pending is visibly "waiting at most 1200 ms"; one
// with nothing scheduled waits with timeout -1. A thread in nanosleep is a `sleep 2` (length not
// readable without reading its memory). This is how the harness knows a delayed send is still
// coming without touching the package (see harness/quiet-wait.ts).
// Limits: the timeout is the one the thread blocked with, an upper bound of what is left; a
// runtime that polls with a short fixed timeout looks always busy (the wait then hits its cap);
// a timer kept in another process we do not see as a descendant is not seen; timeouts passed by
// pointer (ppoll, pselect, futex, epoll_pwait2) are not read and count as idle.

export type TaskWait =
  /** On a CPU, or between syscalls. */
  | { kind: 'running' }
  /** Blocked until an event or at most `ms` milliseconds. */
  | { kind: 'timed'; ms: number }
  /** Sleeping for a length we cannot read (nanosleep and friends): something is scheduled. */
  | { kind: 'sleeping' }
  /** Blocked with no timeout we know of. */
  | { kind: 'idle' };

type Arch = 'x64' | 'arm64';

/** syscall number -> index of its millisecond timeout argument, per architecture. */
const TIMED: Record<Arch, Record<number, number>> = {
  // poll(fds, n, timeout), epoll_wait(epfd, events, max, timeout), epoll_pwait(... timeout, mask)
  x64: { 7: 2, 232: 3, 281: 3 },
  arm64: { 22: 3 },
};
const SLEEPS: Record<Arch, Set<number>> = {
  // nanosleep, clock_nanosleep
  x64: new Set([35, 230]),
  arm64: new Set([101, 115]),
};

/** Parse one syscall line; unknown formats are idle (they never hold a wait open). */
export function parseTaskWait(line: string, arch: Arch): TaskWait {
  const text = line.trim();
  if (text === 'running') return { kind: 'running' };
  const parts = text.split(/\s+/);
  const nr = Number(parts[0]);
  if (!Number.isInteger(nr) || nr < 0) return { kind: 'idle' };
  if (SLEEPS[arch].has(nr)) return { kind: 'sleeping' };
  const at = TIMED[arch][nr];
  if (at === undefined) return { kind: 'idle' };
  const raw = parts[1 + at];
  if (!raw || !/^0x[0-9a-f]{1,16}$/i.test(raw)) return { kind: 'idle' };
  // The timeout is a C int: keep the low 32 bits and read them signed (-1 is 0xffffffff).
  const low = Number(BigInt(raw) & 0xffffffffn);
  const ms = low > 0x7fffffff ? low - 0x100000000 : low;
  return ms < 0 ? { kind: 'idle' } : { kind: 'timed', ms };
}

/** The architecture's table for process.arch; undefined where we have none. */
export function waitArch(arch: string): Arch | undefined {
  return arch === 'x64' || arch === 'arm64' ? arch : undefined;
}
