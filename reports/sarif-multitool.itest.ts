// Integration test: the SARIF that render-sarif.ts writes passes Microsoft's SARIF Multitool
// (scripts/validate-sarif.sh: its SARIF rules and its GitHub code-scanning ingestion rules) with
// no error, and the script does fail a log GitHub would reject. Runs the real multitool (a .NET
// program from the @microsoft/sarif-multitool devDependency); no Docker.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/util/project-root.js';
import { renderSarif } from './render-sarif.js';
import { sampleReport } from './sample-report.js';

const dir = mkdtempSync(join(tmpdir(), 'airlock-sarif-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs scripts/validate-sarif.sh on `text`; its exit code and output. */
function validate(name: string, text: string): { status: number | null; output: string } {
  const file = join(dir, name);
  writeFileSync(file, text);
  const script = join(projectRoot(), 'scripts', 'validate-sarif.sh');
  const r = spawnSync('bash', [script, file], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('SARIF Multitool', { timeout: 150_000 }, () => {
  it('finds no error in the sample report', () => {
    const r = validate('sample.sarif', renderSarif(sampleReport(), { artifactUri: 'mcp.json' }));
    expect(r.output).toMatch(/validate-sarif: \d+ result\(s\), 0 error\(s\)/);
    expect(r.status).toBe(0);
  });

  it('finds no error in a report with zero findings', () => {
    const r = validate('empty.sarif', renderSarif({ ...sampleReport(), findings: [] }));
    expect(r.output).toContain('0 error(s)');
    expect(r.status).toBe(0);
  });

  it('fails a log whose results have no location (GitHub rejects those)', () => {
    const log = JSON.parse(renderSarif(sampleReport())) as {
      runs: { results: Record<string, unknown>[] }[];
    };
    for (const res of log.runs[0]?.results ?? []) delete res.locations;
    const r = validate('broken.sarif', JSON.stringify(log));
    expect(r.output).toMatch(/error GH\d+/);
    expect(r.status).toBe(1);
  });
});
