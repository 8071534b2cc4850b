// Tests for the coverage summary: counts by outcome, the sentence the reports show, and the
// --min-coverage parsing and decision.
import { describe, expect, it } from 'vitest';
import {
  countCalls,
  coverageGate,
  coverageStatement,
  parseMinCoverage,
  summarizeCoverage,
} from './coverage.js';
import type { CallOutcome } from './types.js';

const call = (tool: string, outcome: CallOutcome) => ({ tool, outcome });
const tools = (...names: string[]) => names.map((name) => ({ name }));

describe('summarizeCoverage', () => {
  it('counts every tool’s calls by outcome and the tools called and with a result', () => {
    const s = summarizeCoverage(tools('a', 'b', 'c', 'd'), [
      call('a', 'ok'),
      call('a', 'tool-error'),
      call('b', 'tool-error'),
      call('b', 'protocol-error'),
      call('b', 'timeout'),
      call('c', 'crash'),
    ]);
    expect(s.perTool).toEqual([
      { tool: 'a', calls: 2, ok: 1, toolErrors: 1, protocolErrors: 0, timeouts: 0, crashes: 0 },
      { tool: 'b', calls: 3, ok: 0, toolErrors: 1, protocolErrors: 1, timeouts: 1, crashes: 0 },
      { tool: 'c', calls: 1, ok: 0, toolErrors: 0, protocolErrors: 0, timeouts: 0, crashes: 1 },
      { tool: 'd', calls: 0, ok: 0, toolErrors: 0, protocolErrors: 0, timeouts: 0, crashes: 0 },
    ]);
    expect(s.totals).toEqual({
      calls: 6,
      ok: 1,
      toolErrors: 2,
      protocolErrors: 1,
      timeouts: 1,
      crashes: 1,
    });
    expect(s).toMatchObject({ toolsListed: 4, toolsCalled: 3, toolsWithResult: 1 });
    expect(s.statement).toBe('1 of 4 tools returned a result');
    expect(s.gate).toBeUndefined();
  });

  it('says nothing was exercised when 128 calls all ended in tool errors', () => {
    const names = ['browser_navigate', 'browser_click', 'browser_snapshot', 'browser_close'];
    const calls = Array.from({ length: 128 }, (_, i) => call(names[i % 4] ?? '', 'tool-error'));
    const s = summarizeCoverage(tools(...names), calls);
    expect(s).toMatchObject({ toolsListed: 4, toolsCalled: 4, toolsWithResult: 0 });
    expect(s.totals).toMatchObject({ calls: 128, toolErrors: 128, ok: 0 });
    expect(s.statement).toBe('nothing exercised: 0 of 4 tools returned a result');
  });

  it('merges a name listed twice and ignores calls to names never listed', () => {
    const s = summarizeCoverage(tools('a', '__proto__', 'a'), [
      call('a', 'ok'),
      call('__proto__', 'ok'),
      call('ghost', 'ok'),
    ]);
    expect(s.perTool.map((t) => [t.tool, t.calls])).toEqual([
      ['a', 1],
      ['__proto__', 1],
    ]);
    expect(s).toMatchObject({ toolsListed: 2, toolsWithResult: 2 });
    expect(s.totals.calls).toBe(2);
  });

  it('adds the gate when a minimum is given', () => {
    const s = summarizeCoverage(tools('a', 'b'), [call('a', 'ok')], 0.8);
    expect(s.gate).toEqual({
      minimum: 0.8,
      met: false,
      statement: 'coverage 1/2 tools (50%) below --min-coverage 80%',
    });
  });
});

describe('countCalls', () => {
  it('counts an empty list as zeros', () => {
    expect(countCalls([])).toEqual({
      calls: 0,
      ok: 0,
      toolErrors: 0,
      protocolErrors: 0,
      timeouts: 0,
      crashes: 0,
    });
  });
});

describe('coverageStatement', () => {
  it.each([
    [0, 0, 'nothing exercised: no tools were listed'],
    [1, 0, 'nothing exercised: 0 of 1 tool returned a result'],
    [5, 0, 'nothing exercised: 0 of 5 tools returned a result'],
    [5, 3, '3 of 5 tools returned a result'],
    [1, 1, '1 of 1 tool returned a result'],
  ])('%i listed, %i with a result: %s', (toolsListed, toolsWithResult, expected) => {
    expect(coverageStatement({ toolsListed, toolsWithResult })).toBe(expected);
  });
});

describe('coverageGate', () => {
  it.each<[number, number, number, boolean, string]>([
    [5, 1, 0.8, false, 'coverage 1/5 tools (20%) below --min-coverage 80%'],
    [5, 4, 0.8, true, 'coverage 4/5 tools (80%) meets --min-coverage 80%'],
    [3, 2, 0.67, false, 'coverage 2/3 tools (66.6%) below --min-coverage 67%'],
    [3, 2, 0.66, true, 'coverage 2/3 tools (66.6%) meets --min-coverage 66%'],
    [100, 29, 0.29, true, 'coverage 29/100 tools (29%) meets --min-coverage 29%'],
    [100, 28, 0.29, false, 'coverage 28/100 tools (28%) below --min-coverage 29%'],
    [5, 0, 0.01, false, 'coverage 0/5 tools (0%) below --min-coverage 1%'],
    [5, 5, 1, true, 'coverage 5/5 tools (100%) meets --min-coverage 100%'],
    [0, 0, 0.5, false, 'coverage 0/0 tools (0%) below --min-coverage 50%'],
    [0, 0, 0, true, 'coverage 0/0 tools (0%) meets --min-coverage 0%'],
    [5, 0, 0, true, 'coverage 0/5 tools (0%) meets --min-coverage 0%'],
  ])('%i listed, %i with a result, minimum %d: met %s', (listed, withResult, min, met, text) => {
    expect(coverageGate({ toolsListed: listed, toolsWithResult: withResult }, min)).toEqual({
      minimum: min,
      met,
      statement: text,
    });
  });
});

describe('parseMinCoverage', () => {
  it.each<[string, number]>([
    ['80%', 0.8],
    ['0%', 0],
    ['100%', 1],
    ['12.5%', 0.125],
    ['0.8', 0.8],
    ['.5', 0.5],
    ['1', 1],
    ['0', 0],
    ['1.0', 1],
  ])('%s is %d', (text, value) => {
    expect(parseMinCoverage(text)).toBe(value);
  });

  it.each([
    '80',
    '1.5',
    '101%',
    '-0.5',
    '-5%',
    'abc',
    '',
    '%',
    '0.8%%',
    ' 80%',
    '80 %',
    'NaN',
    '1e-1',
    'Infinity',
    '0x1',
  ])('refuses %j', (text) => {
    expect(parseMinCoverage(text)).toBeUndefined();
  });
});
