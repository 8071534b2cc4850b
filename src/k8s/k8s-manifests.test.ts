import { describe, expect, it } from 'vitest';
import type { Plan } from '../domain/types.js';
import { makePlan } from '../plan/make-plan.js';
import type { Job, Secret } from './k8s-types.js';
import { k8sManifestsFor, NETWORK_POLICY_FILE } from './k8s-manifests.js';
import { parseManifests } from './render-manifests.js';

function plan(runId: string, spec: string): Plan {
  return makePlan({
    runId,
    seed: 1,
    target: { kind: 'npm', spec },
    serverArgs: [],
    env: [],
    allowEgress: [],
    failOn: 'high',
    timeoutSeconds: 300,
    callTimeoutSeconds: 20,
    rounds: 4,
    outDir: '/tmp/out',
    image: 'local',
  });
}

const opts = { image: 'registry.example/sandbox:1', newKey: () => 'f'.repeat(32) };

describe('k8sManifestsFor', () => {
  const plans = [plan('r1', 'alpha@1.0.0'), plan('r2', '@scope/beta'), plan('r3', 'alpha@1.0.0')];
  const files = k8sManifestsFor(plans, opts);

  it('writes the network policies first, then one file per target', () => {
    expect(files.map((f) => f.file)[0]).toBe(NETWORK_POLICY_FILE);
    expect(files).toHaveLength(4);
    for (const f of files.slice(1)) expect(f.file).toMatch(/^mcp-airlock-[a-z0-9-]+\.yaml$/);
    expect([...files.map((f) => f.file)].sort()[0]).toBe(NETWORK_POLICY_FILE);
    expect(new Set(files.map((f) => f.file)).size).toBe(4);
  });

  it('puts the Secret before its Job, under the same name', () => {
    const [secret, job] = parseManifests(files[1]?.text ?? '') as [Secret, Job];
    expect(secret.kind).toBe('Secret');
    expect(job.kind).toBe('Job');
    expect(job.metadata.name).toBe(secret.metadata.name);
    expect(`${job.metadata.name}.yaml`).toBe(files[1]?.file);
    expect(JSON.parse(secret.stringData['netsim.json'] ?? '')).toMatchObject({
      addressKey: 'f'.repeat(32),
    });
  });

  it('names targets by the slug it is given', () => {
    const named = k8sManifestsFor([plans[0] as Plan], { ...opts, slugOf: () => 'my-slug' });
    expect(named[1]?.file).toMatch(/^mcp-airlock-my-slug-[0-9a-f]{8}\.yaml$/);
  });

  it('refuses two analyses that would be the same Job, and local paths', () => {
    expect(() => k8sManifestsFor([plans[0] as Plan, plans[0] as Plan], opts)).toThrow(
      /both be Job/,
    );
    const local = { ...(plans[0] as Plan), target: { kind: 'tarball' as const, path: '/x.tgz' } };
    expect(() => k8sManifestsFor([local], opts)).toThrow(/registry only/);
  });

  it('gives every run its own address key by default', () => {
    const keys = k8sManifestsFor(plans.slice(0, 2), { image: 'i' })
      .slice(1)
      .map((f) => (parseManifests(f.text)[0] as Secret).stringData['netsim.json']);
    expect(new Set(keys).size).toBe(2);
  });
});
