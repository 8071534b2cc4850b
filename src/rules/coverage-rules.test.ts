// Coverage findings: every way part of a server goes unexamined is a high finding that names it;
// a fully examined server gets none.
import { describe, expect, it } from 'vitest';
import type {
  CallRecord,
  ServerRun,
  SurfaceObservations,
  ToolDefinition,
} from '../domain/types.js';
import { blankSurface } from '../domain/blank-surface.js';
import { coverageFindings } from './coverage-rules.js';

const SERVER: ServerRun = {
  command: ['node', 'x.js'],
  started: true,
  initialized: true,
  exitCode: null,
  stderrExcerpt: '',
};

function surface(over: Partial<SurfaceObservations> = {}): SurfaceObservations {
  return { ...blankSurface('stdio', { done: true }), ...over };
}

const tool = (name: string): ToolDefinition => ({ name, description: '', inputSchema: {} });
const call = (tool: string, outcome: CallRecord['outcome'], n = 1): CallRecord => ({
  id: `c${n}`,
  tool,
  arguments: {},
  outcome,
  durationMs: 1,
  resultExcerpt: '',
  start: n,
  end: n + 1,
});

describe('coverageFindings', () => {
  it('says nothing about a fully examined server', () => {
    expect(
      coverageFindings({
        server: SERVER,
        surface: surface(),
        tools: [tool('a'), tool('b')],
        calls: [call('a', 'ok'), call('b', 'tool-error'), call('b', 'timeout', 2)],
      }),
    ).toEqual([]);
  });

  it('a server that never started or never initialised is not examined at all', () => {
    const notStarted = coverageFindings({
      server: { ...SERVER, started: false, initialized: false },
      surface: surface(),
      tools: [],
      calls: [],
    });
    expect(notStarted).toMatchObject([
      { rule: 'coverage/not-examined', severity: 'high', phase: 'startup' },
    ]);
    const noInit = coverageFindings({
      server: { ...SERVER, initialized: false, error: 'initialize failed: bad result' },
      surface: surface(),
      tools: [],
      calls: [],
    });
    expect(noInit).toHaveLength(1);
    expect(noInit[0]?.title).toMatch(/did not complete MCP initialization/);
    expect(noInit[0]?.evidence.value).toMatch(/bad result/);
  });

  it('names each rejected definition, failed listing and second launch that did not run', () => {
    const f = coverageFindings({
      server: SERVER,
      surface: surface({
        rejected: [
          {
            list: 'tools',
            index: 1,
            name: 'leak',
            error: 'inputSchema.type: expected "object"',
            excerpt: '{}',
          },
          { list: 'prompts', index: 0, error: 'name: required', excerpt: '{}' },
        ],
        listingFailures: [
          { t: 1, method: 'resources/list', trigger: 'enumerate', error: 'timed out' },
          { t: 2, method: 'tools/list', trigger: 'second-launch', error: 'closed' },
        ],
        secondLaunch: { done: false, reason: 'did not initialise' },
      }),
      tools: [],
      calls: [],
    });
    expect(f.every((x) => x.rule === 'coverage/not-examined' && x.severity === 'high')).toBe(true);
    const titles = f.map((x) => x.title).join('\n');
    expect(titles).toMatch(/Tool leak has a definition the MCP client rejects/);
    expect(titles).toMatch(/Prompt #0 has a definition/);
    expect(titles).toMatch(/resources\/list could not be read/);
    expect(titles).toMatch(/tools\/list failed when listed again \(second-launch\)/);
    expect(titles).toMatch(/second launch/);
    expect(f.find((x) => x.title.includes('leak'))?.tool).toBe('leak');
  });

  it('a tool never called, and one whose every call timed out or crashed, are named', () => {
    const f = coverageFindings({
      server: SERVER,
      surface: surface(),
      tools: [tool('quiet'), tool('hangs'), tool('fine')],
      calls: [call('hangs', 'timeout', 1), call('hangs', 'crash', 2), call('fine', 'ok', 3)],
    });
    expect(f.map((x) => [x.tool, x.title])).toEqual([
      ['quiet', 'Not examined: tool quiet was never called'],
      ['hangs', 'Not examined: tool hangs never answered (1 timeout, 1 crash)'],
    ]);
  });

  it('a second launch switched off is not a gap', () => {
    expect(
      coverageFindings({
        server: SERVER,
        surface: surface({ secondLaunch: { done: false, reason: 'disabled' } }),
        tools: [],
        calls: [],
      }),
    ).toEqual([]);
  });
});
