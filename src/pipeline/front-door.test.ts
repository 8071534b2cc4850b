import { describe, expect, it } from 'vitest';
import { AnalyzerError } from '../domain/errors.js';
import { planRequest } from './front-door.js';

const base = {
  target: { kind: 'folder' as const, path: '/x' },
  serverArgs: [],
  env: [],
  allowEgress: [],
  outDir: '/tmp/out',
};

describe('planRequest', () => {
  it('fills the defaults the CLI documents', () => {
    const plan = planRequest({ ...base, runId: 'r1', seed: 3 }, 'img');
    expect(plan).toMatchObject({ runId: 'r1', seed: 3, failOn: 'high', rounds: 4, image: 'img' });
    expect(plan.limits.totalMs).toBe(300_000);
    expect(plan.limits.callMs).toBe(20_000);
  });
  it('draws a run id and a seed when none is given', () => {
    const a = planRequest(base, '');
    const b = planRequest(base, '');
    expect(a.runId).toMatch(/^[0-9a-f]{8}$/);
    expect(a.runId).not.toBe(b.runId);
    expect(a.seed).toBeGreaterThan(0);
  });
  it('keeps a shared canary key, so two runs plant the same credentials', () => {
    expect(planRequest({ ...base, canaryKey: 'diff-1' }, '').canaryKey).toBe('diff-1');
  });
  it('rejects bad options before any engine is touched', () => {
    expect(() => planRequest({ ...base, rounds: 0 }, '')).toThrow(AnalyzerError);
    expect(() => planRequest({ ...base, failOn: 'severe' }, '')).toThrow(/--fail-on/);
  });
});
