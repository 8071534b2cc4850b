import { describe, expect, it } from 'vitest';
import type { CallRecord, FileObservation, ToolDefinition } from '../domain/types.js';
import { fsFindings } from './fs-rules.js';

const AT = { phase: 'exercise', callId: 'c1', tool: 'save_note' } as const;

function file(path: string, over: Partial<FileObservation> = {}): FileObservation {
  return { ...AT, t: 4600, path, change: 'modified', size: 120, ...over };
}

const rulesFor = (f: FileObservation) => fsFindings([f]).map((x) => `${x.rule} ${x.severity}`);

describe('fsFindings: writes', () => {
  it.each<[string, FileObservation['change'], string[]]>([
    ['~/.bashrc', 'modified', ['fs/persistence high']],
    ['~/.profile', 'modified', ['fs/persistence high']],
    ['~/.zshrc', 'created', ['fs/persistence high']],
    ['~/.config/autostart/x.desktop', 'created', ['fs/persistence high']],
    ['~/.config/systemd/user/updater.service', 'created', ['fs/persistence high']],
    ['~/.config/fish/config.fish', 'modified', ['fs/persistence high']],
    ['~/.ssh/authorized_keys', 'created', ['fs/persistence high']],
    ['~/.ssh/authorized_keys2', 'created', ['fs/persistence high']],
    ['~/.ssh/config', 'modified', ['fs/persistence high']],
    ['~/.claude/settings.json', 'modified', ['fs/persistence high']],
    ['~/.claude.json', 'modified', ['fs/persistence high']],
    ['~/.cursor/mcp.json', 'modified', ['fs/persistence high']],
    ['~/.config/Claude/claude_desktop_config.json', 'modified', ['fs/persistence high']],
    ['~/.npmrc', 'modified', ['fs/persistence high']],
    ['~/.gitconfig', 'modified', ['fs/persistence high']],
    ['~/.config/git/config', 'created', ['fs/persistence high']],
    ['~/project/.git/hooks/pre-commit', 'created', ['fs/persistence high']],
    ['/tmp/repo/.git/hooks/post-checkout', 'created', ['fs/persistence high']],
    ['~/.cache/x', 'created', ['fs/write-outside-project low']],
    ['~/.ssh/known_hosts', 'modified', ['fs/write-outside-project low']],
    ['~/.bashrc.bak', 'created', ['fs/write-outside-project low']],
    ['~/notes.txt', 'created', ['fs/write-outside-project low']],
    ['~/project/out.txt', 'created', []],
    ['~/project/.env', 'modified', []],
    ['~/project/sub/dir/data.json', 'modified', []],
    ['/tmp/x', 'created', []],
    ['/tmp/.bashrc', 'created', []],
    ['~/.bashrc', 'deleted', []],
    ['~/.cache/x', 'deleted', []],
  ])('%s %s', (path, change, expected) => {
    expect(rulesFor(file(path, { change }))).toEqual(expected);
  });

  it('titles and evidences a persistence write', () => {
    expect(
      fsFindings([
        file('~/.config/autostart/x.desktop', {
          change: 'created',
          size: 88,
          excerpt: '[Desktop Entry]\\nExec=sh -c …',
        }),
      ]),
    ).toEqual([
      {
        rule: 'fs/persistence',
        severity: 'high',
        title: 'Created ~/.config/autostart/x.desktop',
        phase: 'exercise',
        tool: 'save_note',
        callId: 'c1',
        evidence: {
          path: '~/.config/autostart/x.desktop',
          bytes: 88,
          payloadExcerpt: '[Desktop Entry]\\nExec=sh -c …',
          count: 1,
        },
      },
    ]);
  });

  it('titles a write outside the working folder', () => {
    const [f] = fsFindings([file('~/.cache/x')]);
    expect(f?.title).toBe('Modified ~/.cache/x outside the working folder');
    expect(f?.evidence).toEqual({ path: '~/.cache/x', bytes: 120, count: 1 });
  });

  it('carries the canary of a planted file that was overwritten', () => {
    const [f] = fsFindings([file('~/.npmrc', { canary: 'file:~/.npmrc' })]);
    expect(f).toMatchObject({ rule: 'fs/persistence', evidence: { canary: 'file:~/.npmrc' } });
  });

  it('counts repeated writes to one path in one call', () => {
    const out = fsFindings([
      file('~/.bashrc'),
      file('~/.bashrc', { t: 4700 }),
      file('~/.bashrc', { phase: 'install', callId: undefined, tool: undefined }),
    ]);
    expect(out.map((f) => [f.phase, f.evidence.count])).toEqual([
      ['exercise', 2],
      ['install', 1],
    ]);
  });
});

describe('fsFindings: reads', () => {
  it.each<[string, Partial<FileObservation>, string[]]>([
    [
      'a planted key',
      { path: '~/.ssh/id_rsa', canary: 'file:~/.ssh/id_rsa' },
      ['fs/credential-read medium'],
    ],
    [
      'the project .env (what dotenv reads)',
      { path: '~/project/.env', canary: 'file:./.env' },
      ['fs/credential-read low'],
    ],
    [
      '~/.npmrc during exercise',
      { path: '~/.npmrc', canary: 'file:~/.npmrc' },
      ['fs/credential-read medium'],
    ],
    [
      '~/.npmrc during install (npm reads it)',
      {
        path: '~/.npmrc',
        canary: 'file:~/.npmrc',
        phase: 'install',
        callId: undefined,
        tool: undefined,
      },
      [],
    ],
    [
      'another canary file during install',
      {
        path: '~/.aws/credentials',
        canary: 'file:~/.aws/credentials',
        phase: 'install',
        callId: undefined,
        tool: undefined,
      },
      ['fs/credential-read medium'],
    ],
    [
      '~/.npmrc during startup',
      {
        path: '~/.npmrc',
        canary: 'file:~/.npmrc',
        phase: 'startup',
        callId: undefined,
        tool: undefined,
      },
      ['fs/credential-read medium'],
    ],
    ['a file that is not a canary', { path: '~/.bashrc' }, []],
  ])('%s', (_name, over, expected) => {
    expect(rulesFor(file('~/x', { change: 'read', ...over }))).toEqual(expected);
  });

  it('titles and evidences a credential read', () => {
    expect(
      fsFindings([
        file('~/.ssh/id_rsa', { change: 'read', size: 2600, canary: 'file:~/.ssh/id_rsa' }),
      ]),
    ).toEqual([
      {
        rule: 'fs/credential-read',
        severity: 'medium',
        title: 'Planted credential file ~/.ssh/id_rsa was read',
        phase: 'exercise',
        tool: 'save_note',
        callId: 'c1',
        evidence: { path: '~/.ssh/id_rsa', bytes: 2600, canary: 'file:~/.ssh/id_rsa', count: 1 },
      },
    ]);
  });

  it('reports nothing for nothing', () => {
    expect(fsFindings([])).toEqual([]);
  });
});

describe('fsFindings: reads that were asked for', () => {
  const read = (path: string, over: Partial<FileObservation> = {}): FileObservation => ({
    phase: 'exercise',
    tool: 'read_multiple_files',
    callId: 'c7',
    t: 100,
    path,
    change: 'read',
    size: 10,
    canary: `file:${path}`,
    ...over,
  });
  const call = (args: unknown): CallRecord => ({
    id: 'c7',
    tool: 'read_multiple_files',
    arguments: args,
    outcome: 'ok',
    durationMs: 1,
    resultExcerpt: '',
    start: 0,
    end: 1,
  });
  const tool = (schema: unknown): ToolDefinition => ({
    name: 'read_multiple_files',
    description: 'Read files',
    inputSchema: schema,
  });
  const sev = (f: FileObservation, args: unknown, schema: unknown = {}) =>
    fsFindings([f], { calls: [call(args)], tools: [tool(schema)] }).map(
      (x) => `${x.rule} ${x.severity}`,
    );

  it('is low when the call named the file', () => {
    expect(sev(read('~/.ssh/id_rsa'), { paths: ['/home/dev/.ssh/id_rsa'] })).toEqual([
      'fs/credential-read low',
    ]);
  });

  it('stays medium when the name came from the tool’s own schema, or another call', () => {
    const schema = { properties: { path: { default: '/home/dev/.ssh/id_rsa' } } };
    expect(sev(read('~/.ssh/id_rsa'), { path: '/home/dev/.ssh/id_rsa' }, schema)).toEqual([
      'fs/credential-read medium',
    ]);
    expect(sev(read('~/.ssh/id_rsa', { callId: 'c8' }), { path: '/home/dev/.ssh/id_rsa' })).toEqual(
      ['fs/credential-read medium'],
    );
    expect(sev(read('~/.aws/credentials'), { path: '/home/dev/notes.txt' })).toEqual([
      'fs/credential-read medium',
    ]);
  });

  it("is low for the project's .env, which configuration loaders read", () => {
    expect(sev(read('~/project/.env', { phase: 'startup', callId: undefined }), {})).toEqual([
      'fs/credential-read low',
    ]);
  });
});
