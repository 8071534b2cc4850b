// Reads an MCP client configuration into the server entries `mcp-airlock scan` analyses. Formats:
//   Claude Code `.mcp.json`, Claude Desktop `claude_desktop_config.json`, Cursor `.cursor/mcp.json`,
//   Windsurf and most others: `{"mcpServers": {name: {command, args, env} | {type?, url}}}`;
//   VS Code `.vscode/mcp.json`: `{"servers": {name: {type, command, args, env, url}}, "inputs"}`;
//   VS Code settings.json: `{"mcp": {"servers": {...}}}`.
// JSON with comments and trailing commas is accepted (VS Code writes it). The file typically
// comes from a pull request: it is bounded (size, entries, every string) and never evaluated;
// no file it names is read (envFile is noted, not opened), paths are only probed.
//
// Relative script paths resolve against the entry's `cwd` when given, else the workspace folder:
// the parent of a `.vscode` or `.cursor` folder holding the file, else the file's own folder.
// Environment values with a `${…}` placeholder (VS Code `${input:…}`/`${env:…}`, Claude Code
// `${VAR}`/`${VAR:-default}`) are left out, so the run plants a canary for the variable instead
// of a value we cannot know.
import { basename, dirname } from 'node:path';
import { Buffer } from 'node:buffer';
import { AnalyzerError } from '../domain/errors.js';
import type { PathProbe } from '../plan/target-spec.js';
import { parseJsonc } from './jsonc.js';
import { boundArgs, classifyCommand, fillWorkspace, type CommandTarget } from './command-target.js';
import { bound, CONFIG_LIMITS, uniqueSlugs, type ScanEntry } from './scan-entry.js';

export interface ClientConfigOptions {
  /** Folder entries whose package folder lies outside this folder are not examined. */
  within?: string;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One line naming the file and what is wrong with it. */
function badConfig(configPath: string, what: string): AnalyzerError {
  return new AnalyzerError('bad-config', `${bound(configPath, 300)}: ${what}`);
}

/** An entry name safe to put in a one-line message. */
function quoted(name: string): string {
  return JSON.stringify(bound(name, 80));
}

/** The server maps the file holds, in order: mcpServers, servers, mcp.servers. */
function serverMaps(doc: Json, configPath: string): Json[] {
  const maps: Json[] = [];
  const candidates: [string, unknown][] = [
    ['mcpServers', doc['mcpServers']],
    ['servers', doc['servers']],
    ['mcp.servers', isObject(doc['mcp']) ? doc['mcp']['servers'] : undefined],
  ];
  for (const [key, value] of candidates) {
    if (value === undefined) continue;
    if (!isObject(value)) throw badConfig(configPath, `"${key}" is not an object`);
    maps.push(value);
  }
  if (maps.length === 0)
    throw badConfig(
      configPath,
      'no "mcpServers", "servers" or "mcp.servers" object: not an MCP client configuration',
    );
  return maps;
}

/** The workspace folder a client runs the file's servers from. */
function workspaceOf(configPath: string): string {
  const dir = dirname(configPath);
  return ['.vscode', '.cursor'].includes(basename(dir)) ? dirname(dir) : dir;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const PLACEHOLDER = /\$\{[^}]*\}/;

/** The entry's environment: values as given, placeholders and odd values left out (noted). */
function readEnv(value: unknown, where: () => AnalyzerError, notes: string[]): [string, string][] {
  if (value === undefined || value === null) return [];
  if (!isObject(value)) throw where();
  const kept: [string, string][] = [];
  const entries = Object.entries(value);
  if (entries.length > CONFIG_LIMITS.envVars)
    notes.push(`only the first ${CONFIG_LIMITS.envVars} of ${entries.length} env variables kept`);
  for (const [key, v] of entries.slice(0, CONFIG_LIMITS.envVars)) {
    const name = bound(key, 60);
    if (!ENV_NAME.test(key)) notes.push(`env ${name} left out: not a variable name`);
    else if (v === null) continue;
    else if (typeof v === 'number' || typeof v === 'boolean') kept.push([key, String(v)]);
    else if (typeof v !== 'string') notes.push(`env ${name} left out: its value is not a string`);
    else if (PLACEHOLDER.test(v))
      notes.push(
        `env ${name} left out: its value is a placeholder the client fills in ` +
          `(${bound(PLACEHOLDER.exec(v)?.[0] ?? '', 60)}); a canary is planted instead`,
      );
    else if (v.length > CONFIG_LIMITS.envValue)
      notes.push(`env ${name} left out: its value is longer than ${CONFIG_LIMITS.envValue} chars`);
    else kept.push([key, v]);
  }
  return kept;
}

/** The entry's args as strings (numbers and booleans stringified, like the clients do). */
function readArgs(value: unknown, where: () => AnalyzerError): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw where();
  return value.map((a: unknown) => {
    if (typeof a === 'string') return a;
    if (typeof a === 'number' || typeof a === 'boolean') return String(a);
    throw where();
  });
}

/** A URL for display: scheme, host and path only (no user info, query or fragment). */
function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return bound(`${u.protocol}//${u.host}${u.pathname}`, 200);
  } catch {
    return bound(url.split(/[?#@]/)[0] ?? '', 200);
  }
}

const REMOTE_TYPES = new Set(['http', 'sse', 'streamable-http', 'streamableHttp', 'ws']);

/** Read one entry into the target it maps to. */
function readEntry(
  name: string,
  value: unknown,
  ctx: { configPath: string; workspace: string; probe: PathProbe; within?: string },
): Omit<ScanEntry, 'slug'> {
  const malformed = (what: string) => () =>
    badConfig(ctx.configPath, `server ${quoted(name)}: ${what}`);
  if (!isObject(value)) throw malformed('is not an object')();
  const notes: string[] = [];
  const type = typeof value['type'] === 'string' ? bound(value['type'], 40) : undefined;
  const urlField = ['url', 'serverUrl', 'httpUrl']
    .map((k) => value[k])
    .find((u) => u !== undefined);
  if (urlField !== undefined && typeof urlField !== 'string')
    throw malformed('url is not a string')();
  const command = value['command'];
  if (command !== undefined && typeof command !== 'string')
    throw malformed('command is not a string')();
  const args = readArgs(value['args'], malformed('args is not a list of strings'));
  const env = readEnv(value['env'], malformed('env is not an object'), notes);
  if (value['envFile'] !== undefined)
    notes.push(
      'envFile not read: the variables it would set get canaries if the server reads them',
    );
  if (value['disabled'] === true) notes.push('marked disabled in the configuration');
  const raw: ScanEntry['raw'] = {
    ...(command === undefined ? {} : { command: bound(command, CONFIG_LIMITS.field) }),
    args: boundArgs(args),
    ...(urlField === undefined ? {} : { url: displayUrl(urlField) }),
    ...(type === undefined ? {} : { type }),
  };
  const base = { name: bound(name, CONFIG_LIMITS.name), raw };
  const isRemote = (type !== undefined && REMOTE_TYPES.has(type)) || command === undefined;
  if (isRemote) {
    const reason =
      urlField !== undefined
        ? `remote server at ${displayUrl(urlField)} cannot be installed: nothing to run here`
        : command === undefined
          ? 'no command to run and no url'
          : `type "${type ?? ''}" without a url`;
    return { ...base, kind: 'not-examined', reason, serverArgs: [], env: {}, notes };
  }
  if (type !== undefined && type !== 'stdio') notes.push(`unknown type "${type}" read as stdio`);
  const cwd = typeof value['cwd'] === 'string' ? value['cwd'] : undefined;
  const baseDir = baseDirOf(cwd, ctx.workspace);
  const target = classifyCommand(command.trim(), args, {
    baseDir,
    workspaceDir: ctx.workspace,
    probe: ctx.probe,
    ...(ctx.within === undefined ? {} : { within: ctx.within }),
  });
  for (const [i, a] of args.entries())
    if (PLACEHOLDER.test(a) && target.kind !== 'not-examined')
      notes.push(`argument ${i + 1} has a placeholder the client fills in; passed as written`);
  return {
    ...base,
    ...fromTarget(target, Object.fromEntries(env)),
    notes: [...target.notes, ...notes],
  };
}

/** Where relative paths resolve: the entry's cwd (against the workspace), else the workspace. */
function baseDirOf(cwd: string | undefined, workspace: string): string {
  if (cwd === undefined || cwd === '') return workspace;
  return fillWorkspace(cwd, workspace, workspace);
}

/** The kind-specific fields of an entry. */
function fromTarget(
  t: CommandTarget,
  env: Record<string, string>,
): Pick<ScanEntry, 'kind' | 'target' | 'entryFile' | 'serverArgs' | 'env' | 'reason'> {
  if (t.kind === 'not-examined') return { kind: t.kind, reason: t.reason, serverArgs: [], env: {} };
  const serverArgs = boundArgs(t.serverArgs);
  if (t.kind === 'npm') return { kind: 'npm', target: t.target, serverArgs, env };
  return { kind: 'folder', target: t.target, entryFile: t.entryFile, serverArgs, env };
}

/**
 * Every server entry of the configuration at `configPath` (whose text is `text`), in file order.
 * Throws AnalyzerError('bad-config') when the file is not an MCP client configuration or an entry
 * is malformed; an empty server list is valid.
 */
export function parseClientConfig(
  text: string,
  configPath: string,
  probe: PathProbe,
  options: ClientConfigOptions = {},
): ScanEntry[] {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > CONFIG_LIMITS.bytes)
    throw badConfig(configPath, `${bytes} bytes is more than the ${CONFIG_LIMITS.bytes} read`);
  let doc: unknown;
  try {
    doc = parseJsonc(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw badConfig(configPath, `not JSON (${bound(why.replace(/\s+/g, ' '), 200)})`);
  }
  if (!isObject(doc)) throw badConfig(configPath, 'not a JSON object');
  const pairs = serverMaps(doc, configPath).flatMap((m) => Object.entries(m));
  if (pairs.length > CONFIG_LIMITS.entries)
    throw badConfig(
      configPath,
      `${pairs.length} servers is more than the ${CONFIG_LIMITS.entries} a scan takes`,
    );
  const ctx = {
    configPath,
    workspace: workspaceOf(configPath),
    probe,
    ...(options.within === undefined ? {} : { within: options.within }),
  };
  const slugs = uniqueSlugs(pairs.map(([name]) => name));
  return pairs.map(([name, value], i) => {
    const entry = readEntry(name, value, ctx);
    const notes = entry.notes.slice(0, CONFIG_LIMITS.notes);
    return { ...entry, notes, slug: slugs[i] ?? `server-${i + 1}` };
  });
}
