import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../harness/fixtures/expectations.js';
import { AnalyzerError } from '../domain/errors.js';
import { parseClientConfig } from './client-config.js';
import type { PathProbe } from '../plan/target-spec.js';
import type { ScanEntry } from './scan-entry.js';

const CONFIGS = 'harness/fixtures/configs';

/** The real file system, for the fixtures (paths relative to the repository root). */
const fsProbe = {
  isFile: (p: string) => statSync(p, { throwIfNoEntry: false })?.isFile() ?? false,
  isDirectory: (p: string) => statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false,
};
const noFiles: PathProbe = { isFile: () => false, isDirectory: () => false };

function fixture(rel: string): ScanEntry[] {
  const path = `${CONFIGS}/${rel}`;
  return parseClientConfig(readFileSync(path, 'utf8'), path, fsProbe);
}

function byName(entries: ScanEntry[], name: string): ScanEntry {
  const e = entries.find((x) => x.name === name);
  if (!e) throw new Error(`no entry ${name}`);
  return e;
}

/** The error code and message of a call expected to fail. */
function failure(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof AnalyzerError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected an AnalyzerError');
}

describe('parseClientConfig: fixtures', () => {
  it('three-servers.mcp.json: three node packages, a uvx and a remote entry not examined', () => {
    const entries = fixture('three-servers.mcp.json');
    expect(entries.map((e) => [e.slug, e.kind, e.target ?? e.reason])).toEqual([
      ['evil', 'folder', 'harness/fixtures/servers/env-exfil-gzip'],
      ['clean', 'folder', 'harness/fixtures/servers/clean'],
      ['notes', 'folder', 'harness/fixtures/servers/rich-clean'],
      ['fetch', 'not-examined', 'uvx (Python) servers are not analysed yet'],
      [
        'docs',
        'not-examined',
        'remote server at https://mcp.docs.example/mcp cannot be installed: nothing to run here',
      ],
    ]);
    expect(byName(entries, 'evil')).toMatchObject({
      entryFile: 'index.js',
      serverArgs: [],
      env: {},
      raw: { command: 'node', args: ['../servers/env-exfil-gzip/index.js'] },
    });
  });

  it('three-servers.mcp.json: evil, clean and notes are fixtures expected malicious, clean, clean', () => {
    const verdictOf = (target: string | undefined) =>
      FIXTURES.find((f) => f.dir === target && f.allowEgress === undefined)?.verdict;
    const entries = fixture('three-servers.mcp.json').filter((e) => e.kind === 'folder');
    expect(entries.map((e) => [e.name, verdictOf(e.target)])).toEqual([
      ['evil', 'malicious'],
      ['clean', 'clean'],
      ['notes', 'clean'],
    ]);
  });

  it('claude_desktop_config.json: npx forms, a cmd /c wrapper, docker and python', () => {
    const entries = fixture('claude_desktop_config.json');
    const fs = byName(entries, 'filesystem');
    expect(fs).toMatchObject({
      kind: 'npm',
      target: '@modelcontextprotocol/server-filesystem',
      serverArgs: ['/home/user/Desktop'],
    });
    const gh = byName(entries, 'github');
    expect(gh.env).toEqual({ LOG_LEVEL: 'debug' });
    expect(gh.notes.join('\n')).toMatch(
      /GITHUB_PERSONAL_ACCESS_TOKEN left out.*\$\{GITHUB_TOKEN\}.*canary/,
    );
    expect(byName(entries, 'windows')).toMatchObject({
      kind: 'npm',
      target: '@scope/weather-mcp@1.2.3',
      serverArgs: ['--units', 'metric'],
    });
    expect(byName(entries, 'by-bin')).toMatchObject({
      kind: 'npm',
      target: '@scope/tools@2.0.0',
      serverArgs: ['--port', '0'],
    });
    expect(byName(entries, 'sqlite').reason).toBe('docker entries are not analysed yet');
    expect(byName(entries, 'script').reason).toMatch(/Python servers are not analysed yet/);
  });

  it('cursor/.cursor/mcp.json: paths from the project folder, ${env:} left out, url redacted', () => {
    const entries = fixture('cursor/.cursor/mcp.json');
    expect(byName(entries, 'local-clean')).toMatchObject({
      kind: 'folder',
      target: 'harness/fixtures/servers/clean',
      serverArgs: ['--verbose'],
      env: { REGION: 'eu' },
    });
    expect(byName(entries, 'local-clean').notes.join()).toMatch(/API_KEY left out/);
    expect(byName(entries, 'workspace-notes').target).toBe('harness/fixtures/servers/rich-clean');
    const ctx = byName(entries, 'context');
    expect(ctx.kind).toBe('not-examined');
    expect(ctx.reason).toBe(
      'remote server at https://mcp.context.example/mcp cannot be installed: nothing to run here',
    );
    expect(JSON.stringify(ctx)).not.toMatch(/secret|key=abc/);
  });

  it('vscode/.vscode/mcp.json: JSONC, inputs, ${input:} and ${env:} placeholders, envFile, sse', () => {
    const entries = fixture('vscode/.vscode/mcp.json');
    const weather = byName(entries, 'weather');
    expect(weather).toMatchObject({
      kind: 'npm',
      target: 'weather-mcp@latest',
      serverArgs: ['--base-url=https://api.weather.example/v1'],
      env: { UNITS: 'metric' },
    });
    expect(weather.notes.join('\n')).toMatch(/WEATHER_API_KEY left out.*\$\{input:api-key\}/);
    expect(weather.notes.join('\n')).toMatch(/HOME_DIR left out.*\$\{env:HOME\}/);
    const local = byName(entries, 'local');
    expect(local).toMatchObject({ kind: 'folder', target: 'harness/fixtures/servers/clean' });
    expect(local.notes.join()).toMatch(/envFile not read/);
    expect(byName(entries, 'remote')).toMatchObject({
      kind: 'not-examined',
      raw: { type: 'sse', url: 'https://mcp.remote.example/sse', args: [] },
    });
  });

  it('vscode-settings.json: the mcp.servers block of a settings file', () => {
    expect(fixture('vscode-settings.json')).toMatchObject([
      { name: 'memory', kind: 'npm', target: '@modelcontextprotocol/server-memory' },
    ]);
  });

  it('empty.mcp.json: no servers is valid', () => {
    expect(fixture('empty.mcp.json')).toEqual([]);
  });
});

describe('parseClientConfig: entries', () => {
  const parse = (doc: unknown, probe = noFiles) =>
    parseClientConfig(JSON.stringify(doc), '/p/.mcp.json', probe);

  it('reads the servers of every known key, in file order', () => {
    const entries = parse({
      mcpServers: { a: { command: 'npx', args: ['a'] } },
      servers: { b: { command: 'npx', args: ['b'] } },
      mcp: { servers: { c: { command: 'npx', args: ['c'] } } },
    });
    expect(entries.map((e) => e.target)).toEqual(['a', 'b', 'c']);
  });

  it('stringifies numbers and booleans in args and env, drops null env values', () => {
    const [e] = parse({
      mcpServers: {
        a: { command: 'npx', args: ['a', 8080, true], env: { P: 1, D: false, N: null } },
      },
    });
    expect(e).toMatchObject({ serverArgs: ['8080', 'true'], env: { P: '1', D: 'false' } });
  });

  it('leaves out env names that are not variable names, and prototype keys stay plain data', () => {
    const text =
      '{"mcpServers": {"a": {"command": "npx", "args": ["a"], "env": {"__proto__": "x", "A-B": "y", "OK": "z"}}}}';
    const [e] = parseClientConfig(text, '/p/.mcp.json', noFiles);
    expect(Object.getPrototypeOf(e?.env)).toBe(Object.prototype);
    expect(Object.keys(e?.env ?? {})).toEqual(['__proto__', 'OK']);
    expect(e?.notes.join()).toMatch(/A-B left out: not a variable name/);
  });

  it('reads a url without a command, or a remote type, as a remote entry', () => {
    const entries = parse({
      mcpServers: {
        a: { url: 'https://a.example/mcp' },
        b: { type: 'http', url: 'https://b.example/mcp', command: 'npx', args: ['b'] },
        c: { serverUrl: 'https://c.example/sse' },
        d: {},
        e: { type: 'sse', command: 'npx', args: ['e'] },
      },
    });
    expect(entries.map((e) => e.kind)).toEqual(Array(5).fill('not-examined'));
    expect(entries[4]?.reason).toBe('type "sse" without a url');
    expect(entries[2]?.reason).toMatch(/https:\/\/c\.example\/sse/);
    expect(entries[3]?.reason).toBe('no command to run and no url');
  });

  it('resolves a node script against the entry cwd', () => {
    const probe = {
      isFile: (p: string) => ['/p/sub/pkg/package.json', '/p/sub/pkg/i.js'].includes(p),
      isDirectory: () => false,
    };
    const [e] = parse(
      { mcpServers: { a: { command: 'node', args: ['pkg/i.js'], cwd: 'sub' } } },
      probe,
    );
    expect(e).toMatchObject({ kind: 'folder', target: '/p/sub/pkg', entryFile: 'i.js' });
  });

  it('notes placeholders left in server args', () => {
    const [e] = parse({ servers: { a: { command: 'npx', args: ['a', '${workspaceFolder}'] } } });
    expect(e?.serverArgs).toEqual(['${workspaceFolder}']);
    expect(e?.notes.join()).toMatch(/argument 2 has a placeholder/);
  });

  it('bounds hostile names, args and notes, and slugs them safely', () => {
    const env = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`V${i}`, '${x}']));
    const [e] = parse({
      mcpServers: {
        ['../../' + 'n'.repeat(5000)]: {
          command: 'npx',
          args: ['a', ...Array(150).fill('z'.repeat(3000))],
          env,
        },
      },
    });
    expect(e?.name.length).toBeLessThanOrEqual(121);
    expect(e?.slug).toMatch(/^[a-z0-9._-]{1,64}$/);
    expect(e?.serverArgs.length).toBeLessThanOrEqual(100);
    expect(e?.raw.args.every((a) => a.length <= 2001)).toBe(true);
    expect(e?.notes.length).toBeLessThanOrEqual(20);
  });

  it('gives unique slugs to names that fold to the same one', () => {
    const entries = parse({
      mcpServers: { 'A b': { url: 'x' }, 'a-b': { url: 'y' }, 'a/b': { url: 'z' } },
    });
    expect(entries.map((e) => e.slug)).toEqual(['a-b', 'a-b-2', 'a-b-3']);
  });
});

describe('parseClientConfig: bad files', () => {
  it.each<[string, string, RegExp]>([
    ['not JSON', 'mcpServers: {}', /^\/p\/x\.json: not JSON \(/],
    ['an array', '[]', /not a JSON object/],
    ['no server key', '{"servers2": {}}', /no "mcpServers", "servers" or "mcp.servers" object/],
    ['servers as an array', '{"servers": []}', /"servers" is not an object/],
    [
      'an entry that is not an object',
      '{"mcpServers": {"a": "npx a"}}',
      /server "a": is not an object/,
    ],
    [
      'a command that is not a string',
      '{"mcpServers": {"a": {"command": ["npx"]}}}',
      /command is not a string/,
    ],
    [
      'args that are not a list',
      '{"mcpServers": {"a": {"command": "npx", "args": "a b"}}}',
      /args is not a list/,
    ],
    [
      'an object in args',
      '{"mcpServers": {"a": {"command": "npx", "args": [{}]}}}',
      /args is not a list/,
    ],
    [
      'env that is not an object',
      '{"mcpServers": {"a": {"command": "npx", "env": ["A=1"]}}}',
      /env is not an object/,
    ],
    ['a url that is not a string', '{"mcpServers": {"a": {"url": 1}}}', /url is not a string/],
    ['an unterminated comment', '{"mcpServers": {} /*', /not JSON/],
  ])('%s -> bad-config naming the file', (_name, text, message) => {
    const f = failure(() => parseClientConfig(text, '/p/x.json', noFiles));
    expect(f.code).toBe('bad-config');
    expect(f.message).toMatch(message);
    expect(f.message.startsWith('/p/x.json: ')).toBe(true);
    expect(f.message).not.toMatch(/\n/);
  });

  it('keeps a hostile entry name on one line in the message', () => {
    const f = failure(() =>
      parseClientConfig('{"mcpServers": {"a\\nb": 1}}', '/p/x.json', noFiles),
    );
    expect(f.message).toBe('/p/x.json: server "a\\nb": is not an object');
  });

  it('refuses more than 1 MiB and more than 200 entries', () => {
    const big = `{"mcpServers": {}, "pad": "${'x'.repeat(1024 * 1024)}"}`;
    expect(failure(() => parseClientConfig(big, '/p/x.json', noFiles)).message).toMatch(/bytes/);
    const many = {
      mcpServers: Object.fromEntries(
        Array.from({ length: 201 }, (_, i) => [`s${i}`, { url: 'u' }]),
      ),
    };
    expect(
      failure(() => parseClientConfig(JSON.stringify(many), '/p/x.json', noFiles)).message,
    ).toMatch(/201 servers is more than the 200/);
    many.mcpServers = Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => [`s${i}`, { url: 'u' }]),
    );
    expect(parseClientConfig(JSON.stringify(many), '/p/x.json', noFiles)).toHaveLength(200);
  });
});
