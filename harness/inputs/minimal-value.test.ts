// Tests for the hand-written fallback generator.
import { describe, expect, it } from 'vitest';
import { minimalValue } from './minimal-value.js';

describe('minimalValue', () => {
  it('builds small documentation-style values', () => {
    const schema = {
      type: 'object',
      properties: {
        e: { type: 'string', format: 'email' },
        u: { type: 'string', format: 'uri' },
        ip: { type: 'string', format: 'ipv4' },
        n: { type: 'integer', minimum: 5, multipleOf: 3 },
        m: { type: 'number', exclusiveMaximum: -1 },
        list: { type: 'array', minItems: 2, uniqueItems: true, items: { type: 'string' } },
        pick: { anyOf: [{ type: 'boolean' }, { type: 'string' }] },
        merged: {
          allOf: [{ properties: { a: { const: 1 } }, required: ['a'] }, { required: ['b'] }],
        },
        opt: { type: 'string' },
      },
      required: ['e', 'u', 'ip', 'n', 'm', 'list', 'pick', 'merged'],
    };
    expect(minimalValue(schema)).toEqual({
      e: 'alex@example.com',
      u: 'https://example.com/a',
      ip: '198.51.100.7',
      n: 6,
      m: -1.000001,
      list: ['example', 'example-1'],
      pick: false,
      merged: { a: 1, b: null },
    });
  });
});
