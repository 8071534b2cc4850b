import { describe, expect, it } from 'vitest';
import { type ActivitySample, busyReason, waitForQuiet } from './quiet-wait.js';

const idle: ActivitySample = {
  recorded: 100,
  pids: [10],
  waits: [{ kind: 'idle', key: 'a' }],
  sockets: { connecting: 0, inFlight: 0 },
};

/** A fake clock, and a probe that plays samples by time. */
function world(at: (t: number) => ActivitySample | undefined) {
  let t = 0;
  return {
    probe: { sample: () => Promise.resolve(at(t)) },
    opts: {
      capMs: 1500,
      quietMs: 60,
      pollMs: 15,
      fallbackMs: 300,
      now: () => t,
      sleep: (ms: number) => {
        t += ms;
        return Promise.resolve();
      },
    },
  };
}

describe('waitForQuiet', () => {
  it('ends once nothing has happened for the quiet time', async () => {
    const w = world(() => idle);
    const r = await waitForQuiet(w.probe, w.opts);
    expect(r.ended).toBe('quiet');
    expect(r.waitedMs).toBeGreaterThanOrEqual(60);
    expect(r.waitedMs).toBeLessThan(100);
  });

  it('is not quiet while netsim still loads its interceptor (a flow may be waiting, unlogged)', async () => {
    const w = world((t) => (t < 700 ? { ...idle, warming: true } : idle));
    const r = await waitForQuiet(w.probe, w.opts);
    expect(r.ended).toBe('quiet');
    expect(r.waitedMs).toBeGreaterThanOrEqual(760);
    expect(busyReason({ ...idle, warming: true }, 0, 1500, new Map())).toMatch(/interceptor/);
  });

  it('holds the window open for a timer due before the cap, then ends after it fired', async () => {
    // The server blocked at t=0 with its timer due in 1200 ms; at 1200 it sends (the log grows).
    const w = world((t) =>
      t < 1200
        ? { ...idle, waits: [{ kind: 'timed', ms: 1200, key: 'main 1200' }] }
        : { ...idle, recorded: t < 1260 ? 150 : 180 },
    );
    const r = await waitForQuiet(w.probe, w.opts);
    expect(r.ended).toBe('quiet');
    expect(r.waitedMs).toBeGreaterThan(1260);
    expect(r.waitedMs).toBeLessThan(1500);
  });

  it('does not wait for a timer due after the cap (a keep-alive, a heartbeat)', async () => {
    const w = world(() => ({ ...idle, waits: [{ kind: 'timed', ms: 4000, key: 'k' }] }));
    expect((await waitForQuiet(w.probe, w.opts)).waitedMs).toBeLessThan(100);
  });

  it('counts a timeout from when the thread was first seen blocked, not from each sample', async () => {
    // Same blocked syscall seen again and again: due at 1000 from the first sight, not 1000 later.
    const w = world((t) => ({
      ...idle,
      waits: t < 1000 ? [{ kind: 'timed', ms: 1000, key: 'same' }] : [{ kind: 'idle', key: 'x' }],
    }));
    const r = await waitForQuiet(w.probe, w.opts);
    expect(r.ended).toBe('quiet');
    expect(r.waitedMs).toBeLessThan(1100);
    expect(r.waitedMs).toBeGreaterThanOrEqual(1000);
  });

  it('runs to the cap while the package keeps sending, and says why', async () => {
    const w = world((t) => ({ ...idle, recorded: t }));
    const r = await waitForQuiet(w.probe, w.opts);
    expect(r).toMatchObject({ ended: 'cap', busy: 'the recording was still growing' });
    expect(r.waitedMs).toBeGreaterThanOrEqual(1500);
  });

  it('treats a new process, a sleeping one, a connect or bytes in flight as activity', async () => {
    for (const s of [
      (t: number) => ({ ...idle, pids: [10, t] }),
      () => ({ ...idle, waits: [{ kind: 'sleeping' as const, key: 's' }] }),
      () => ({ ...idle, sockets: { connecting: 1, inFlight: 0 } }),
      () => ({ ...idle, sockets: { connecting: 0, inFlight: 1 } }),
      () => ({ ...idle, waits: [{ kind: 'running' as const, key: 'r' }] }),
    ]) {
      const w = world(s);
      expect((await waitForQuiet(w.probe, w.opts)).ended).toBe('cap');
    }
  });

  it('gives work under way at the cap up to the cap again, but not a mere sleep or timer', async () => {
    const running = world(() => ({ ...idle, waits: [{ kind: 'running' as const, key: 'r' }] }));
    expect((await waitForQuiet(running.probe, running.opts)).waitedMs).toBeGreaterThanOrEqual(3000);
    const sleeping = world(() => ({ ...idle, waits: [{ kind: 'sleeping' as const, key: 's' }] }));
    const r = await waitForQuiet(sleeping.probe, sleeping.opts);
    expect(r.waitedMs).toBeGreaterThanOrEqual(1500);
    expect(r.waitedMs).toBeLessThan(1600);
    // a send that starts at 1400 (a process starting, then its connect) is still waited for
    const late = world((t) =>
      t < 1400
        ? { ...idle, waits: [{ kind: 'sleeping' as const, key: 's' }] }
        : t < 1700
          ? { ...idle, waits: [{ kind: 'running' as const, key: 'r' }] }
          : { ...idle, recorded: 500 },
    );
    const l = await waitForQuiet(late.probe, late.opts);
    expect(l.ended).toBe('quiet');
    expect(l.waitedMs).toBeGreaterThan(1700);
  });

  it('falls back to the fixed gap when the sandbox cannot be read', async () => {
    const w = world(() => undefined);
    expect(await waitForQuiet(w.probe, w.opts)).toEqual({ ended: 'unavailable', waitedMs: 300 });
    const probe = { sample: () => Promise.reject(new Error('EACCES')) };
    const w2 = world(() => idle);
    expect((await waitForQuiet(probe, { ...w2.opts, fallbackMs: 5000 })).waitedMs).toBe(1500);
  });
});

describe('busyReason', () => {
  it('names the first thing still going on', () => {
    const seen = new Map([['t', 0]]);
    const timed = { ...idle, waits: [{ kind: 'timed' as const, ms: 500, key: 't' }] };
    expect(busyReason(timed, 100, 1500, seen)).toBe('a timer was due within 500 ms');
    expect(busyReason(timed, 600, 1500, seen)).toBeUndefined();
    expect(busyReason(timed, 100, 400, seen)).toBeUndefined();
    expect(busyReason(idle, 0, 1500, seen)).toBeUndefined();
  });
});
