import { describe, expect, it } from 'vitest';
import { classifyCommand, programName, type CommandContext } from './command-target.js';

/** A probe over a fixed set of files (folders are whatever holds them). */
function probeOf(files: readonly string[]): CommandContext['probe'] {
  const set = new Set(files);
  return {
    isFile: (p) => set.has(p),
    isDirectory: (p) => files.some((f) => f.startsWith(`${p}/`)),
  };
}

const FILES = [
  '/repo/tools/server/package.json',
  '/repo/tools/server/dist/index.js',
  '/repo/loose/script.js',
  '/elsewhere/pkg/package.json',
  '/elsewhere/pkg/index.js',
];
const ctx: CommandContext = { baseDir: '/repo', workspaceDir: '/repo', probe: probeOf(FILES) };

describe('classifyCommand: npx', () => {
  it.each<[string[], string, string[]]>([
    [['-y', '@scope/pkg@1.2.3', '--flag'], '@scope/pkg@1.2.3', ['--flag']],
    [['--yes', 'pkg'], 'pkg', []],
    [['pkg', '-y', 'x'], 'pkg', ['-y', 'x']],
    [['-y', '--', 'pkg@latest', 'a'], 'pkg@latest', ['a']],
    [['-p', '@scope/tools@2', 'tools-server', '--port', '0'], '@scope/tools@2', ['--port', '0']],
    [['--package', 'tools', 'bin'], 'tools', []],
    [['--package=@scope/tools', '-y', 'bin', 'arg'], '@scope/tools', ['arg']],
    [['-q', '--prefer-offline', 'pkg'], 'pkg', []],
  ])('npx %j -> %s %j', (args, spec, serverArgs) => {
    expect(classifyCommand('npx', args, ctx)).toMatchObject({
      kind: 'npm',
      target: spec,
      serverArgs,
    });
  });

  it('notes the bin of the -p form and ignored options', () => {
    const t = classifyCommand('npx', ['--foo', '-p', 'tools', 'tools-bin'], ctx);
    expect(t.notes.join('\n')).toMatch(/npx option `--foo` ignored/);
    expect(t.notes.join('\n')).toMatch(/bin `tools-bin`/);
  });

  it.each<[string[], RegExp]>([
    [['-y'], /npx without a package/],
    [['-c', 'echo hi'], /shell command/],
    [['--registry', 'https://r.example', 'pkg'], /another registry/],
    [['-y', 'github:user/repo'], /not a registry package spec/],
    [['./local'], /not a registry package spec/],
    [['https://x.example/p.tgz'], /not a registry package spec/],
    [['-p', 'a', '-p', 'b', 'bin'], /several --package/],
    [['-p'], /without a package/],
  ])('npx %j is not examined (%s)', (args, reason) => {
    const t = classifyCommand('npx', args, ctx);
    expect(t.kind).toBe('not-examined');
    expect(t.kind === 'not-examined' && t.reason).toMatch(reason);
  });

  it('reads npm exec and a Windows cmd /c npx.cmd wrapper the same way', () => {
    expect(classifyCommand('npm', ['exec', '--', 'pkg', 'a'], ctx)).toMatchObject({
      kind: 'npm',
      target: 'pkg',
      serverArgs: ['a'],
    });
    const win = classifyCommand('cmd', ['/c', 'npx.cmd', '-y', 'pkg@1', '--x'], ctx);
    expect(win).toMatchObject({ kind: 'npm', target: 'pkg@1', serverArgs: ['--x'] });
    expect(win.notes.join()).toMatch(/cmd \/c/);
  });
});

describe('classifyCommand: node', () => {
  it('maps a script to the nearest folder with a package.json above it', () => {
    expect(classifyCommand('node', ['tools/server/dist/index.js', '--a', 'b'], ctx)).toEqual({
      kind: 'folder',
      target: '/repo/tools/server',
      entryFile: 'dist/index.js',
      serverArgs: ['--a', 'b'],
      notes: [],
    });
  });

  it('resolves relative paths against the base folder and absolute paths as they are', () => {
    const rel = { ...ctx, baseDir: '/repo/tools' };
    expect(classifyCommand('node', ['./server/dist/index.js'], rel)).toMatchObject({
      target: '/repo/tools/server',
    });
    expect(classifyCommand('/usr/bin/node', ['/elsewhere/pkg/index.js'], ctx)).toMatchObject({
      kind: 'folder',
      target: '/elsewhere/pkg',
      entryFile: 'index.js',
    });
  });

  it('fills ${workspaceFolder} and skips node options, noting them', () => {
    const t = classifyCommand(
      'node',
      [
        '--enable-source-maps',
        '-r',
        'dotenv/config',
        '${workspaceFolder}/tools/server/dist/index.js',
      ],
      { ...ctx, baseDir: '/somewhere-else' },
    );
    expect(t).toMatchObject({ kind: 'folder', target: '/repo/tools/server', serverArgs: [] });
    expect(t.notes).toHaveLength(2);
  });

  it.each<[string[], RegExp]>([
    [['-e', 'require("x")'], /inline code/],
    [['--eval=1'], /inline code/],
    [['-'], /stdin/],
    [[], /without a script/],
    [['missing.js'], /script not found: \/repo\/missing.js/],
    [['loose/script.js'], /no package.json above/],
    [['~/server/index.js'], /placeholder/],
    [['${input:path}/index.js'], /placeholder/],
    [['C:\\servers\\index.js'], /Windows path/],
  ])('node %j is not examined (%s)', (args, reason) => {
    const t = classifyCommand('node', args, ctx);
    expect(t.kind === 'not-examined' && t.reason).toMatch(reason);
  });

  it('refuses a package folder outside `within`', () => {
    const t = classifyCommand('node', ['/elsewhere/pkg/index.js'], { ...ctx, within: '/repo' });
    expect(t.kind === 'not-examined' && t.reason).toMatch(/outside \/repo/);
    const inside = classifyCommand('node', ['tools/server/dist/index.js'], {
      ...ctx,
      within: '/repo',
    });
    expect(inside.kind).toBe('folder');
  });
});

describe('classifyCommand: everything else', () => {
  it.each<[string, string[], RegExp]>([
    ['uvx', ['mcp-server-fetch'], /uvx \(Python\) servers are not analysed yet/],
    ['uv', ['run', 'server.py'], /Python/],
    ['python3.11', ['server.py'], /Python servers are not analysed yet \(command `python3.11`\)/],
    ['docker', ['run', '-i', 'mcp/x'], /docker entries are not analysed yet/],
    ['deno', ['run', 'x.ts'], /Deno/],
    ['bunx', ['pkg'], /Bun/],
    ['cmd', ['/c', 'uvx', 'x'], /uvx/],
    ['bash', ['-c', 'npx pkg'], /command `bash` is not supported/],
    ['constructor', [], /command `constructor` is not supported/],
    ['/opt/bin/my-server', [], /command `\/opt\/bin\/my-server` is not supported/],
  ])('%s %j is not examined (%s)', (command, args, reason) => {
    const t = classifyCommand(command, args, ctx);
    expect(t.kind === 'not-examined' && t.reason).toMatch(reason);
  });

  it.each<[string, string]>([
    ['npx', 'npx'],
    ['/usr/local/bin/npx', 'npx'],
    ['C:\\Program Files\\nodejs\\npx.cmd', 'npx'],
    ['NODE.EXE', 'node'],
  ])('programName(%j) = %s', (command, name) => {
    expect(programName(command)).toBe(name);
  });
});
