// Integration: the gating commands through the built binary, on real pods. diff names the Bcc a
// version bump adds; approve/verify pass an unchanged package and name a bumped or re-published
// one; scan analyses every server of a client configuration; SARIF validates against the
// official schema; a policy allows a host but never a canary sent to it; report re-renders.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import addFormats from 'ajv-formats';
import AjvDraft04Module from 'ajv-draft-04';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../harness/fixtures/analyze-for-test.js';
import sarifSchema from '../../reports/schemas/sarif-schema-2.1.0.json' with { type: 'json' };
import { projectRoot } from '../util/project-root.js';

const BIN = join(projectRoot(), 'bin', 'mcp-airlock.js');
const T = 600_000;
const version = (v: string) =>
  join(projectRoot(), 'harness', 'fixtures', 'versions', `postmark-mail-${v}`);
const POSTMARK = ['--allow-egress', 'api.postmark.example', '--rounds', '1'];

async function cli(args: string[], cwd = projectRoot()) {
  const r = await execa(process.execPath, [BIN, ...args], { reject: false, timeout: T, cwd });
  return { exitCode: r.exitCode, stderr: String(r.stderr), stdout: String(r.stdout) };
}

const tmp = (p: string) => mkdtempSync(join(tmpdir(), `airlock-gate-${p}-`));
const json = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;

const ajv = new AjvDraft04Module.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateSarif = ajv.compile(sarifSchema);

describe('mcp-airlock diff', () => {
  it(
    'names the Bcc key and address a bump adds and exits 1; the same version twice exits 0 with no difference',
    async () => {
      const [bump, same] = [tmp('diff'), tmp('same')];
      const [a, b] = await Promise.all([
        cli(['diff', version('1.0.15'), version('1.0.16'), '--out', bump, ...POSTMARK]),
        cli(['diff', version('1.0.15'), version('1.0.15'), '--out', same, ...POSTMARK]),
      ]);
      expect(a.exitCode, a.stderr).toBe(1);
      expect(a.stderr).toContain('new JSON key $.Bcc');
      expect(a.stderr).toContain('archive@mailvault.example');
      const d = json<{ risky: boolean; reasons: string[] }>(join(bump, 'diff.json'));
      expect(d.risky).toBe(true);
      expect(d.reasons.join('\n')).toMatch(/\$\.Bcc[^\n]*archive@mailvault\.example/);
      expect(readFileSync(join(bump, 'diff.html'), 'utf8')).toContain('archive@mailvault.example');
      expect(existsSync(join(bump, 'old', 'report.json'))).toBe(true);
      expect(existsSync(join(bump, 'new', 'report.json'))).toBe(true);

      expect(b.exitCode, b.stderr).toBe(0);
      const s = json<{ risky: boolean; diff: { differences: unknown[] } }>(join(same, 'diff.json'));
      expect(s.risky).toBe(false);
      expect(s.diff.differences).toEqual([]);
    },
    T,
  );
});

describe('mcp-airlock approve and verify', () => {
  it(
    'passes an unchanged package and names a bumped or re-published one',
    async () => {
      const dir = tmp('lock');
      const lock = join(dir, 'mcp-airlock.lock.json');
      const approved = await cli([
        'approve',
        version('1.0.15'),
        '--lock',
        lock,
        '--out',
        join(dir, 'a'),
        ...POSTMARK,
      ]);
      expect(approved.exitCode, approved.stderr).toBe(0);
      const written = json<{ packages: { name: string; version: string; integrity?: string }[] }>(
        lock,
      );
      expect(written.packages).toMatchObject([
        { name: 'airlock-fixture-postmark-mail', version: '1.0.15' },
      ]);
      expect(written.packages[0]?.integrity).toMatch(/^sha512-/);

      const [same, bumped, republished] = await Promise.all([
        cli(['verify', version('1.0.15'), '--lock', lock, '--out', join(dir, 'v1'), ...POSTMARK]),
        cli(['verify', version('1.0.16'), '--lock', lock, '--out', join(dir, 'v2'), ...POSTMARK]),
      ]).then(async (two) => [
        ...two,
        await cli([
          'verify',
          version('1.0.15-republished'),
          '--lock',
          lock,
          '--out',
          join(dir, 'v3'),
          ...POSTMARK,
        ]),
      ]);
      expect(same?.exitCode, same?.stderr).toBe(0);
      expect(same?.stderr).toMatch(/verified: airlock-fixture-postmark-mail@1\.0\.15/);

      expect(bumped?.exitCode, bumped?.stderr).toBe(1);
      expect(bumped?.stderr).toMatch(/version changed 1\.0\.15 -> 1\.0\.16/);
      expect(bumped?.stderr).toContain('$.Bcc');

      expect(republished?.exitCode, republished?.stderr).toBe(1);
      expect(republished?.stderr).toMatch(/integrity changed for the same version/);
      expect(republished?.stderr).toContain('archive@mailvault.example');
    },
    T,
  );

  it(
    'refuses to approve a package with findings at or above --fail-on, leaving the lock alone',
    async () => {
      const dir = tmp('refuse');
      const lock = join(dir, 'mcp-airlock.lock.json');
      const r = await cli([
        'approve',
        fixturePath('env-exfil-gzip'),
        '--lock',
        lock,
        '--out',
        dir,
        '--rounds',
        '1',
      ]);
      expect(r.exitCode, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/not approved/);
      expect(existsSync(lock)).toBe(false);
    },
    T,
  );
});

describe('mcp-airlock scan', () => {
  it(
    'analyses each server of a client config, writes a report each and a summary, exits 1; a policy does not clear a canary',
    async () => {
      const out = tmp('scan');
      const policy = join(out, 'policy.yaml');
      writeFileSync(
        policy,
        'version: 1\negress:\n  - host: telemetry.metrics-cdn.example\n    reason: the vendor says it is telemetry\n',
      );
      const config = join('harness', 'fixtures', 'configs', 'three-servers.mcp.json');
      const r = await cli(['scan', config, '--out', out, '--rounds', '1', '--policy', policy]);
      expect(r.exitCode, r.stderr).toBe(1);
      const summary = json<{
        verdict: string;
        rows: { name: string; status: string; links?: { json: string } }[];
      }>(join(out, 'summary.json'));
      expect(summary.verdict).toBe('malicious');
      expect(Object.fromEntries(summary.rows.map((x) => [x.name, x.status]))).toEqual({
        evil: 'malicious',
        clean: 'clean',
        notes: 'clean',
        fetch: 'not-examined',
        docs: 'not-examined',
      });
      for (const name of ['evil', 'clean', 'notes'])
        for (const f of ['report.json', 'report.html', 'report.sarif'])
          expect(existsSync(join(out, name, f)), `${name}/${f}`).toBe(true);
      expect(readFileSync(join(out, 'summary.html'), 'utf8')).toContain('not examined');

      // the policy allowed the host: the egress finding is gone, the canaries sent there are not
      const evil = json<{
        findings: { rule: string; severity: string }[];
        policy: { allowed: { finding: { rule: string } }[] };
      }>(join(out, 'evil', 'report.json'));
      expect(evil.policy.allowed.map((a) => a.finding.rule)).toContain('net/egress-http');
      expect(
        evil.findings.some((f) => f.rule === 'exfil/canary' && f.severity === 'critical'),
      ).toBe(true);

      // SARIF from a malicious fixture, alone and merged, against the official schema
      for (const file of [join(out, 'evil', 'report.sarif'), join(out, 'scan.sarif')]) {
        const log = json<unknown>(file);
        expect(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
      }
      const merged = json<{ runs: { results: { ruleId: string; level: string }[] }[] }>(
        join(out, 'scan.sarif'),
      );
      expect(merged.runs).toHaveLength(1);
      expect(
        merged.runs[0]?.results.some((x) => x.ruleId === 'exfil/canary' && x.level === 'error'),
      ).toBe(true);

      // re-rendering a saved report: the same SARIF, and an HTML page with the verdict
      const again = await cli(['report', join(out, 'evil', 'report.json'), '--format', 'sarif']);
      expect(again.exitCode, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toEqual(json(join(out, 'evil', 'report.sarif')));
      const page = await cli(['report', join(out, 'evil', 'report.json')]);
      expect(page.stdout).toMatch(/id="verdict"[\s\S]*Malicious/);
    },
    T,
  );
});

describe('the gating commands: bad input exits 2 with one line, before anything runs', () => {
  const dir = tmp('bad');
  const badPolicy = join(dir, 'policy.yaml');
  writeFileSync(
    badPolicy,
    'version: 1\negress:\n  - host: api.example.com\n    prots: [443]\n    reason: x\n',
  );
  const badLock = join(dir, 'bad.lock.json');
  writeFileSync(badLock, '{"lockVersion": 2}');
  const badConfig = join(dir, 'config.json');
  writeFileSync(badConfig, '{"servers": 3}');
  const badReport = join(dir, 'report.json');
  writeFileSync(badReport, '{"verdict": "clean"}');
  it.each([
    [
      'a policy with a typo',
      ['analyze', fixturePath('clean'), '--policy', badPolicy],
      /bad-policy.*prots/,
    ],
    [
      'a missing policy',
      ['analyze', fixturePath('clean'), '--policy', join(dir, 'none.yaml')],
      /policy file not found/,
    ],
    [
      'verify without a lock',
      ['verify', fixturePath('clean'), '--lock', join(dir, 'none.json')],
      /bad-lock.*not found/,
    ],
    ['a bad lock', ['verify', fixturePath('clean'), '--lock', badLock], /bad-lock/],
    ['a bad client config', ['scan', badConfig], /bad-config/],
    ['a missing client config', ['scan', join(dir, 'nope.json')], /bad-config.*not found/],
    ['a file that is not a report', ['report', badReport], /bad-report.*not an mcp-airlock report/],
  ])('%s', async (_, args, message) => {
    const r = await cli(args as string[]);
    expect(r.exitCode).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message as RegExp);
  });
});
