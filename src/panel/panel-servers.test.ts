import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_SERVERS } from '../bench/reference-servers.js';
import { projectRoot } from '../util/project-root.js';
import { cliArgs, parseServers, selectServers, splitSpec } from './panel-servers.js';

const entry = (over: Record<string, unknown> = {}) => ({
  name: 'tavily',
  kind: 'search',
  spec: 'tavily-mcp@0.2.22',
  args: [],
  env: [],
  allowEgress: ['api.tavily.com'],
  why: 'search',
  ...over,
});

describe('the panel list', () => {
  const panel = parseServers(
    JSON.parse(readFileSync(join(projectRoot(), 'panel', 'servers.json'), 'utf8')),
  );

  it('holds at least 14 pinned servers of several kinds, the four reference servers among them', () => {
    expect(panel.length).toBeGreaterThanOrEqual(14);
    for (const ref of REFERENCE_SERVERS) {
      const s = panel.find((p) => p.name === ref.name);
      expect(s, ref.name).toMatchObject({ spec: ref.spec, args: ref.args, env: ref.env });
    }
    const kinds = new Set(panel.map((s) => s.kind));
    for (const k of ['reference', 'api-client', 'browser', 'terminal', 'database', 'search'])
      expect(kinds, k).toContain(k);
  });

  it('gives the servers no credentials: env holds names a user sets that are not secrets', () => {
    for (const s of panel)
      for (const kv of s.env) expect(kv, s.name).not.toMatch(/(KEY|TOKEN|SECRET|PASSWORD)=/i);
  });
});

describe('parseServers', () => {
  it('refuses ranges, tags and unpinned specs', () => {
    for (const spec of ['tavily-mcp', 'tavily-mcp@latest', 'tavily-mcp@^0.2.0', 'tavily-mcp@0.2'])
      expect(() => parseServers([entry({ spec })]), spec).toThrow(/pin an exact version/);
    expect(parseServers([entry({ spec: '@scope/x-y@1.0.0-alpha.2' })])[0]?.spec).toBe(
      '@scope/x-y@1.0.0-alpha.2',
    );
  });

  it('fills a reference entry from the reference list and refuses its own spec', () => {
    const [s] = parseServers([{ name: 'mem', kind: 'reference', reference: 'memory', why: 'x' }]);
    expect(s?.spec).toBe(REFERENCE_SERVERS.find((r) => r.name === 'memory')?.spec);
    expect(() =>
      parseServers([
        { name: 'mem', kind: 'reference', reference: 'memory', spec: 'a@1.0.0', why: 'x' },
      ]),
    ).toThrow(/takes spec/);
    expect(() => parseServers([{ name: 'x', kind: 'r', reference: 'nope', why: 'x' }])).toThrow(
      /unknown reference/,
    );
  });

  it('refuses repeated names, bad env and bad rounds', () => {
    expect(() => parseServers([entry(), entry()])).toThrow(/twice/);
    expect(() => parseServers([entry({ env: ['no-equals'] })])).toThrow(/KEY=VALUE/);
    expect(() => parseServers([entry({ rounds: 0 })])).toThrow(/positive integer/);
  });
});

describe('selectServers', () => {
  const all = parseServers([entry(), entry({ name: 'exa', spec: 'exa-mcp-server@3.4.1' })]);
  it('keeps panel order and refuses an unknown name', () => {
    expect(selectServers(all, []).map((s) => s.name)).toEqual(['tavily', 'exa']);
    expect(selectServers(all, ['exa', 'tavily']).map((s) => s.name)).toEqual(['tavily', 'exa']);
    expect(() => selectServers(all, ['nope'])).toThrow(/no server named nope/);
  });
});

describe('cliArgs and splitSpec', () => {
  it('passes allowed hosts, env, rounds and server args after --', () => {
    const [s] = parseServers([
      entry({
        env: ['A=1', 'B=2'],
        args: ['--x', 'y'],
        rounds: 2,
        allowEgress: ['a.example', 'b.example'],
      }),
    ]);
    expect(cliArgs(s!, '/o/tavily', 7)).toEqual([
      'analyze',
      'tavily-mcp@0.2.22',
      '--out',
      '/o/tavily',
      '--seed',
      '7',
      '--quiet',
      '--allow-egress',
      'a.example,b.example',
      '--env',
      'A=1',
      '--env',
      'B=2',
      '--rounds',
      '2',
      '--',
      '--x',
      'y',
    ]);
  });

  it('leaves --allow-egress out when nothing is allowed', () => {
    const [s] = parseServers([entry({ allowEgress: [] })]);
    expect(cliArgs(s!, '/o', 1)).not.toContain('--allow-egress');
  });

  it('splits scoped and plain specs', () => {
    expect(splitSpec('@playwright/mcp@0.0.86')).toEqual({
      pkg: '@playwright/mcp',
      version: '0.0.86',
    });
    expect(splitSpec('tavily-mcp@0.2.22')).toEqual({ pkg: 'tavily-mcp', version: '0.2.22' });
  });
});
