import { describe, expect, it } from 'vitest';
import { parseChildResult } from './child-analysis.js';

const good = {
  ok: true,
  verdict: 'clean',
  rounds: 4,
  lingerMs: 3000,
  timings: { fetch: 4000, total: 15000 },
  maxRssKiB: 150_000,
};

describe('parseChildResult', () => {
  it('reads the last non-empty line', () => {
    expect(parseChildResult(`noise\n${JSON.stringify(good)}\n\n`)).toEqual(good);
  });

  it('passes the child’s own error on', () => {
    expect(parseChildResult('{"ok":false,"error":"no docker"}\n')).toEqual({
      ok: false,
      error: 'no docker',
    });
  });

  it('refuses a missing, torn or mistyped line', () => {
    expect(parseChildResult('').ok).toBe(false);
    expect(parseChildResult('{"ok":tr').ok).toBe(false);
    expect(parseChildResult(JSON.stringify({ ...good, timings: { total: 'x' } })).ok).toBe(false);
    expect(parseChildResult(JSON.stringify({ ...good, maxRssKiB: undefined })).ok).toBe(false);
  });
});
