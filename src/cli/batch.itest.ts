// Integration: `mcp-airlock batch` through the built binary on real pods: a list of fixtures is
// analysed into one folder per target with index.jsonl and index.html; killed after its first
// target and run again, it finishes only the rest, and the index has each target once.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../harness/fixtures/analyze-for-test.js';
import { projectRoot } from '../util/project-root.js';

const BIN = join(projectRoot(), 'bin', 'mcp-airlock.js');
const T = 600_000;

interface Line {
  target: string;
  slug: string;
  outcome: string;
  verdict?: string;
  finishedAt: string;
  reportPath?: string;
}
const indexOf = (dir: string): Line[] =>
  readFileSync(join(dir, 'index.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Line);

describe('mcp-airlock batch', () => {
  it(
    'writes a report per target and an index; killed after one target, a re-run finishes only the rest',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'airlock-batch-'));
      const out = join(dir, 'out');
      const list = join(dir, 'targets.txt');
      const targets = [
        fixturePath('clean'),
        fixturePath('env-exfil-gzip'),
        fixturePath('http-post'),
      ];
      writeFileSync(list, `# three fixtures\n${targets.join('\n')}\n\n${targets[0]}  # again\n`);
      const args = [
        BIN,
        'batch',
        list,
        '--out',
        out,
        '--rounds',
        '1',
        '--concurrency',
        '1',
        '--verbose',
      ];

      // first run: stopped once the first target is in the index
      const first = execa(process.execPath, args, { reject: false });
      for (let i = 0; i < 600; i += 1) {
        if (existsSync(join(out, 'index.jsonl')) && indexOf(out).length >= 1) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      first.kill('SIGINT');
      await first;
      const before = indexOf(out);
      expect(before.length).toBeGreaterThanOrEqual(1);
      expect(before.length).toBeLessThan(3);

      // second run: only what is left, then exit 1 (env-exfil-gzip is malicious)
      const second = await execa(process.execPath, args, { reject: false, timeout: T });
      expect(second.exitCode, String(second.stderr)).toBe(1);
      const after = indexOf(out);
      expect(after.map((l) => l.target).sort()).toEqual([...targets].sort());
      for (const l of before)
        expect(after.find((x) => x.target === l.target)?.finishedAt).toBe(l.finishedAt);
      expect(String(second.stderr)).not.toContain(`${before[0]?.target}:`);
      const verdicts = Object.fromEntries(after.map((l) => [l.target, l.verdict]));
      expect(verdicts[targets[1] as string]).toBe('malicious');
      expect(verdicts[targets[0] as string]).toBe('clean');
      for (const l of after) expect(existsSync(join(out, l.reportPath ?? 'none'))).toBe(true);
      const page = readFileSync(join(out, 'index.html'), 'utf8');
      expect(page).toContain('env-exfil-gzip');
      expect(page).not.toMatch(/<script/i);

      // third run: nothing left to do
      const third = await execa(process.execPath, args, { reject: false, timeout: T });
      expect(third.exitCode).toBe(1);
      expect(indexOf(out)).toEqual(after);
    },
    T,
  );
});
