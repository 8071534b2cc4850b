// Tests for the line diff used to show rug pulls: correct ops, folding and the size bound.
import { describe, expect, it } from 'vitest';
import { MAX_DIFF_CELLS, diffLines, diffStats, foldUnchanged, type DiffOp } from './line-diff.js';

/** Ops as compact strings: " x", "-x", "+x", "…3". */
function compact(ops: readonly DiffOp[] | null): string[] {
  if (ops === null) return ['null'];
  return ops.map((o) =>
    o.kind === 'skip' ? `…${o.count}` : `${{ same: ' ', add: '+', del: '-' }[o.kind]}${o.line}`,
  );
}

/** Apply a diff to get the "after" text back (skips are not allowed here). */
function applied(ops: readonly DiffOp[]): string {
  return ops
    .filter((o) => o.kind === 'same' || o.kind === 'add')
    .map((o) => (o.kind === 'skip' ? '' : o.line))
    .join('\n');
}

describe('diffLines', () => {
  it('marks a changed line as a deletion followed by an addition', () => {
    expect(compact(diffLines('a\nb\nc', 'a\nB\nc'))).toEqual([' a', '-b', '+B', ' c']);
  });

  it('finds insertions and deletions in the middle', () => {
    expect(compact(diffLines('a\nb\nc\nd', 'a\nc\nx\nd'))).toEqual([' a', '-b', ' c', '+x', ' d']);
  });

  it('handles empty sides: all added, all removed, nothing at all', () => {
    expect(compact(diffLines('', 'x\ny'))).toEqual(['+x', '+y']);
    expect(compact(diffLines('x\ny', ''))).toEqual(['-x', '-y']);
    expect(diffLines('', '')).toEqual([]);
  });

  it('treats CRLF and LF line ends alike', () => {
    expect(compact(diffLines('a\r\nb', 'a\nb'))).toEqual([' a', ' b']);
  });

  it('always rebuilds the after text from same and added lines', () => {
    const before = '{\n  "description": "Adds.",\n  "name": "add",\n  "x": 1\n}';
    const after = '{\n  "description": "Adds. <IMPORTANT>",\n  "name": "add",\n  "y": 2\n}';
    const ops = diffLines(before, after);
    if (ops === null) throw new Error('small diff');
    expect(applied(ops)).toBe(after);
    expect(diffStats(ops)).toEqual({ added: 2, removed: 2 });
  });

  it('gives up (null) when the changed middle is too large, but not for a shared head/tail', () => {
    const n = Math.ceil(Math.sqrt(MAX_DIFF_CELLS)) + 1;
    const a = Array.from({ length: n }, (_, i) => `a${i}`).join('\n');
    const b = Array.from({ length: n }, (_, i) => `b${i}`).join('\n');
    expect(diffLines(a, b)).toBeNull();
    const shared = Array.from({ length: 5_000 }, (_, i) => `s${i}`).join('\n');
    const ops = diffLines(`${shared}\nold\n${shared}`, `${shared}\nnew\n${shared}`);
    expect(ops).not.toBeNull();
    expect(diffStats(ops ?? [])).toEqual({ added: 1, removed: 1 });
  });
});

describe('foldUnchanged', () => {
  const ops = diffLines(
    Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n'),
    Array.from({ length: 20 }, (_, i) => (i === 10 ? 'CHANGED' : `l${i}`)).join('\n'),
  );

  it('keeps context around a change and counts the lines folded away', () => {
    expect(compact(foldUnchanged(ops ?? [], 2))).toEqual([
      '…8',
      ' l8',
      ' l9',
      '-l10',
      '+CHANGED',
      ' l11',
      ' l12',
      '…7',
    ]);
  });

  it('does not fold a short run between two changes', () => {
    const two = diffLines('a\nx\nb\nc\ny', 'a\nX\nb\nc\nY');
    expect(compact(foldUnchanged(two ?? [], 2))).toEqual([
      ' a',
      '-x',
      '+X',
      ' b',
      ' c',
      '-y',
      '+Y',
    ]);
  });

  it('folds a diff with no changes into one skip', () => {
    expect(compact(foldUnchanged(diffLines('a\nb', 'a\nb') ?? []))).toEqual(['…2']);
  });
});
