// The session's protocol end to end: its own script (ours, Node built-ins only, nothing of a
// package) runs as a local child process in place of the exec.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ExecSession, SESSION_SCRIPT } from './exec-session.js';

const opened: ReturnType<typeof spawn>[] = [];
function session(): ExecSession {
  const child = spawn(process.execPath, ['-e', SESSION_SCRIPT], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  opened.push(child);
  if (!child.stdin || !child.stdout) throw new Error('no pipes');
  return ExecSession.over(child.stdin, child.stdout, child);
}
afterEach(() => {
  for (const c of opened.splice(0)) c.kill('SIGKILL');
});
const opts = { timeoutMs: 5000, maxBytes: 1024 };

describe('ExecSession', () => {
  it('runs commands one after another and returns each one’s output and code', async () => {
    const s = session();
    const [a, b, c] = await Promise.all([
      s.run({ ...opts, cmd: ['/bin/echo', 'first'] }),
      s.run({ ...opts, cmd: ['/bin/sh', '-c', 'printf "a\\0b"; echo oops >&2; exit 3'] }),
      s.run({ ...opts, cmd: ['/bin/echo', 'third'] }),
    ]);
    expect(a.stdout.toString()).toBe('first\n');
    expect(a.exitCode).toBe(0);
    expect(b.stdout).toEqual(Buffer.from('a\0b'));
    expect(b.exitCode).toBe(3);
    expect(b.stderr).toBe('oops\n');
    expect(c.stdout.toString()).toBe('third\n');
  });

  it('keeps at most maxBytes of output and counts the rest', async () => {
    const r = await session().run({
      ...opts,
      maxBytes: 100,
      cmd: ['/bin/sh', '-c', 'head -c 5000 /dev/zero'],
    });
    expect(r.stdout.length).toBe(100);
    expect(r.stdoutTotal).toBe(5000);
  });

  it('kills a command that runs past its time and goes on with the next', async () => {
    const s = session();
    const slow = await s.run({ ...opts, timeoutMs: 200, cmd: ['/bin/sleep', '5'] });
    expect(slow.timedOut).toBe(true);
    expect((await s.run({ ...opts, cmd: ['/bin/echo', 'after'] })).stdout.toString()).toBe(
      'after\n',
    );
  });

  it('answers a command that cannot start with an error, not a hang', async () => {
    const r = await session().run({ ...opts, cmd: ['/nonexistent/program'] });
    expect(r.exitCode).not.toBe(0);
  });

  it('breaks when its process dies, so the caller falls back', async () => {
    const s = session();
    await s.run({ ...opts, cmd: ['/bin/true'] });
    opened[0]?.kill('SIGKILL');
    await expect(s.run({ ...opts, cmd: ['/bin/sleep', '1'] })).rejects.toThrow();
    expect(s.broken).toBe(true);
  });
});
