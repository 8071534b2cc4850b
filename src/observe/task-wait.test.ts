import { describe, expect, it } from 'vitest';
import { parseTaskWait, waitArch } from './task-wait.js';

// Lines as Linux prints them (captured from node 20 in the sandbox image).
const TIMER_4990 = '281 0xf 0x7ffe4507d720 0x400 0x137e 0x0 0x8 0x7ffe4507c9c0 0x7fcc3b6f7cae';
const NO_TIMER = '281 0xf 0x7fffbcdef3d0 0x400 0xffffffff 0x0 0x8 0x7fffbcdee670 0x7f9ecdcc9cae';
const FUTEX = '202 0x2bd794d0 0x189 0x0 0x0 0x0 0xffffffff 0x7fcc3addac10 0x7fcc3b674f16';

describe('parseTaskWait', () => {
  it('reads an event loop blocked until its next timer', () => {
    expect(parseTaskWait(TIMER_4990, 'x64')).toEqual({ kind: 'timed', ms: 4990 });
    expect(parseTaskWait('7 0x1 0x2 0x64 0x0 0x0 0x0 0x1 0x2', 'x64')).toEqual({
      kind: 'timed',
      ms: 100,
    });
    expect(parseTaskWait('22 0x3 0x1 0x400 0x0 0x0 0x8 0x1 0x2', 'arm64')).toEqual({
      kind: 'timed',
      ms: 0,
    });
  });
  it('reads a wait with no timeout (-1, also sign-extended) as idle', () => {
    expect(parseTaskWait(NO_TIMER, 'x64')).toEqual({ kind: 'idle' });
    expect(parseTaskWait('281 0xf 0x1 0x400 0xffffffffffffffff 0x0 0x8 0x1 0x2', 'x64')).toEqual({
      kind: 'idle',
    });
  });
  it('tells running and sleeping threads apart from blocked ones', () => {
    expect(parseTaskWait('running\n', 'x64')).toEqual({ kind: 'running' });
    expect(parseTaskWait('230 0x0 0x0 0x7ffd 0x0 0x0 0x0 0x1 0x2', 'x64')).toEqual({
      kind: 'sleeping',
    });
    expect(parseTaskWait('101 0x7ffd 0x0 0x0 0x0 0x0 0x0 0x1 0x2', 'arm64')).toEqual({
      kind: 'sleeping',
    });
    expect(parseTaskWait(FUTEX, 'x64')).toEqual({ kind: 'idle' });
  });
  it('reads anything else as idle, never as a reason to wait', () => {
    for (const line of ['', '-1 0x7ffd 0x1', 'x 0x1', '281 0xf 0x1 0x400 zz', '281'])
      expect(parseTaskWait(line, 'x64')).toEqual({ kind: 'idle' });
  });
  it('knows x64 and arm64 only', () => {
    expect(waitArch('x64')).toBe('x64');
    expect(waitArch('arm64')).toBe('arm64');
    expect(waitArch('ia32')).toBeUndefined();
  });
});
