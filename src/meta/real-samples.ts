// Real tool descriptions, shaped as popular servers ship them, for the metadata tests: honest
// text that must not be judged padding or shadowing. Pure test data.

/** Lines as an indented template literal in source code holds them (blank lines indented too,
 * or to `blankIndent`), with the closing backtick's line four columns shallower. */
export const indented = (n: number, lines: readonly string[], blankIndent = n): string =>
  `\n${lines.map((l) => (l === '' ? ' '.repeat(blankIndent) : `${' '.repeat(n)}${l}`)).join('\n')}\n${' '.repeat(Math.max(0, n - 4))}`;

/** The shape of desktop-commander's list_directory description (a template literal at depth 24). */
export const LIST_DIRECTORY = [
  'Get a detailed listing of all files and directories in a specified path.',
  '',
  "Use this instead of 'execute_command' with ls/dir commands.",
  'Results distinguish between files and directories with [FILE] and [DIR] prefixes.',
  '',
  "Supports recursive listing with the 'depth' parameter (default: 2):",
  '- depth=1: Only direct contents of the directory',
  '- depth=2: Contents plus one level of subdirectories',
  '',
  '',
  'IMPORTANT: Always use absolute paths for reliability.',
  'Only works within allowed directories.',
  '',
  'Example:',
  '    list_directory({ path: "/home/me/project", depth: 1 })',
];
