import { describe, expect, it } from 'vitest';
import { CleanupRegistry } from './cleanup-registry.js';

describe('CleanupRegistry', () => {
  it('runs everything once, newest first, children with their parent', async () => {
    const order: string[] = [];
    const top = new CleanupRegistry();
    top.add(() => void order.push('first'));
    const child = top.child();
    child.add(() => void order.push('child'));
    top.add(() => void order.push('last'));
    await Promise.all([top.runAll(), top.runAll()]);
    expect(order).toEqual(['last', 'child', 'first']);
  });

  it('says it is stopping once everything is being undone, not when a child ends', async () => {
    const top = new CleanupRegistry();
    const child = top.child();
    await child.runAll();
    expect(top.stopping).toBe(false);
    void top.runAll();
    expect(top.stopping).toBe(true);
  });

  it('keeps going past a cleanup that throws', async () => {
    const top = new CleanupRegistry();
    let ran = false;
    top.add(() => {
      ran = true;
    });
    top.add(() => {
      throw new Error('gone already');
    });
    await top.runAll();
    expect(ran).toBe(true);
  });
});
