import { describe, expect, it } from 'vitest';
import type { ToolDefinition } from '../domain/types.js';
import { cleanQuote, declaration, declarations, QUOTE_MAX } from './declared-acts.js';

function tool(name: string, description = '', more: Partial<ToolDefinition> = {}): ToolDefinition {
  return { name, description, inputSchema: { type: 'object' }, ...more };
}
const runs = (t: ToolDefinition | undefined) => declaration(t, 'run-commands');

describe('declaration: run-commands', () => {
  it.each([
    'execute_command',
    'run_command',
    'start_process',
    'run_terminal_cmd',
    'runTerminalCmd',
    'interact_with_process',
    'shell',
    'bash',
    'exec',
    'terminal',
    'shell_exec',
    'run_shell_command',
    'execute-bash',
    'RunScript',
    'kill_process',
    'terminate_process',
  ])('the name %s declares it', (name) => {
    expect(runs(tool(name))).toEqual({ act: 'run-commands', source: 'name', quote: name });
  });

  it.each([
    'configure_shell',
    'calculate',
    'run_report',
    'list_processes',
    'read_file',
    'shell_history_search',
    'no_shell_exec',
    'start_search',
    'stop_search',
  ])('the name %s does not', (name) => {
    expect(runs(tool(name))).toBeUndefined();
  });

  it.each([
    ['Run a shell command and return its output', 'Run a shell command and return its output'],
    [
      'Executes a terminal command with a timeout. Returns stdout.',
      'Executes a terminal command with a timeout.',
    ],
    [
      'Lists files.\nRuns the given command in a subprocess',
      'Runs the given command in a subprocess',
    ],
    [
      'Start a new process with the given arguments.',
      'Start a new process with the given arguments.',
    ],
    [
      'Send input to and interact with a running process.',
      'Send input to and interact with a running process.',
    ],
    ['A helper for system commands.', 'A helper for system commands.'],
    ['Spawns bash and returns the exit code!', 'Spawns bash and returns the exit code!'],
  ])('the description %j declares it', (description, quote) => {
    expect(runs(tool('helper', description))).toEqual({
      act: 'run-commands',
      source: 'description',
      quote,
    });
  });

  it.each([
    'Evaluate an arithmetic expression',
    'Configure your shell for devkit: adds the CLI to PATH and a handy alias.',
    'This tool does not run shell commands.',
    'Never executes commands; it only reads files.',
    'Runs no shell commands at all.',
    'Start the process of optimising images.',
    'Runs a SQL query against the database.',
    'Report the Node.js version the server runs on.',
  ])('the description %j does not', (description) => {
    expect(runs(tool('helper', description))).toBeUndefined();
  });

  it('reads the title and annotations.title', () => {
    expect(runs(tool('x', '', { title: 'Execute Command' }))).toEqual({
      act: 'run-commands',
      source: 'title',
      quote: 'Execute Command',
    });
    expect(runs(tool('x', '', { annotations: { title: 'Terminal' } }))?.source).toBe('title');
    expect(runs(tool('x', '', { title: 'Does not run commands' }))).toBeUndefined();
  });

  it('takes no declaration from the other annotations', () => {
    const hints = { destructiveHint: true, openWorldHint: true, readOnlyHint: false };
    expect(runs(tool('calculate', 'Evaluate an expression', { annotations: hints }))).toBe(
      undefined,
    );
  });

  it('prefers the name, then the title, then the description', () => {
    const t = tool('run_command', 'Runs a shell command.', { title: 'Run a command' });
    expect(runs(t)?.source).toBe('name');
    expect(runs({ ...t, name: 'x' })?.source).toBe('title');
  });

  it('survives hostile definitions', () => {
    const odd = { name: 42, description: null, title: 7, annotations: 'x' } as unknown;
    expect(runs(odd as ToolDefinition)).toBeUndefined();
    expect(runs(undefined)).toBeUndefined();
    const huge = tool('x', `${'word '.repeat(5000)}. Runs a shell command.`);
    expect(runs(huge)).toBeUndefined(); // beyond the prefix that is read
  });
});

describe('declaration: read-files and open-urls', () => {
  it.each<[string, string, string[]]>([
    ['read_file', '', ['read-files']],
    ['read_text_file', '', ['read-files']],
    ['view_file', '', ['read-files']],
    ['x', 'Read the complete contents of a file from the file system.', ['read-files']],
    ['x', 'Returns the contents of the given file.', ['read-files']],
    ['fetch', '', ['open-urls']],
    ['browser_navigate', '', ['open-urls']],
    ['fetch_url', '', ['open-urls']],
    ['x', 'Fetches a URL from the internet and returns its content as markdown.', ['open-urls']],
    ['x', 'Navigate to a web page.', ['open-urls']],
    ['x', 'Open feedback form in browser to provide feedback.', ['open-urls']],
    ['execute_command', 'Run a shell command.', ['run-commands']],
    ['calculate', 'Evaluate an arithmetic expression', []],
    ['list_directory', 'List the file names in a folder.', []],
  ])('%s %j declares %j', (name, description, acts) => {
    expect(declarations(tool(name, description)).map((d) => d.act)).toEqual(acts);
  });
});

describe('cleanQuote', () => {
  it('drops control and format characters and bounds the text', () => {
    expect(cleanQuote('Run\u0000 a\u200b\n\tcommand\u202e')).toBe('Run a command');
    const long = cleanQuote('x'.repeat(1000));
    expect(Array.from(long)).toHaveLength(QUOTE_MAX);
    expect(long.endsWith('…')).toBe(true);
  });
});
