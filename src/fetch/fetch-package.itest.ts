// Integration (issue 8, hole 2): the fetch phase runs nothing of the package on the host and
// reaches nothing it names, whatever npm the host has. The package below has every script that
// could run while it is packed or installed (npm 10's `pack --ignore-scripts` still runs
// `prepare`: npm/cli#7211, fixed in npm 11), and depends on a git repository, a host folder and
// a URL on this host's loopback, each with a `prepare` of its own. On the main of 2026-11-27 the
// fetch ran `npm pack` and `npm install` on the host: with npm 10 the target's prepare ran there,
// and the git dependency was cloned and prepared there with any npm. Every script writes a mark
// into a host folder; the test runs the fetch with npm 10 and with npm 11 first on PATH and
// finds no mark, no request to the loopback server, and each dependency named and refused.
// Last, a second fetch of one folder is linked from the staged-project cache: same outcome, no
// fetch container.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDocker } from '../../sandbox/docker/engine.js';
import { ensureImage } from '../../sandbox/image/build-image.js';
import { createRunDir } from '../../sandbox/run-dir.js';
import { projectRoot } from '../util/project-root.js';
import { fetchPackage } from './fetch-package.js';
import { clearStaged } from './staged-cache.js';

const T = 300_000;
let tmp = '';
let marks = '';
let hits = 0;
let server: http.Server;
let port = 0;
let image = '';
const docker = await connectDocker();

/** A script that leaves `<marks>/<name>` wherever it runs (only the host has that folder). */
const mark = (name: string) => `node -e "require('fs').writeFileSync('${marks}/${name}','ran')"`;

function pkg(dir: string, json: Record<string, unknown>): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(json, null, 2));
  writeFileSync(join(dir, 'index.js'), '#!/usr/bin/env node\nconsole.log("x")\n');
  return dir;
}

const SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare', 'prepack', 'postpack'];

/** npm 10, installed once (scripts off) into .airlock/npm10: what Node 20 and 22 ship. */
function npm10Bin(): string {
  const prefix = join(projectRoot(), '.airlock', 'npm10');
  const bin = join(prefix, 'node_modules', '.bin');
  if (!existsSync(join(bin, 'npm')))
    execFileSync(
      'npm',
      ['install', '--prefix', prefix, 'npm@10', '--ignore-scripts', '--no-audit', '--no-fund'],
      {
        stdio: 'ignore',
      },
    );
  expect(execFileSync(join(bin, 'npm'), ['--version'], { encoding: 'utf8' })).toMatch(/^10\./);
  return bin;
}

beforeAll(async () => {
  image = await ensureImage(docker);
  tmp = mkdtempSync(join(tmpdir(), 'airlock-fetch-itest-'));
  marks = join(tmp, 'marks');
  mkdirSync(marks);
  server = http.createServer((_req, res) => {
    hits += 1;
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
  // A git repository on the host whose package prepares itself.
  const gitDir = pkg(join(tmp, 'git-dep'), {
    name: 'git-dep',
    version: '1.0.0',
    scripts: { prepare: mark('git-dep-prepare') },
  });
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      ['-C', gitDir, '-c', 'user.email=t@t.example', '-c', 'user.name=t', ...args],
      {
        stdio: 'ignore',
      },
    );
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'init');
  pkg(join(tmp, 'file-dep'), {
    name: 'file-dep',
    version: '1.0.0',
    scripts: { prepare: mark('file-dep-prepare') },
  });
}, T);

afterAll(async () => {
  server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function fetchWith(npmBin: string | undefined, target: string) {
  const path = process.env['PATH'];
  if (npmBin) process.env['PATH'] = `${npmBin}:${path}`;
  const runDir = createRunDir('fetch-itest');
  try {
    // No staged-project cache: each case must reach the fetch container.
    return await fetchPackage({ kind: 'folder', path: target }, runDir.path, {
      docker,
      image,
      runId: `fetchitest${process.pid}`,
      stagedCache: false,
    });
  } finally {
    process.env['PATH'] = path;
    runDir.remove();
  }
}

describe.each([
  ['npm 10', () => npm10Bin()],
  ['npm 11', () => undefined],
])('the fetch phase with %s first on PATH', (_name, bin) => {
  it(
    'packs and installs a package whose every script would leave a mark, and no mark appears',
    async () => {
      const target = pkg(join(tmp, `scripts-${_name.replace(' ', '')}`), {
        name: 'scripted-server',
        version: '1.0.0',
        bin: 'index.js',
        scripts: Object.fromEntries(SCRIPTS.map((s) => [s, mark(`target-${s}`)])),
      });
      const r = await fetchWith(bin(), target);
      expect(r.kind).toBe('staged');
      expect(readdirSync(marks)).toEqual([]);
    },
    T,
  );

  it(
    'refuses git, path and URL dependencies without reaching them, and names each one',
    async () => {
      const target = pkg(join(tmp, `deps-${_name.replace(' ', '')}`), {
        name: 'remote-deps-server',
        version: '1.0.0',
        bin: 'index.js',
        scripts: Object.fromEntries(SCRIPTS.map((s) => [s, mark(`deps-${s}`)])),
        dependencies: {
          'git-dep': `git+file://${join(tmp, 'git-dep')}`,
          'file-dep': `file:${join(tmp, 'file-dep')}`,
          'url-dep': `http://127.0.0.1:${port}/url-dep-1.0.0.tgz`,
        },
      });
      const r = await fetchWith(bin(), target);
      expect(r.kind).toBe('refused');
      expect(r.fetch.dependencies.map((d) => `${d.name}:${d.kind}`).sort()).toEqual([
        'file-dep:path',
        'git-dep:git',
        'url-dep:url',
      ]);
      expect(r.fetch.failed).toBeTruthy();
      expect(readdirSync(marks)).toEqual([]);
      expect(hits).toBe(0);
    },
    T,
  );
});

describe('the staged-project cache', () => {
  it(
    'links a second fetch of the same folder from the cache: same outcome, no container',
    async () => {
      const target = pkg(join(tmp, 'cached'), {
        name: 'cached-server',
        version: '1.0.0',
        bin: 'index.js',
        scripts: { prepare: mark('cached-prepare') },
      });
      const stagedCache = { root: join(tmp, 'staged'), ttlMs: 600_000, maxEntries: 10 };
      const runs = [createRunDir('fetch-itest'), createRunDir('fetch-itest')];
      try {
        const fetchIn = (dir: string) =>
          fetchPackage({ kind: 'folder', path: target }, dir, {
            docker,
            image,
            runId: `fetchitestc${process.pid}`,
            stagedCache,
          });
        const first = await fetchIn(runs[0]?.path ?? '');
        const created: unknown[] = [];
        const spy = docker.createContainer.bind(docker);
        docker.createContainer = ((o: unknown) => (created.push(o), spy(o as never))) as never;
        const second = await fetchIn(runs[1]?.path ?? '').finally(() => {
          docker.createContainer = spy;
        });
        expect(first.kind).toBe('staged');
        expect(second.kind).toBe('staged');
        if (first.kind !== 'staged' || second.kind !== 'staged') return;
        expect(first.timings['cached']).toBeUndefined();
        expect(second.timings['cached']).toBe(1);
        expect(created).toEqual([]);
        expect(second.fetch).toEqual(first.fetch);
        expect(second.staged.manifest).toEqual(first.staged.manifest);
        expect(second.staged.entryInProject).toBe(first.staged.entryInProject);
        expect(second.staged.projectDir).toBe(join(runs[1]?.path ?? '', 'project'));
        const tgz = (o: typeof first) =>
          readFileSync(join(o.staged.projectDir, '.pkg', 'package.tgz'));
        expect(tgz(second).equals(tgz(first))).toBe(true);
        expect(readdirSync(marks)).toEqual([]);
      } finally {
        for (const r of runs) r.remove();
        clearStaged(stagedCache);
      }
    },
    T,
  );
});
