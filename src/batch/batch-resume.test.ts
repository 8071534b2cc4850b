// Tests for resuming a batch: which targets are done, pending, kept, under --force and
// --retry-failed, and that infrastructure failures are always retried.
import { describe, expect, it } from 'vitest';
import type { BatchTarget } from './batch-list.js';
import { doneTargets, isDone, linesOfList, planResume } from './batch-resume.js';
import { failed, line } from './sample-lines.js';

const t = (target: string, n: number): BatchTarget => ({ line: n, target, slug: `${target}-00` });
const targets = ['ok', 'bad', 'slow', 'nodocker', 'new'].map(t);
const lines = [
  line('ok'),
  failed('bad', 'target-not-found'),
  failed('slow', 'timeout'),
  failed('nodocker', 'no-docker'),
  line('elsewhere'),
];

describe('isDone and doneTargets', () => {
  it('counts analysed, failed and timed-out targets as done, not infrastructure failures', () => {
    expect([...doneTargets(lines)].sort()).toEqual(['bad', 'elsewhere', 'ok', 'slow']);
  });

  it('--retry-failed keeps only analysed targets done; --force none', () => {
    expect([...doneTargets(lines, { retryFailed: true })].sort()).toEqual(['elsewhere', 'ok']);
    expect(doneTargets(lines, { force: true }).size).toBe(0);
  });

  it('retries each infrastructure code', () => {
    for (const code of ['no-docker', 'image-missing', 'sandbox-failed', 'interrupted', 'io'])
      expect(isDone(failed('x', code))).toBe(false);
    for (const code of ['fetch-failed', 'target-not-found', 'bad-args', 'internal', 'timeout'])
      expect(isDone(failed('x', code))).toBe(true);
  });
});

describe('planResume', () => {
  it('runs what is not done, in list order, and keeps every other line', () => {
    const plan = planResume(targets, lines);
    expect(plan.pending.map((x) => x.target)).toEqual(['nodocker', 'new']);
    expect(plan.skipped.map((x) => x.target)).toEqual(['ok', 'bad', 'slow']);
    expect(plan.kept.map((l) => l.target)).toEqual(['ok', 'bad', 'slow', 'elsewhere']);
  });

  it('--force runs the whole list and keeps only lines of targets not in it', () => {
    const plan = planResume(targets, lines, { force: true });
    expect(plan.pending).toEqual(targets);
    expect(plan.skipped).toEqual([]);
    expect(plan.kept.map((l) => l.target)).toEqual(['elsewhere']);
  });

  it('--retry-failed runs the failures again', () => {
    const plan = planResume(targets, lines, { retryFailed: true });
    expect(plan.pending.map((x) => x.target)).toEqual(['bad', 'slow', 'nodocker', 'new']);
  });

  it('a fresh batch runs everything', () => {
    expect(planResume(targets, []).pending).toEqual(targets);
  });
});

describe('linesOfList', () => {
  it('gives the lines of the list targets in list order, leaving out others and the unrun', () => {
    expect(linesOfList(targets, [...lines].reverse()).map((l) => l.target)).toEqual([
      'ok',
      'bad',
      'slow',
      'nodocker',
    ]);
  });
});
