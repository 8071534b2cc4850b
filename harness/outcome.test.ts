import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import type { CallOutcome } from '../src/domain/types.js';
import {
  errorText,
  excerptResult,
  MAX_EXCERPT,
  outcomeOfError,
  outcomeOfResult,
} from './outcome.js';

const text = (t: string) => ({ type: 'text', text: t });

describe('excerptResult', () => {
  it.each<[string, unknown, string]>([
    ['one text item', { content: [text('sunny, 21°C')] }, 'sunny, 21°C'],
    ['several items joined by newlines', { content: [text('a'), text('b')] }, 'a\nb'],
    ['an image', { content: [{ type: 'image', data: 'AAAA', mimeType: 'image/png' }] }, '[image]'],
    [
      'a resource',
      { content: [{ type: 'resource', resource: { uri: 'file:///x' } }] },
      '[resource]',
    ],
    ['text and image', { content: [text('x'), { type: 'image', data: '' }] }, 'x\n[image]'],
    ['text item whose text is not a string', { content: [{ type: 'text', text: 42 }] }, '[text]'],
    ['item without a type', { content: [{ text: 'no type' }] }, '[undefined]'],
    [
      'long type name cut to 20 characters',
      { content: [{ type: 'x'.repeat(50) }] },
      `[${'x'.repeat(20)}]`,
    ],
    ['empty content', { content: [] }, ''],
    ['content not an array', { content: 'hello' }, ''],
    ['no content', { structuredContent: { a: 1 } }, ''],
    ['null result', null, ''],
    ['undefined result', undefined, ''],
    ['a string result', 'hello', ''],
  ])('%s', (_name, result, expected) => {
    expect(excerptResult(result)).toBe(expected);
  });

  it('bounds one long text to MAX_EXCERPT characters', () => {
    expect(excerptResult({ content: [text('y'.repeat(MAX_EXCERPT * 3))] })).toBe(
      'y'.repeat(MAX_EXCERPT),
    );
  });

  it('stops reading items once the bound is passed', () => {
    const out = excerptResult({
      content: Array.from({ length: 10 }, (_, i) => text(`${i}`.repeat(900))),
    });
    expect(out).toHaveLength(MAX_EXCERPT);
    expect(out.startsWith('0'.repeat(900))).toBe(true);
    expect(out).not.toContain('3');
  });

  it('reads at most 20 items', () => {
    const out = excerptResult({ content: Array.from({ length: 30 }, (_, i) => text(`i${i}`)) });
    expect(out.split('\n')).toHaveLength(20);
    expect(out.endsWith('i19')).toBe(true);
  });
});

describe('outcomeOfError', () => {
  it.each<[string, unknown, boolean, CallOutcome]>([
    ['request timeout', new McpError(ErrorCode.RequestTimeout, 'timed out'), true, 'timeout'],
    ['connection closed', new McpError(ErrorCode.ConnectionClosed, 'closed'), true, 'crash'],
    ['invalid params', new McpError(ErrorCode.InvalidParams, 'bad'), true, 'protocol-error'],
    ['method not found', new McpError(ErrorCode.MethodNotFound, 'nope'), true, 'protocol-error'],
    ['internal error', new McpError(ErrorCode.InternalError, 'boom'), true, 'protocol-error'],
    ['plain Error', new Error('boom'), true, 'protocol-error'],
    ['thrown string', 'boom', true, 'protocol-error'],
    ['thrown undefined', undefined, true, 'protocol-error'],
    ['server dead, timeout', new McpError(ErrorCode.RequestTimeout, 't'), false, 'crash'],
    ['server dead, protocol error', new McpError(ErrorCode.InvalidParams, 'p'), false, 'crash'],
    ['server dead, plain Error', new Error('x'), false, 'crash'],
  ])('%s -> %s', (_name, e, alive, outcome) => {
    expect(outcomeOfError(e, alive)).toBe(outcome);
  });
});

describe('outcomeOfResult', () => {
  it.each<[string, unknown, CallOutcome]>([
    ['isError true', { content: [], isError: true }, 'tool-error'],
    ['isError false', { content: [], isError: false }, 'ok'],
    ['no isError', { content: [text('x')] }, 'ok'],
    ['isError truthy but not true', { isError: 'yes' }, 'ok'],
    ['isError 1', { isError: 1 }, 'ok'],
    ['null result', null, 'ok'],
    ['undefined result', undefined, 'ok'],
  ])('%s -> %s', (_name, result, outcome) => {
    expect(outcomeOfResult(result)).toBe(outcome);
  });
});

describe('errorText', () => {
  it.each<[unknown, string]>([
    [new Error('boom'), 'boom'],
    ['plain', 'plain'],
    [42, '42'],
    [undefined, 'undefined'],
  ])('%j -> %s', (e, expected) => {
    expect(errorText(e)).toBe(expected);
  });

  it('includes the MCP error code in the message and bounds it', () => {
    expect(errorText(new McpError(ErrorCode.RequestTimeout, 'Request timed out'))).toMatch(
      /-32001/,
    );
    expect(errorText(new Error('z'.repeat(5000)))).toHaveLength(MAX_EXCERPT);
  });
});
