// What the host's npm says for one config key (`registry`, `cafile`), remembered between runs:
// asking spawns npm, about half a second of CPU on every analysis for an answer that changes
// only when npm's configuration does. The answer is kept in .airlock/npm-config.json under a key
// made of everything `npm config get` reads from a neutral folder: the npm and node found on
// PATH (resolved, with their sizes and times), every `npm_config_*` variable, and the user,
// global and built-in npmrc files (their bytes). Any change there is a new key; entries also
// expire after a day. AIRLOCK_NPM_CONFIG_CACHE=0 asks npm every time.
// Limits: an npmrc that npm reads from elsewhere (a `globalconfig` set inside another npmrc,
// which is also hashed, pointing at a third file) is not hashed itself; the day bounds that.
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { execa } from 'execa';
import { projectRoot } from '../util/project-root.js';

const TTL_MS = 24 * 3600 * 1000;
const MAX_ENTRIES = 32;

interface Entry {
  key: string;
  value: string;
  at: number;
}

/** The first executable `name` on PATH, resolved; undefined when there is none. */
function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      const p = join(dir, name);
      if (statSync(p).isFile()) return realpathSync(p);
    } catch {
      // not here
    }
  }
  return undefined;
}

function fileState(path: string | undefined): string {
  if (!path) return '-';
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > 1024 * 1024) return `${st.size}:${st.mtimeMs}`;
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return 'missing';
  }
}

/** Everything `npm config get <name>` depends on, from a folder with no .npmrc of its own. */
export function npmConfigKey(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const npm = onPath('npm', env);
  const node = onPath('node', env);
  // npm-cli.js lives in <npm>/bin; its built-in npmrc in <npm>; the global one in <prefix>/etc.
  const npmDir = npm ? dirname(dirname(npm)) : undefined;
  const prefix =
    env['npm_config_prefix'] ?? env['NPM_CONFIG_PREFIX'] ?? (node ? dirname(dirname(node)) : '');
  const userconfig =
    env['npm_config_userconfig'] ??
    env['NPM_CONFIG_USERCONFIG'] ??
    join(env['HOME'] ?? homedir(), '.npmrc');
  const globalconfig =
    env['npm_config_globalconfig'] ??
    env['NPM_CONFIG_GLOBALCONFIG'] ??
    join(prefix, 'etc', 'npmrc');
  const vars = Object.entries(env)
    .filter(([k]) => /^npm_config_/i.test(k))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const parts = {
    name,
    npm,
    node,
    npmPkg: npmDir ? fileState(join(npmDir, 'package.json')) : '-',
    nodeBin: node ? fileState(node) : '-',
    vars,
    userconfig: [userconfig, fileState(userconfig)],
    globalconfig: [globalconfig, fileState(globalconfig)],
    builtin: npmDir ? fileState(join(npmDir, 'npmrc')) : '-',
  };
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

function cachePath(): string {
  return join(projectRoot(), '.airlock', 'npm-config.json');
}

function readEntries(file: string): Entry[] {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(v)
      ? v.filter(
          (e): e is Entry =>
            typeof e?.key === 'string' && typeof e?.value === 'string' && typeof e?.at === 'number',
        )
      : [];
  } catch {
    return [];
  }
}

/** `npm config get <name>` run in `cwd`, or its remembered answer. */
export async function hostNpmConfig(
  name: string,
  cwd: string,
  opts: { cancelSignal?: AbortSignal; now?: number; env?: NodeJS.ProcessEnv; file?: string } = {},
): Promise<string> {
  const env = opts.env ?? process.env;
  const file = opts.file ?? cachePath();
  const cached = env['AIRLOCK_NPM_CONFIG_CACHE'] !== '0';
  const now = opts.now ?? Date.now();
  const key = cached ? npmConfigKey(name, env) : '';
  const hit = cached
    ? readEntries(file).find((e) => e.key === key && now - e.at < TTL_MS && e.at <= now)
    : undefined;
  if (hit) return hit.value;
  const r = await execa('npm', ['config', 'get', name], {
    cwd,
    env,
    extendEnv: false,
    reject: false,
    timeout: 15_000,
    ...(opts.cancelSignal ? { cancelSignal: opts.cancelSignal } : {}),
  });
  const value = String(r.stdout ?? '').trim();
  if (cached && r.exitCode === 0) {
    try {
      const rest = readEntries(file).filter((e) => e.key !== key && now - e.at < TTL_MS);
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}`;
      writeFileSync(tmp, JSON.stringify([{ key, value, at: now }, ...rest].slice(0, MAX_ENTRIES)));
      renameSync(tmp, file);
    } catch {
      // a cache that cannot be written is only slower
    }
  }
  return value;
}
