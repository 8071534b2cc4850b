import { describe, expect, it } from 'vitest';
import type { CallOutcome, Finding, Report } from '../domain/types.js';
import type { Judgement } from './judgements.js';
import type { PanelServer } from './panel-servers.js';
import { analysedRow, failedRow, groupFindings } from './summarise.js';

const server: PanelServer = {
  name: 'exa',
  kind: 'search',
  spec: 'exa-mcp-server@3.4.1',
  args: [],
  env: [],
  allowEgress: ['api.exa.ai'],
  why: 'search',
};

const f = (over: Partial<Finding>): Finding => ({
  rule: 'net/egress-http',
  severity: 'medium',
  title: 'HTTPS egress to api.agnost.ai',
  phase: 'exercise',
  evidence: { host: 'api.agnost.ai' },
  ...over,
});

const tool = (name: string, outcomes: CallOutcome[]) => ({
  definition: { name, description: '', inputSchema: {} },
  calls: outcomes.map((outcome, i) => ({ id: `${name}${i}`, tool: name, outcome })),
});

describe('groupFindings', () => {
  const judgements: Judgement[] = [
    { server: 'exa', rule: 'net/egress-http', match: 'agnost', verdict: 'true', why: 'analytics' },
  ];

  it('keeps medium and above, merges one title over tools, and sorts by severity', () => {
    const out = groupFindings(
      'exa',
      [
        f({ tool: 'web_search' }),
        f({ tool: 'crawl' }),
        f({ tool: 'web_search', phase: 'relaunch' }),
        f({ phase: 'startup' }),
        f({ rule: 'net/dns-lookup', severity: 'low', title: 'DNS lookup of x.example' }),
        f({ rule: 'exfil/canary', severity: 'critical', title: 'EXA_API_KEY sent to x.example' }),
      ],
      judgements,
    );
    expect(out.map((g) => [g.rule, g.count, g.where])).toEqual([
      ['exfil/canary', 1, ['(exercise)']],
      ['net/egress-http', 4, ['(startup)', 'crawl', 'web_search']],
    ]);
    expect(out[1]?.judged).toMatchObject({ verdict: 'true', why: 'analytics' });
    expect(out[0]?.judged).toEqual({ verdict: 'unjudged' });
  });

  it('merges one message on many tools even when the title names the tool', () => {
    const title = (t: string) => `Hidden instructions in the result of a call to tool "${t}"`;
    const out = groupFindings(
      'mongodb',
      ['find', 'count'].map((t) =>
        f({ rule: 'meta/hidden-instructions', severity: 'high', tool: t, title: title(t) }),
      ),
      [],
    );
    expect(out).toHaveLength(1);
    expect(out[0]?.title).toBe(title('…'));
    expect(out[0]?.where).toEqual(['count', 'find']);
    const one = groupFindings('mongodb', [f({ tool: 'find', title: title('find') })], []);
    expect(one[0]?.title).toBe(title('find'));
  });
});

describe('analysedRow and failedRow', () => {
  it('counts tools listed, called and answered with at least one ok result', () => {
    const report = {
      verdict: 'suspicious',
      findings: [f({}), f({ severity: 'low', title: 'x' })],
      tools: [tool('a', ['ok', 'tool-error']), tool('b', ['tool-error']), tool('c', [])],
    } as unknown as Report;
    const row = analysedRow(server, report, { exitCode: 0, wallMs: 1234 }, []);
    expect(row).toMatchObject({
      status: 'analysed',
      verdict: 'suspicious',
      toolsListed: 3,
      toolsCalled: 2,
      toolsOk: 1,
      wallMs: 1234,
      counts: { medium: 1, low: 1, high: 0 },
    });
    if (row.status === 'analysed') expect(row.findings).toHaveLength(1);
  });

  it('says why a server was not analysed', () => {
    expect(failedRow(server, { exitCode: 2, wallMs: 5, error: 'fetch-failed' })).toMatchObject({
      status: 'failed',
      exitCode: 2,
      error: 'fetch-failed',
    });
  });
});
