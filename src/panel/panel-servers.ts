// The real-server panel's list (panel/servers.json) as checked, plain data: which popular MCP
// servers from the npm registry are analysed, pinned, with the arguments, non-secret environment
// and allowed hosts a user who vetted each would give it. The four MCP reference servers are
// named by `reference` and filled from src/bench/reference-servers.ts, so both stay one list.
import { REFERENCE_SERVERS } from '../bench/reference-servers.js';

export interface PanelServer {
  /** Short name: the output folder and the key judgements use. */
  name: string;
  /** What sort of server: reference, api-client, browser, terminal, database, search, docs. */
  kind: string;
  /** npm spec pinned to an exact version: `name@1.2.3`. */
  spec: string;
  args: string[];
  /** `KEY=VALUE` pairs a user would set that are not credentials (paths, modes). */
  env: string[];
  /** The vendor's own hosts a user vetting the server would allow. */
  allowEgress: string[];
  why: string;
  /** Fewer rounds for a slow server (the CLI's default otherwise). */
  rounds?: number;
  /** Analysis budget in seconds (the CLI's default otherwise). */
  timeoutSeconds?: number;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** `name@1.2.3` or `@scope/name@1.2.3`, prerelease allowed; no ranges, no tags. */
const PINNED = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*@\d+\.\d+\.\d+(-[\w.-]+)?$/;

function strings(v: unknown, what: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw new Error(`${what} must be a list of strings`);
  return v as string[];
}

function text(o: Record<string, unknown>, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string' || !v.trim()) throw new Error(`${where}: ${key} must be a string`);
  return v;
}

function positive(o: Record<string, unknown>, key: string, where: string): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw new Error(`${where}: ${key} must be a positive integer`);
  return v;
}

/** One entry of servers.json, checked; a `reference` entry takes spec, args and env from the
 * reference list. */
function parseEntry(raw: unknown, i: number): PanelServer {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new Error(`entry ${i} is not an object`);
  const o = raw as Record<string, unknown>;
  const name = text(o, 'name', `entry ${i}`);
  const where = `entry ${name}`;
  if (!NAME.test(name)) throw new Error(`${where}: name must be kebab-case`);
  let spec: string;
  let args: string[];
  let env: string[];
  if (o['reference'] !== undefined) {
    const ref = REFERENCE_SERVERS.find((r) => r.name === o['reference']);
    if (!ref) throw new Error(`${where}: unknown reference server ${String(o['reference'])}`);
    if (o['spec'] !== undefined || o['args'] !== undefined || o['env'] !== undefined)
      throw new Error(
        `${where}: a reference entry takes spec, args and env from the reference list`,
      );
    ({ spec, args, env } = ref);
  } else {
    spec = text(o, 'spec', where);
    args = strings(o['args'], `${where}: args`);
    env = strings(o['env'], `${where}: env`);
  }
  if (!PINNED.test(spec)) throw new Error(`${where}: spec must pin an exact version: ${spec}`);
  for (const kv of env)
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(kv)) throw new Error(`${where}: env wants KEY=VALUE`);
  const rounds = positive(o, 'rounds', where);
  const timeoutSeconds = positive(o, 'timeoutSeconds', where);
  return {
    name,
    kind: text(o, 'kind', where),
    spec,
    args: [...args],
    env: [...env],
    allowEgress: strings(o['allowEgress'], `${where}: allowEgress`),
    why: text(o, 'why', where),
    ...(rounds ? { rounds } : {}),
    ...(timeoutSeconds ? { timeoutSeconds } : {}),
  };
}

/** The panel from the parsed servers.json; throws on a malformed entry or a repeated name. */
export function parseServers(raw: unknown): PanelServer[] {
  if (!Array.isArray(raw)) throw new Error('servers.json must be a list');
  const out = raw.map(parseEntry);
  const seen = new Set<string>();
  for (const s of out) {
    if (seen.has(s.name)) throw new Error(`server ${s.name} is listed twice`);
    seen.add(s.name);
  }
  return out;
}

/** The servers named in `only` (all when empty), in panel order; an unknown name throws. */
export function selectServers(all: readonly PanelServer[], only: readonly string[]): PanelServer[] {
  for (const n of only)
    if (!all.some((s) => s.name === n)) throw new Error(`no server named ${n} in the panel`);
  return only.length ? all.filter((s) => only.includes(s.name)) : [...all];
}

/** The package name of a pinned spec, and its version. */
export function splitSpec(spec: string): { pkg: string; version: string } {
  const at = spec.lastIndexOf('@');
  return at > 0
    ? { pkg: spec.slice(0, at), version: spec.slice(at + 1) }
    : { pkg: spec, version: '' };
}

/** The CLI's argv for one server. */
export function cliArgs(s: PanelServer, outDir: string, seed: number): string[] {
  return [
    'analyze',
    s.spec,
    '--out',
    outDir,
    '--seed',
    String(seed),
    '--quiet',
    ...(s.allowEgress.length ? ['--allow-egress', s.allowEgress.join(',')] : []),
    ...s.env.flatMap((kv) => ['--env', kv]),
    ...(s.rounds ? ['--rounds', String(s.rounds)] : []),
    ...(s.timeoutSeconds ? ['--timeout', String(s.timeoutSeconds)] : []),
    '--',
    ...s.args,
  ];
}
