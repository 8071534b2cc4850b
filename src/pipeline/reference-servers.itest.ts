// Integration: the MCP project's reference servers from the npm registry, analysed end to end in
// the sandbox. Each must have every tool called at least three times with schema-valid
// arguments, its resources and prompts reached, and no finding at high or above.
import { describe, expect, it } from 'vitest';
import { analyzeForTest } from '../../harness/fixtures/analyze-for-test.js';
import { answeredShare, REFERENCE_SERVERS } from '../bench/reference-servers.js';
import { atOrAbove } from '../domain/severity.js';

const T = 400_000;

describe.each([...REFERENCE_SERVERS])('reference server $name', (ref) => {
  it(
    'is fully exercised with no false alarm at high or above',
    async () => {
      const r = await analyzeForTest(
        { kind: 'npm', spec: ref.spec },
        { serverArgs: ref.args, env: ref.env, rounds: 4 },
      );
      expect(r.server.initialized).toBe(true);
      expect(r.tools.length).toBeGreaterThan(0);
      for (const t of r.tools) {
        expect(t.calls.length, t.definition.name).toBeGreaterThanOrEqual(3);
        expect(t.calls.filter((c) => c.argsValid).length, t.definition.name).toBeGreaterThanOrEqual(
          3,
        );
      }
      for (const res of r.surface.resources) expect(res.read, res.uri).toBeDefined();
      for (const p of r.surface.prompts) expect(p.gets.length, p.name).toBeGreaterThan(0);
      expect(r.surface.secondLaunch.done).toBe(true);
      expect(r.findings.filter((f) => atOrAbove(f.severity, 'high'))).toEqual([]);
      // Coverage is printed by the benchmark; here it must at least be most of the calls.
      const outcomes = r.tools.flatMap((t) => t.calls.map((c) => c.outcome));
      const share = answeredShare(outcomes);
      expect(share.answered / share.total).toBeGreaterThanOrEqual(0.9);
    },
    T,
  );
});
