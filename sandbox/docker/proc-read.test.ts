import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processNamedUnder, readThroughProc } from './proc-read.js';

const root = typeof process.getuid === 'function' && process.getuid() === 0;
const dir = mkdtempSync(join(tmpdir(), 'proc-read-'));
const file = join(dir, 'events.jsonl');
writeFileSync(file, 'a'.repeat(100));
symlinkSync(file, join(dir, 'link'));

describe.runIf(root)('readThroughProc (as root: through /proc/<pid>/root)', () => {
  it('reads a regular file, at most maxBytes', () => {
    expect(readThroughProc(process.pid, file, 1000)?.toString()).toBe('a'.repeat(100));
    expect(readThroughProc(process.pid, file, 10)?.length).toBe(10);
  });
  it('never follows a link in the last component, and reads no folder or odd path', () => {
    expect(readThroughProc(process.pid, join(dir, 'link'), 1000)).toBeUndefined();
    expect(readThroughProc(process.pid, dir, 1000)).toBeUndefined();
    expect(readThroughProc(process.pid, `${dir}/../${dir}`, 1000)).toBeUndefined();
    expect(readThroughProc(process.pid, 'relative', 1000)).toBeUndefined();
    expect(readThroughProc(2 ** 22 + 7, file, 1000)).toBeUndefined();
  });
});

describe.runIf(root)('processNamedUnder', () => {
  it('finds a named descendant and says undefined for a pid that is gone', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn('/bin/sleep', ['5']);
    await new Promise((r) => setTimeout(r, 100));
    try {
      expect(processNamedUnder(process.pid, 'sleep')).toBe(true);
      expect(processNamedUnder(process.pid, 'no-such-helper')).toBe(false);
      expect(processNamedUnder(2 ** 22 + 7, 'sleep')).toBeUndefined();
    } finally {
      child.kill('SIGKILL');
    }
  });
});
