import { describe, expect, it } from 'vitest';
import { parseJsonc, stripJsonc } from './jsonc.js';

describe('parseJsonc', () => {
  it.each<[string, string, unknown]>([
    ['plain JSON', '{"a": [1, 2]}', { a: [1, 2] }],
    ['line comment', '{"a": 1 // one\n}', { a: 1 }],
    ['block comment', '{/* x */"a": /* y */ 1}', { a: 1 }],
    ['multi-line block comment', '{\n/* x\n y */\n"a": 1}', { a: 1 }],
    ['trailing comma in object', '{"a": 1,}', { a: 1 }],
    ['trailing comma in array', '{"a": [1, 2, ]}', { a: [1, 2] }],
    ['trailing comma before a comment', '{"a": 1, // c\n}', { a: 1 }],
    ['nested trailing commas', '{"a": {"b": [1,],},}', { a: { b: [1] } }],
    ['slashes inside a string', '{"u": "https://x.example//y"}', { u: 'https://x.example//y' }],
    ['comment markers inside a string', '{"s": "/* not */ // no"}', { s: '/* not */ // no' }],
    ['comma and brace inside a string', '{"s": ",}"}', { s: ',}' }],
    ['escaped quote inside a string', '{"s": "a\\"// b"}', { s: 'a"// b' }],
    ['escaped backslash before the end quote', '{"s": "a\\\\", "t": 1}', { s: 'a\\', t: 1 }],
    ['byte-order mark', '\uFEFF{"a": 1}', { a: 1 }],
    ['CRLF line comment', '{"a": 1 // c\r\n, "b": 2}', { a: 1, b: 2 }],
  ])('%s', (_name, text, expected) => {
    expect(parseJsonc(text)).toEqual(expected);
  });

  it.each([
    ['an unterminated block comment', '{"a": 1 /* open'],
    ['single quotes', "{'a': 1}"],
    ['a lone comma', '{,}'],
    ['two commas', '{"a": 1,,}'],
    ['a lone comma in an array', '[,]'],
    ['not JSON at all', 'mcpServers:\n  a: b'],
  ])('refuses %s', (_name, text) => {
    expect(() => parseJsonc(text)).toThrow(SyntaxError);
  });

  it('keeps line numbers: comments become blanks, newlines stay', () => {
    const text = '{\n  // one\n  /* two\n  three */\n  "a": 1,\n}';
    const stripped = stripJsonc(text);
    expect(stripped.split('\n')).toHaveLength(text.split('\n').length);
    expect(stripped.split('\n')[4]).toBe('  "a": 1 ');
  });
});
