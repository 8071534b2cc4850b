// A small line diff for showing how a tool definition changed (rug pulls): the longest common
// subsequence of lines, after trimming the common head and tail. Pure and bounded: when the
// changed middle is too large to compare cheaply it gives up (null), and the report shows both
// versions side by side instead.

/** One line of a diff, or a run of unchanged lines folded away. */
export type DiffOp =
  { kind: 'same' | 'add' | 'del'; line: string } | { kind: 'skip'; count: number };

/** Most cells of the LCS table (changed lines before × after) the diff will fill. */
export const MAX_DIFF_CELLS = 250_000;

/** Split text into lines; the empty string has none (so "added" shows only additions). */
function lines(s: string): string[] {
  return s === '' ? [] : s.split(/\r?\n/);
}

/** Insertions and deletions turning `a` into `b` (deletions first at each change). */
function lcsOps(a: readonly string[], b: readonly string[]): DiffOp[] {
  const w = b.length + 1;
  const len = new Uint32Array((a.length + 1) * w);
  const at = (i: number, j: number): number => len[i * w + j] ?? 0;
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      len[i * w + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const out: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', line: a[i++] ?? '' });
      j++;
    } else if (at(i + 1, j) >= at(i, j + 1)) out.push({ kind: 'del', line: a[i++] ?? '' });
    else out.push({ kind: 'add', line: b[j++] ?? '' });
  }
  while (i < a.length) out.push({ kind: 'del', line: a[i++] ?? '' });
  while (j < b.length) out.push({ kind: 'add', line: b[j++] ?? '' });
  return out;
}

/** The line diff from `before` to `after`, or null when the changed part is too large. */
export function diffLines(before: string, after: string): DiffOp[] | null {
  const a = lines(before);
  const b = lines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail++;
  }
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  if (midA.length * midB.length > MAX_DIFF_CELLS) return null;
  const same = (line: string): DiffOp => ({ kind: 'same', line });
  return [
    ...a.slice(0, head).map(same),
    ...lcsOps(midA, midB),
    ...a.slice(a.length - tail).map(same),
  ];
}

/** Keep `context` unchanged lines around each change; longer unchanged runs become a skip. */
export function foldUnchanged(ops: readonly DiffOp[], context = 3): DiffOp[] {
  const out: DiffOp[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i]?.kind !== 'same') {
      out.push(ops[i] as DiffOp);
      i++;
      continue;
    }
    let end = i;
    while (end < ops.length && ops[end]?.kind === 'same') end++;
    const keepHead = i === 0 ? 0 : context;
    const keepTail = end === ops.length ? 0 : context;
    const run = ops.slice(i, end);
    // Folding a single line away would hide it behind a marker of the same size.
    if (run.length <= keepHead + keepTail + 1) out.push(...run);
    else {
      out.push(...run.slice(0, keepHead));
      out.push({ kind: 'skip', count: run.length - keepHead - keepTail });
      out.push(...run.slice(run.length - keepTail));
    }
    i = end;
  }
  return out;
}

/** How many lines were removed and added. */
export function diffStats(ops: readonly DiffOp[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const op of ops) {
    if (op.kind === 'add') added++;
    else if (op.kind === 'del') removed++;
  }
  return { added, removed };
}
