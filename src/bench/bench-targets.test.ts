import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../harness/fixtures/expectations.js';
import { projectRoot } from '../util/project-root.js';
import { BATCH_FIXTURES, SINGLE_TARGETS } from './bench-targets.js';

const expectation = (name: string) => FIXTURES.find((f) => f.name === name);

describe('benchmark targets', () => {
  it('batch fixtures are distinct, clean and need no per-target options', () => {
    expect(new Set(BATCH_FIXTURES).size).toBe(BATCH_FIXTURES.length);
    expect(BATCH_FIXTURES.length).toBeGreaterThanOrEqual(6);
    for (const name of BATCH_FIXTURES) {
      const fx = expectation(name);
      expect(fx, name).toBeDefined();
      expect(fx?.verdict, name).toBe('clean');
      expect(fx?.allowEgress ?? [], name).toEqual([]);
      expect(fx?.transport, name).toBeUndefined();
      expect(fx?.initialized ?? true, name).toBe(true);
      expect(existsSync(join(projectRoot(), fx?.dir ?? 'missing', 'package.json')), name).toBe(
        true,
      );
    }
  });

  it('single targets are bundled fixtures; the example gets the demo allowlist', () => {
    for (const t of SINGLE_TARGETS) expect(expectation(t.fixture), t.fixture).toBeDefined();
    const demo = readFileSync(join(projectRoot(), 'scripts', 'demo.sh'), 'utf8');
    const weather = SINGLE_TARGETS.find((t) => t.fixture === 'example-weather');
    expect(demo).toContain('harness/fixtures/servers/example-weather');
    expect(demo).toContain(`--allow-egress ${weather?.allowEgress.join(',')} `);
  });
});
