// Integration: `mcp-airlock batch` through the built binary on real pods, issue 11's acceptance:
// a batch of 20 bundled fixtures writes a correct index; killed (SIGINT) once about half are in
// index.jsonl and run again, it finishes only the rest; the index has each target once, with the
// verdict harness/fixtures/expectations.ts gives for it, and index.html links every report.
// The fixtures are chosen to need no per-target options (no allowlist, transport or extra
// rounds) and to act within their calls, so `--rounds 1 --linger 0` sees what the fixture tests
// see; --seed 7 is the fixture tests' seed.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../harness/fixtures/analyze-for-test.js';
import { FIXTURES } from '../../harness/fixtures/expectations.js';
import { relativeHref } from '../../reports/render-scan-html.js';
import type { IndexLine } from '../batch/batch-index.js';
import { isDone } from '../batch/batch-resume.js';
import { projectRoot } from '../util/project-root.js';

const BIN = join(projectRoot(), 'bin', 'mcp-airlock.js');
const T = 900_000;

// 6 clean, 9 suspicious, 5 malicious, mixed so that the first half holds each verdict.
const NAMES = [
  'clean',
  'env-exfil-gzip',
  'raw-tcp',
  'dns-only',
  'http-post',
  'ssh-key-stealer',
  'result-leak',
  'cache-writer',
  'udp-ip',
  'dns-port-smuggle',
  'https-post',
  'benign-subprocess',
  'bashrc-persist',
  'smtp-exfil',
  'calculator-shell',
  'env-debug',
  'poison-shadowing',
  'report-injection',
  'dns-txt-beacon',
  'meta-real-text',
];
const KILL_AT = 10;

/** The complete lines of index.jsonl (a line being appended is left for the next look). */
function indexOf(dir: string): IndexLine[] {
  const path = join(dir, 'index.jsonl');
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as IndexLine);
}

describe('mcp-airlock batch', () => {
  it(
    'indexes 20 fixtures; killed halfway and re-run, it finishes only the rest, each target once',
    async () => {
      const expected = new Map<string, string>();
      for (const name of NAMES) {
        const fx = FIXTURES.find((f) => f.name === name);
        // usable with one set of batch options, and its verdict known
        expect(fx?.verdict, name).toBeDefined();
        expect(fx?.allowEgress ?? [], name).toEqual([]);
        expect(fx?.transport, name).toBeUndefined();
        expect(fx?.rounds ?? 1, name).toBe(1);
        expected.set(fixturePath(name), fx?.verdict ?? '');
      }
      const targets = [...expected.keys()];
      expect(new Set(targets).size).toBe(20);

      const dir = mkdtempSync(join(tmpdir(), 'airlock-batch-'));
      const out = join(dir, 'out');
      const list = join(dir, 'targets.txt');
      writeFileSync(list, `# 20 fixtures\n${targets.join('\n')}\n\n${targets[0]}  # again\n`);
      const args = [
        BIN,
        'batch',
        list,
        '--out',
        out,
        '--rounds',
        '1',
        '--linger',
        '0',
        '--concurrency',
        '2',
        '--seed',
        '7',
        '--verbose',
      ];

      // first run: interrupted once half the targets are in the index
      const first = execa(process.execPath, args, { reject: false, timeout: T });
      let exited = false;
      void first.finally(() => (exited = true));
      for (let i = 0; i < 2400 && !exited; i += 1) {
        if (indexOf(out).length >= KILL_AT) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      first.kill('SIGINT');
      const stopped = await first;
      expect(stopped.exitCode, String(stopped.stderr)).toBe(130);
      const before = indexOf(out);
      const kept = before.filter((l) => isDone(l));
      expect(kept.length, JSON.stringify(before)).toBeGreaterThanOrEqual(KILL_AT);
      expect(kept.length).toBeLessThan(20);
      const keptTargets = new Set(kept.map((l) => l.target));
      const rest = targets.filter((t) => !keptTargets.has(t));

      // second run: only the rest, then exit 1 (some are malicious)
      const second = await execa(process.execPath, args, { reject: false, timeout: T });
      expect(second.exitCode, String(second.stderr)).toBe(1);
      const after = indexOf(out);
      expect(after.map((l) => l.target).sort()).toEqual([...targets].sort());
      for (const l of kept) expect(after.find((x) => x.target === l.target)).toEqual(l);
      const stderr = String(second.stderr);
      for (const t of keptTargets) expect(stderr).not.toContain(`${t}:`);
      for (const t of rest) expect(stderr).toContain(`${t}:`);
      const added = after.filter((l) => !keptTargets.has(l.target));
      expect(added.map((l) => l.target).sort()).toEqual([...rest].sort());

      // every line: analysed, the table's verdict, its reports on disk and linked from the page
      const page = readFileSync(join(out, 'index.html'), 'utf8');
      expect(page).not.toMatch(/<script/i);
      for (const l of after) {
        expect(l.outcome, `${l.target}: ${JSON.stringify(l.error)}`).toBe('analysed');
        expect(l.verdict, l.target).toBe(expected.get(l.target));
        for (const p of [l.reportPath, l.htmlPath]) {
          expect(existsSync(join(out, p ?? 'none')), `${l.target} ${p}`).toBe(true);
          expect(page).toContain(`href="${relativeHref(p ?? 'none')}"`);
        }
      }

      // third run: nothing left to do
      const third = await execa(process.execPath, args, { reject: false, timeout: T });
      expect(third.exitCode).toBe(1);
      expect(indexOf(out)).toEqual(after);
    },
    T,
  );
});
