import { describe, expect, it } from 'vitest';
import { argumentStrings, SurfaceRecorder, withoutEchoes } from './recorder.js';

describe('SurfaceRecorder', () => {
  it('cuts our own echoed arguments out of results before the metadata rules see them', () => {
    const r = new SurfaceRecorder(() => 1);
    r.current = { callId: 'c1', tool: 't' };
    r.sent({ id: '\u202Egnp.exe', n: 1 });
    r.text({
      source: 'tool-result',
      owner: 't',
      phase: 'exercise',
      text: 'No note \u202Egnp.exe found',
    });
    expect(r.metadata[0]?.text).toBe('No note  ⟦input⟧  found');
    r.text({ source: 'tool-description', owner: 't', phase: 'exercise', text: 'x \u202Egnp.exe' });
    expect(r.metadata[1]?.text).toBe('x \u202Egnp.exe');
  });

  it('drops a result that was nothing but the echo, and duplicates', () => {
    const r = new SurfaceRecorder(() => 1);
    r.sent({ a: 'hello world' });
    r.current = { callId: 'c2', tool: 't' };
    r.text({ source: 'tool-result', owner: 't', phase: 'exercise', text: 'hello world' });
    expect(r.metadata).toEqual([]);
    r.current = undefined;
    r.text({ source: 'instructions', phase: 'enumerate', text: 'same' });
    r.text({ source: 'instructions', phase: 'enumerate', text: 'same' });
    expect(r.metadata).toHaveLength(1);
  });

  it('counts every notification but keeps a bounded list', () => {
    const r = new SurfaceRecorder(() => 1);
    for (let i = 0; i < 500; i += 1) r.notification('notifications/message', { i });
    expect(r.notificationCounts['notifications/message']).toBe(500);
    expect(r.notifications).toHaveLength(200);
  });

  it('collects argument strings longest first, skipping short ones', () => {
    expect(argumentStrings({ a: 'ab', b: ['long one', { c: 'mid' }] })).toEqual([
      'long one',
      'mid',
    ]);
    expect(withoutEchoes('a mid b', ['mid'])).toBe('a  ⟦input⟧  b');
  });
});

describe('echoes in JSON', () => {
  it('also cuts arguments that come back inside JSON text', () => {
    const r = new SurfaceRecorder(() => 1);
    r.sent({ note: 'say "hi"\nthen <IMPORTANT>' });
    r.text({
      source: 'tool-result',
      owner: 't',
      phase: 'exercise',
      text: JSON.stringify({ saved: 'say "hi"\nthen <IMPORTANT>' }),
    });
    expect(r.metadata[0]?.text).toBe('{"saved":" ⟦input⟧ "}');
  });
});
