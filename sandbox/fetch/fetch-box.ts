// Runs inside the fetch container (no network, uid 1000, read-only root, bounded tmpfs): turns
// the target into a staged project with the image's npm, whatever npm the host has. npm reaches
// the registry only through the host's registry proxy (a unix socket relayed to 127.0.0.1:3128),
// runs no scripts (`ignore-scripts`, which npm 11 also applies to `prepare`), and cannot run git
// (a stub that records what it was asked). `file:` paths resolve inside this container. On
// success the staged project goes to stdout as a tar stream; the result is one line on stderr.
// Only Node's built-ins: this file is copied into the image on its own.
import { execFile, spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import type { BoxResult } from './box-result.js';

const RELAY_PORT = 3128;
// Its folders are the fetch container's; the stage of a Kubernetes Pod (src/k8s/pod-stage.ts)
// runs it as a child process and moves them under its own scratch folder.
const env = (name: string, fallback: string) => process.env[name] || fallback;
const PROXY_SOCKET = env('FETCH_PROXY_SOCKET', '/run/fetch/proxy.sock');
const WORK = env('FETCH_WORK', '/work');
const TMP = env('FETCH_TMP', '/tmp');
const PROJECT = join(WORK, 'project');
const PKG_DIR = join(PROJECT, '.pkg');
const GIT_LOG = join(TMP, 'git-refused');
const MAX_OUTPUT = 64 * 1024;

const timings: Record<string, number> = {};
const t0 = Date.now();
const mark = (step: string) => (timings[step] = Date.now() - t0);

function finish(result: BoxResult): never {
  mark('end');
  process.stderr.write(`\nFETCH-RESULT ${JSON.stringify({ ...result, timings })}\n`);
  process.exit(0);
}

/** The relay: 127.0.0.1:3128 -> the host's proxy socket. */
function startRelay(): Promise<void> {
  const server = net.createServer((c) => {
    const up = net.connect(PROXY_SOCKET);
    c.on('error', () => up.destroy());
    up.on('error', () => c.destroy());
    c.pipe(up).pipe(c);
  });
  return new Promise((resolve) => server.listen(RELAY_PORT, '127.0.0.1', resolve));
}

/** The host's trusted certificates for the registry, when it passed them. */
const HOST_CA = env('FETCH_HOST_CA', '/run/fetch/ca.pem');

function npmEnv(): NodeJS.ProcessEnv {
  const proxy = `http://127.0.0.1:${RELAY_PORT}`;
  const ca = existsSync(HOST_CA)
    ? { npm_config_cafile: HOST_CA, NODE_EXTRA_CA_CERTS: HOST_CA }
    : {};
  return {
    ...ca,
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: env('FETCH_HOME', '/home/dev'),
    npm_config_registry: process.env['FETCH_REGISTRY'] ?? 'https://registry.npmjs.org/',
    npm_config_proxy: proxy,
    npm_config_https_proxy: proxy,
    npm_config_noproxy: '',
    https_proxy: proxy,
    http_proxy: proxy,
    npm_config_cache: process.env['FETCH_CACHE'] ?? '/cache',
    npm_config_git: join(TMP, 'no-git'),
    npm_config_ignore_scripts: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_prefer_offline: 'true',
    npm_config_loglevel: 'error',
    npm_config_userconfig: join(TMP, 'npmrc'),
    npm_config_globalconfig: join(TMP, 'npmrc-global'),
  };
}

function npm(
  args: string[],
  cwd: string,
  timeoutMs: number,
): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      '/usr/local/bin/node',
      ['/usr/local/lib/node_modules/npm/bin/npm-cli.js', ...args],
      { cwd, env: npmEnv(), timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, out: `${stdout}\n${stderr}`.slice(-MAX_OUTPUT) });
      },
    );
  });
}

function sh(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { maxBuffer: 1024 * 1024, encoding: 'latin1' }, (err, stdout, stderr) =>
      resolve({ code: err ? 1 : 0, out: err ? String(stderr).slice(0, 2000) : String(stdout) }),
    );
  });
}

/** package.json from the tarball: `package/package.json`, or the first top folder's. */
async function manifestOf(tgz: string): Promise<string | undefined> {
  const direct = await sh('/usr/bin/tar', ['-xzOf', tgz, 'package/package.json']);
  if (direct.code === 0) return direct.out.slice(0, 1024 * 1024);
  const list = await sh('/usr/bin/tar', ['-tzf', tgz]);
  const entry = list.out.split('\n').find((l) => /^[^/]+\/package\.json$/.test(l));
  if (!entry) return undefined;
  const r = await sh('/usr/bin/tar', ['-xzOf', tgz, entry]);
  return r.code === 0 ? r.out.slice(0, 1024 * 1024) : undefined;
}

function resolvedElsewhere(registry: string): string[] {
  try {
    const lock = JSON.parse(readFileSync(join(PROJECT, 'package-lock.json'), 'utf8')) as {
      packages?: Record<string, { resolved?: unknown }>;
    };
    return Object.entries(lock.packages ?? {})
      .map(([path, p]) => [path, typeof p.resolved === 'string' ? p.resolved : ''] as const)
      .filter(
        ([path, r]) =>
          path !== '' && r !== '' && !r.startsWith(registry) && !r.startsWith('file:.pkg/'),
      )
      .slice(0, 100)
      .map(([path, r]) => `${path.slice(0, 300)} <- ${r.slice(0, 500)}`);
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  await startRelay();
  writeFileSync(
    join(TMP, 'no-git'),
    `#!/bin/sh\necho "$*" >> ${GIT_LOG}\necho "git is not available here" >&2\nexit 1\n`,
  );
  chmodSync(join(TMP, 'no-git'), 0o755);
  writeFileSync(join(TMP, 'npmrc'), '');
  writeFileSync(join(TMP, 'npmrc-global'), '');
  const kind = process.env['FETCH_KIND'];
  const spec = process.env['FETCH_SPEC'] ?? '';
  const registry = process.env['FETCH_REGISTRY'] ?? 'https://registry.npmjs.org/';
  const packDir = join(WORK, 'pack');
  mkdirSync(packDir, { recursive: true });
  mkdirSync(PKG_DIR, { recursive: true });
  let tgz = join(packDir, 'package.tgz');
  if (kind === 'tarball') copyFileSync('/input.tgz', tgz);
  else {
    const what = kind === 'folder' ? '/input' : spec;
    const r = await npm(
      ['pack', '--json', '--pack-destination', packDir, '--', what],
      WORK,
      300_000,
    );
    const file = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
    if (r.code !== 0 || !file)
      finish({ ok: false, stage: 'pack', output: r.out, gitRefused: gitLog() });
    tgz = join(packDir, file);
  }
  mark('pack');
  const manifest = await manifestOf(tgz);
  if (!manifest) finish({ ok: false, stage: 'manifest' });
  let name = '';
  try {
    name = String((JSON.parse(manifest) as { name?: unknown }).name ?? '');
  } catch {
    finish({ ok: false, stage: 'manifest', manifest });
  }
  if (!name) finish({ ok: false, stage: 'manifest', manifest });
  copyFileSync(tgz, join(PKG_DIR, 'package.tgz'));
  writeFileSync(
    join(PROJECT, 'package.json'),
    JSON.stringify(
      {
        name: 'workspace',
        version: '1.0.0',
        private: true,
        dependencies: { [name]: 'file:.pkg/package.tgz' },
      },
      null,
      2,
    ),
  );
  const r = await npm(
    ['install', '--omit=dev', '--install-links', '--no-audit', '--no-fund'],
    PROJECT,
    300_000,
  );
  mark('install');
  const result: BoxResult = {
    ok: r.code === 0 && existsSync(join(PROJECT, 'node_modules', name, 'package.json')),
    stage: 'install',
    manifest,
    output: r.out,
    gitRefused: gitLog(),
    resolvedElsewhere: resolvedElsewhere(registry),
  };
  if (!result.ok) finish(result);
  // The staged project, as a tar stream on stdout; the result after it.
  const tar = spawn('/usr/bin/tar', ['-C', WORK, '-c', 'project'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  tar.stdout.pipe(process.stdout);
  tar.on('close', (code) => {
    process.stdout.end(() =>
      finish(code === 0 ? result : { ...result, ok: false, output: `tar exited ${code}` }),
    );
  });
}

function gitLog(): string[] {
  try {
    return readFileSync(GIT_LOG, 'utf8')
      .split('\n')
      .filter(Boolean)
      .slice(0, 50)
      .map((l) => l.slice(0, 500));
  } catch {
    return [];
  }
}

main().catch((e: unknown) => finish({ ok: false, output: String(e).slice(0, 2000) }));
