import { describe, expect, it } from 'vitest';
import type { Attribution, Timeline } from '../domain/types.js';
import { attribute } from './attribute.js';

// install 1000-1999, startup 2000-2999, enumerate 3000-3999, exercise 4000-9000.
// Calls: c1 (alpha) 4100-4500, c2 (beta) 5000-5200, c3 (alpha) 6000-6100.
const TIMELINE: Timeline = {
  // deliberately out of order: attribute sorts phases by start
  phases: [
    { phase: 'exercise', start: 4000, end: 9000 },
    { phase: 'install', start: 1000, end: 1999 },
    { phase: 'enumerate', start: 3000, end: 3999 },
    { phase: 'startup', start: 2000, end: 2999 },
  ],
  calls: [
    { id: 'c1', tool: 'alpha', start: 4100, end: 4500 },
    { id: 'c2', tool: 'beta', start: 5000, end: 5200 },
    { id: 'c3', tool: 'alpha', start: 6000, end: 6100 },
  ],
};

describe('attribute', () => {
  it.each<[string, number, Attribution]>([
    ['before the first phase: the first phase', 500, { phase: 'install' }],
    ['install start', 1000, { phase: 'install' }],
    ['inside install', 1500, { phase: 'install' }],
    ['gap after install, before startup', 1999.5, { phase: 'install' }],
    ['startup start', 2000, { phase: 'startup' }],
    ['inside startup', 2500, { phase: 'startup' }],
    ['inside enumerate', 3500, { phase: 'enumerate' }],
    ['exercise before any call', 4050, { phase: 'exercise' }],
    ['first call start', 4100, { phase: 'exercise', callId: 'c1', tool: 'alpha' }],
    ['inside the first call', 4300, { phase: 'exercise', callId: 'c1', tool: 'alpha' }],
    ['first call end', 4500, { phase: 'exercise', callId: 'c1', tool: 'alpha' }],
    [
      'between calls: charged to the earlier call',
      4800,
      { phase: 'exercise', callId: 'c1', tool: 'alpha' },
    ],
    ['second call start', 5000, { phase: 'exercise', callId: 'c2', tool: 'beta' }],
    ['inside the second call', 5100, { phase: 'exercise', callId: 'c2', tool: 'beta' }],
    ['after the second call', 5900, { phase: 'exercise', callId: 'c2', tool: 'beta' }],
    ['inside the third call', 6050, { phase: 'exercise', callId: 'c3', tool: 'alpha' }],
    [
      'after the last call, inside exercise',
      8000,
      { phase: 'exercise', callId: 'c3', tool: 'alpha' },
    ],
    [
      'after the last phase ended: the last phase and call',
      20000,
      { phase: 'exercise', callId: 'c3', tool: 'alpha' },
    ],
  ])('%s (t=%d)', (_name, t, expected) => {
    expect(attribute(t, TIMELINE)).toEqual(expected);
  });

  it('attributes to install when there are no phases at all', () => {
    expect(attribute(5000, { phases: [], calls: [] })).toEqual({ phase: 'install' });
  });

  it('without an install phase, time before startup goes to startup', () => {
    const t: Timeline = { phases: [{ phase: 'startup', start: 2000, end: 3000 }], calls: [] };
    expect(attribute(100, t)).toEqual({ phase: 'startup' });
  });

  it('has no call outside the exercise phase even when calls overlap in time', () => {
    const t: Timeline = {
      phases: [
        { phase: 'enumerate', start: 0, end: 100 },
        { phase: 'exercise', start: 200, end: 300 },
      ],
      calls: [{ id: 'c1', tool: 'alpha', start: 10, end: 20 }],
    };
    expect(attribute(50, t)).toEqual({ phase: 'enumerate' });
  });
});
