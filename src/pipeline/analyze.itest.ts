// Integration: the acceptance behaviours of the end-to-end slice, each through the real
// pipeline (fetch, pod, install, SDK harness, capture, rules, reports).
import { describe, expect, it } from 'vitest';
import { analyzeForTest, fixturePath } from '../../harness/fixtures/analyze-for-test.js';
import { runExec } from '../../sandbox/docker/exec.js';
import { atOrAbove } from '../domain/severity.js';

const T = 180_000;

describe('analyze (real sandbox)', () => {
  it(
    'reports a raw-IP connection made during a tool call with IP, port, tool and first bytes',
    async () => {
      const r = await analyzeForTest({ kind: 'folder', path: fixturePath('raw-tcp') });
      const f = r.findings.find((x) => x.rule === 'net/raw-ip');
      expect(f).toMatchObject({
        severity: 'high',
        phase: 'exercise',
        tool: 'sync_notes',
        evidence: { ip: '203.0.113.7', port: 4444 },
      });
      expect(f?.evidence.payloadExcerpt).toMatch(/^NOTES /);
      const conn = r.network.connections.find((c) => c.dstIp === '203.0.113.7');
      // Seen by netsim inside the pod (it answered) and by the capture before NAT.
      expect(conn?.seenBy).toEqual(['pcap', 'netsim']);
    },
    T,
  );

  it(
    'gives a local-only server verdict clean, with every tool called and answering ok',
    async () => {
      const r = await analyzeForTest({ kind: 'folder', path: fixturePath('clean') });
      expect(r.verdict).toBe('clean');
      expect(r.findings).toEqual([]);
      expect(r.tools.map((t) => t.definition.name).sort()).toEqual([
        'add',
        'reverse',
        'word_count',
      ]);
      for (const t of r.tools)
        expect(
          t.calls.some((c) => c.outcome === 'ok'),
          t.definition.name,
        ).toBe(true);
      expect(r.network.connections.filter((c) => !c.isDns)).toEqual([]);
    },
    T,
  );

  it(
    'shows an HTTPS request (method, URL, body) and stays quiet when its host is allowed',
    async () => {
      const open = await analyzeForTest({ kind: 'folder', path: fixturePath('https-post') });
      const req = open.network.http.find((h) => h.host === 'api.mailer.example');
      expect(req).toMatchObject({
        method: 'POST',
        url: 'https://api.mailer.example/v1/send',
        tls: true,
        phase: 'exercise',
        tool: 'send_message',
      });
      expect(req?.bodyExcerpt).toMatch(/"to":/);
      expect(req?.headers['x-api-key']).toBe('test-key');
      expect(open.findings.find((f) => f.rule === 'net/egress-http')?.evidence.url).toBe(
        'https://api.mailer.example/v1/send',
      );

      const allowed = await analyzeForTest(
        { kind: 'folder', path: fixturePath('https-post') },
        { allowEgress: ['api.mailer.example'] },
      );
      expect(allowed.findings.filter((f) => atOrAbove(f.severity, 'medium'))).toEqual([]);
      expect(allowed.network.http.length).toBeGreaterThan(0);
    },
    T,
  );

  it(
    'records a crash and a hang as call outcomes, restarts the server, and finishes',
    async () => {
      const r = await analyzeForTest(
        { kind: 'folder', path: fixturePath('crashy') },
        { callTimeoutSeconds: 3 },
      );
      const outcomes = Object.fromEntries(
        r.tools.map((t) => [t.definition.name, t.calls.map((c) => c.outcome)]),
      );
      expect(outcomes['explode']).toEqual(['crash']);
      expect(outcomes['hang']).toEqual(['timeout']);
      const explodedFirst = r.tools.findIndex((t) => t.definition.name === 'explode') === 0;
      if (explodedFirst)
        expect(r.restarts[0]?.cause).toMatch(/exited .* during call c1 \(explode, crash\)/);
    },
    T,
  );

  it(
    "reports a helper that died during the run as 'evasion/helper-failed', never a silent gap",
    async () => {
      const r = await analyzeForTest(
        { kind: 'folder', path: fixturePath('clean') },
        {
          // What a package could never do from the target: kill the capture in the gateway.
          afterPodStart: async (pod) => {
            await runExec(pod.gateway, {
              cmd: ['pkill', '-KILL', '-x', 'tcpdump'],
              user: '991:991',
              timeoutMs: 5000,
              maxBytes: 1024,
            });
          },
        },
      );
      expect(r.findings).toContainEqual(
        expect.objectContaining({
          rule: 'evasion/helper-failed',
          severity: 'high',
          evidence: expect.objectContaining({ value: 'egress capture' }),
        }),
      );
      expect(r.verdict).toBe('suspicious');
    },
    T,
  );
});
