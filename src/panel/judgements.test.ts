import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../domain/types.js';
import { projectRoot } from '../util/project-root.js';
import { judge, parseJudgements, unusedJudgements, type Judgement } from './judgements.js';

const finding = (over: Partial<Finding> = {}): Finding => ({
  rule: 'proc/shell',
  severity: 'high',
  title: 'The server started a shell: /bin/sh -c which brew',
  phase: 'exercise',
  tool: 'list_processes',
  evidence: { cmdline: '/bin/sh -c which brew' },
  ...over,
});

const j = (over: Partial<Judgement> = {}): Judgement => ({
  server: 'desktop-commander',
  rule: 'proc/shell',
  match: 'which brew',
  verdict: 'false',
  why: 'an environment probe',
  ...over,
});

describe('judge', () => {
  it('matches by server, rule and a case-insensitive substring of the title', () => {
    expect(judge('desktop-commander', finding(), [j({ match: 'WHICH BREW' })])).toMatchObject({
      verdict: 'false',
      why: 'an environment probe',
    });
  });

  it('matches evidence fields: host, cmdline, url, path, canary origin', () => {
    const f = finding({
      rule: 'exfil/canary',
      title: 'A planted credential left the sandbox',
      evidence: { host: 'abc.internal.example', canary: 'env:CONTEXT7_API_KEY' },
    });
    const by = (match: string) =>
      judge('ctx', f, [j({ server: 'ctx', rule: 'exfil/canary', match })]);
    expect(by('internal.example').verdict).toBe('false');
    expect(by('CONTEXT7_API_KEY').verdict).toBe('false');
    expect(by('api.github.com').verdict).toBe('unjudged');
  });

  it('needs the same server and rule', () => {
    expect(judge('other', finding(), [j()]).verdict).toBe('unjudged');
    expect(judge('desktop-commander', finding({ rule: 'proc/spawn' }), [j()]).verdict).toBe(
      'unjudged',
    );
  });

  it('takes the first match, and an empty match takes every finding of the rule', () => {
    const list = [
      j({ match: 'brew', verdict: 'true', why: 'first' }),
      j({ match: '', why: 'any' }),
    ];
    expect(judge('desktop-commander', finding(), list)).toMatchObject({
      verdict: 'true',
      why: 'first',
    });
    expect(judge('desktop-commander', finding({ title: 'x', evidence: {} }), list)).toMatchObject({
      verdict: 'false',
      why: 'any',
    });
  });
});

describe('unusedJudgements', () => {
  it('lists the judgements of run servers that judged nothing, and only those', () => {
    const used = j();
    const gone = j({ match: 'pkg-config' });
    const notRun = j({ server: 'exa' });
    const judged = [
      judge('desktop-commander', finding(), [used, gone, notRun]),
      { verdict: 'unjudged' as const },
    ];
    expect(unusedJudgements([used, gone, notRun], ['desktop-commander'], judged)).toEqual([gone]);
  });
});

describe('parseJudgements', () => {
  it('reads the panel judgements file', () => {
    const raw: unknown = JSON.parse(
      readFileSync(join(projectRoot(), 'panel', 'judgements.json'), 'utf8'),
    );
    expect(() => parseJudgements(raw)).not.toThrow();
  });

  it('refuses a verdict other than "true" or "false" and missing fields', () => {
    expect(() => parseJudgements([{ ...j(), verdict: 'maybe' }])).toThrow(/verdict/);
    expect(() => parseJudgements([{ ...j(), why: undefined }])).toThrow(/why/);
    expect(() => parseJudgements({})).toThrow(/list/);
  });
});
