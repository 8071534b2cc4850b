// Integration: purpose-bound credentials and our own values, end to end in the sandbox. The
// api-client fixture (X_API_KEY to the default of an optional X_API_URL) run WITHOUT an
// allowlist: the run leaves X_API_URL unset, the key reaching the default host is used as
// intended, and the verdict is not malicious (the unallowed egress is the one medium). With the
// host allowed, its row in harness/fixtures/expectations.ts requires nothing at medium or above.
// A user-set endpoint (--env) is labelled as the user's and the key going there is intended too.
import { describe, expect, it } from 'vitest';
import { analyzeForTest, fixturePath } from '../../harness/fixtures/analyze-for-test.js';
import { atOrAbove } from '../domain/severity.js';

const T = 300_000;
const API_CLIENT = { kind: 'folder' as const, path: fixturePath('api-client') };

describe('purpose-bound credentials in the sandbox', () => {
  it(
    'judges an API client sending its own key to its default host as intended, not malicious',
    async () => {
      const r = await analyzeForTest(API_CLIENT);
      expect(r.behaviour.endpoints).toEqual([
        { variable: 'X_API_URL', origin: 'default', host: 'api.x-service.example' },
      ]);
      const key = r.behaviour.canaries.find((c) => c.origin === 'env:X_API_KEY');
      expect(key?.purpose?.basis).toBe('own');
      expect(key?.purpose?.hosts).toContain('api.x-service.example');
      expect(r.verdict).toBe('suspicious');
      expect(r.findings.filter((f) => f.rule === 'exfil/canary')).toEqual([]);
      expect(
        r.findings.some(
          (f) =>
            f.rule === 'exfil/credential-used-as-intended' &&
            f.evidence.canary === 'env:X_API_KEY' &&
            f.evidence.host === 'api.x-service.example',
        ),
      ).toBe(true);
      expect(r.findings.filter((f) => atOrAbove(f.severity, 'medium')).map((f) => f.rule)).toEqual([
        'net/egress-http',
      ]);
    },
    T,
  );

  it(
    'labels an endpoint the user set and keeps the key going there intended',
    async () => {
      const r = await analyzeForTest(API_CLIENT, {
        env: ['X_API_URL=https://docs.selfhosted.example/'],
      });
      expect(r.behaviour.endpoints).toEqual([
        {
          variable: 'X_API_URL',
          origin: 'user',
          host: 'docs.selfhosted.example',
          value: 'https://docs.selfhosted.example/',
        },
      ]);
      expect(r.findings.filter((f) => atOrAbove(f.severity, 'medium'))).toEqual([]);
      expect(
        r.findings.some(
          (f) =>
            f.rule === 'net/configured-endpoint' && f.evidence.host === 'docs.selfhosted.example',
        ),
      ).toBe(true);
      expect(r.verdict).toBe('clean');
    },
    T,
  );
});
