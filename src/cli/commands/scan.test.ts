import { describe, expect, it } from 'vitest';
import type { ScanEntry } from '../../scan/scan-entry.js';
import { withoutSandboxEnv } from './scan.js';

const entry: ScanEntry = {
  name: 'x',
  slug: 'x',
  kind: 'npm',
  target: 'x@1',
  serverArgs: [],
  env: {
    HOME: '/tmp/elsewhere',
    NODE_EXTRA_CA_CERTS: '/dev/null',
    API_KEY: 'k',
    NODE_OPTIONS: '--x',
  },
  notes: [],
  raw: { command: 'npx', args: ['x@1'] },
};

describe('withoutSandboxEnv', () => {
  it("drops the sandbox's own variables from a configuration and says so", () => {
    const out = withoutSandboxEnv(entry);
    expect(out.env).toEqual({ API_KEY: 'k', NODE_OPTIONS: '--x' });
    expect(out.notes).toEqual([
      "env HOME is set by the sandbox: the configuration's value was not used",
      "env NODE_EXTRA_CA_CERTS is set by the sandbox: the configuration's value was not used",
    ]);
  });
  it('leaves an entry without them as it is', () => {
    const plain = { ...entry, env: { API_KEY: 'k' } };
    expect(withoutSandboxEnv(plain)).toBe(plain);
  });
});
