// Integration: the built command's contract — exit codes, the one-line error on stderr, reports
// on disk, and nothing left behind (no container, no temp folder), Ctrl-C included.
import { mkdtempSync, readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../harness/fixtures/analyze-for-test.js';
import { LABEL_OWNER_PID } from '../../sandbox/docker/labels.js';
import { projectRoot } from '../util/project-root.js';

const BIN = join(projectRoot(), 'bin', 'mcp-airlock.js');
const T = 180_000;

async function cli(args: string[], env: Record<string, string> = {}) {
  const child = execa(process.execPath, [BIN, ...args], { reject: false, env, timeout: T });
  const pid = child.pid ?? -1;
  const r = await child;
  return { exitCode: r.exitCode, stderr: String(r.stderr), pid };
}

/** Containers and temp folders that a process with this pid left behind. */
async function leftovers(pid: number): Promise<string[]> {
  const docker = new Docker();
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL_OWNER_PID}=${pid}`] },
  });
  const folders = readdirSync(tmpdir())
    .filter((n) => n.startsWith('mcp-airlock-'))
    .filter((n) => {
      try {
        return Number(readFileSync(join(tmpdir(), n, '.owner-pid'), 'utf8')) === pid;
      } catch {
        return false;
      }
    });
  return [...containers.map((c) => c.Id), ...folders];
}

function outDir(): string {
  return mkdtempSync(join(tmpdir(), 'airlock-cli-out-'));
}

describe('mcp-airlock analyze: bad input exits 2 with one line and leaves nothing', () => {
  const badTgz = join(mkdtempSync(join(tmpdir(), 'airlock-bad-')), 'corrupt.tgz');
  writeFileSync(badTgz, 'this is not a gzip stream');
  it.each([
    ['a missing path', ['analyze', './no/such/folder'], {}, /no such file or folder/],
    [
      'a corrupt tarball',
      ['analyze', badTgz],
      {},
      /not a valid npm package tarball|cannot fetch|cannot install/,
    ],
    [
      'an unknown package',
      ['analyze', '@mcp-airlock-test-nonexistent/no-such-package-zz9@1.0.0'],
      {},
      /cannot fetch|not found|404/i,
    ],
    [
      'an invalid --fail-on',
      ['analyze', fixturePath('clean'), '--fail-on', 'severe'],
      {},
      /--fail-on/,
    ],
    ['an unknown option', ['analyze', fixturePath('clean'), '--bogus'], {}, /unknown option/],
    [
      'an invalid --min-coverage',
      ['analyze', fixturePath('clean'), '--min-coverage', '80'],
      {},
      /error \(bad-args\): --min-coverage wants a percentage such as 80% or a fraction such as 0\.8, got: 80$/,
    ],
    [
      'no Docker engine',
      ['analyze', fixturePath('clean')],
      { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
      /no Docker engine/,
    ],
  ] as const)(
    '%s',
    async (_name, args, env, message) => {
      const r = await cli([...args, '--out', outDir()], env);
      expect(r.exitCode).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(await leftovers(r.pid)).toEqual([]);
    },
    T,
  );
});

describe('mcp-airlock analyze: results', () => {
  it(
    'exits 0 for a clean server and writes report.json, report.html and egress.pcap',
    async () => {
      const out = outDir();
      const r = await cli(['analyze', fixturePath('clean'), '--out', out, '--seed', '5']);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr.trim().split('\n').at(-1)).toMatch(
        /verdict clean: 0 critical, 0 high, 0 medium, 0 low, 0 info/,
      );
      for (const f of ['report.json', 'report.html', 'egress.pcap'])
        expect(existsSync(join(out, f)), f).toBe(true);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
        schemaVersion: number;
        seed: number;
      };
      expect(report).toMatchObject({ schemaVersion: 1, seed: 5 });
      expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('Content-Security-Policy');
      expect(await leftovers(r.pid)).toEqual([]);
    },
    T,
  );

  it(
    'exits 1 when a finding reaches --fail-on, 0 when the threshold is above it',
    async () => {
      const high = await cli(['analyze', fixturePath('raw-tcp'), '--out', outDir(), '--quiet']);
      expect(high.exitCode).toBe(1);
      expect(high.stderr).toMatch(/verdict suspicious: 0 critical, 2 high/);
      const critical = await cli([
        'analyze',
        fixturePath('raw-tcp'),
        '--out',
        outDir(),
        '--quiet',
        '--fail-on',
        'critical',
      ]);
      expect(critical.exitCode).toBe(0);
    },
    T,
  );

  it(
    'exits 1 when fewer tools returned a result than --min-coverage asks, and says so',
    async () => {
      // One call for three tools: 1 of 3 returned a result. --fail-on critical keeps the
      // not-examined findings (high) from deciding the exit code: the coverage gate does.
      const out = outDir();
      const r = await cli([
        'analyze',
        fixturePath('clean'),
        '--out',
        out,
        '--quiet',
        '--rounds',
        '1',
        '--max-calls',
        '1',
        '--fail-on',
        'critical',
        '--min-coverage',
        '50%',
      ]);
      expect(r.exitCode, r.stderr).toBe(1);
      expect(r.stderr.trim().split('\n').at(-1)).toMatch(
        /^mcp-airlock: verdict suspicious: 0 critical, [1-9]\d* high, .*; 1 of 3 tools returned a result; coverage 1\/3 tools \(33\.3%\) below --min-coverage 50% \(report: /,
      );
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
        coverage: unknown;
      };
      expect(report.coverage).toMatchObject({
        toolsListed: 3,
        toolsCalled: 1,
        toolsWithResult: 1,
        totals: { calls: 1, ok: 1 },
        statement: '1 of 3 tools returned a result',
        gate: { minimum: 0.5, met: false },
      });
      expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(
        '<p class="warn">coverage 1/3 tools (33.3%) below --min-coverage 50%</p>',
      );
      expect(await leftovers(r.pid)).toEqual([]);
    },
    T,
  );

  it(
    'analyses a Streamable HTTP server with --transport http (port found in the pod)',
    async () => {
      const out = outDir();
      const r = await cli([
        'analyze',
        fixturePath('http-streamable-exfil'),
        '--transport',
        'http',
        '--out',
        out,
        '--rounds',
        '1',
        '--quiet',
      ]);
      expect(r.exitCode, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/verdict malicious: [1-9]\d* critical/);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
        surface: { transport: string };
        findings: { rule: string }[];
      };
      expect(report.surface.transport).toBe('streamable-http');
      expect(report.findings.map((f) => f.rule)).toContain('exfil/canary');
      expect(await leftovers(r.pid)).toEqual([]);
    },
    T,
  );

  it(
    'removes the pod and the temp folder when interrupted with Ctrl-C',
    async () => {
      const child = execa(
        process.execPath,
        [BIN, 'analyze', fixturePath('crashy'), '--out', outDir(), '--call-timeout', '30'],
        {
          reject: false,
        },
      );
      const pid = child.pid ?? -1;
      const docker = new Docker();
      // Wait until the run's target container exists, then interrupt.
      for (let i = 0; i < 240; i += 1) {
        const running = await docker.listContainers({
          filters: { label: [`${LABEL_OWNER_PID}=${pid}`, 'mcp-airlock.role=target'] },
        });
        if (running.length > 0) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(await leftovers(pid)).not.toEqual([]);
      child.kill('SIGINT');
      const r = await child;
      expect(r.exitCode).toBe(130);
      expect(await leftovers(pid)).toEqual([]);
    },
    T,
  );
});
