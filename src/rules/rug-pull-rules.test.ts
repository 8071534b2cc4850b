import { describe, expect, it } from 'vitest';
import { rugPullFindings } from './rug-pull-rules.js';

describe('mcp/rug-pull', () => {
  it('is high, names the tool and the trigger, and carries before and after', () => {
    const [f] = rugPullFindings([
      {
        t: 1,
        trigger: 'list_changed',
        kind: 'tool-changed',
        name: 'add',
        fields: ['description'],
        before: 'old',
        after: 'new <IMPORTANT>',
        afterCallId: 'c1',
      },
    ]);
    expect(f).toMatchObject({
      rule: 'mcp/rug-pull',
      severity: 'high',
      tool: 'add',
      callId: 'c1',
      phase: 'exercise',
      evidence: {
        before: 'old',
        after: 'new <IMPORTANT>',
        field: 'description',
        source: 'list_changed',
      },
    });
    expect(f?.title).toBe('Tool "add" changed its description after the server sent list_changed');
  });

  it('puts a change seen on the second launch in the relaunch phase', () => {
    const [f] = rugPullFindings([
      {
        t: 1,
        trigger: 'second-launch',
        kind: 'instructions-changed',
        fields: ['instructions'],
        before: 'a',
        after: 'b',
      },
    ]);
    expect(f).toMatchObject({
      phase: 'relaunch',
      title: "The server's instructions changed on a second launch over the same state",
    });
    expect(f?.tool).toBeUndefined();
  });

  it('gives nothing without drift', () => {
    expect(rugPullFindings([])).toEqual([]);
  });
});
