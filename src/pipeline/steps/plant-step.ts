// Step 2, plant: the canaries (fixed credentials plus one per environment variable the package
// reads), what each credential is for, the endpoint variables, and the seeded home folder.
// Names the pod sets itself (HOME, PATH, the CA variables ...) are never given invented values,
// whatever the package's code mentions: that would let it switch off interception.
import { join } from 'node:path';
import { targetEnv } from '../../../sandbox/docker/pod-spec.js';
import { writeSeed } from '../../../sandbox/plant.js';
import type { RunDir } from '../../../sandbox/run-dir.js';
import { credentialPurposes } from '../../canary/credential-purpose.js';
import { scanEnvNames } from '../../canary/env-scan.js';
import { type CanarySet, makeCanaries } from '../../canary/make-canaries.js';
import { canaryRng } from '../../canary/random-token.js';
import { scanSourceEndpoints } from '../../canary/source-endpoints.js';
import type { CredentialPurpose } from '../../domain/types.js';
import type { StagedPackage } from '../../fetch/fetch-package.js';
import { readPackageSources } from '../../fetch/package-sources.js';
import { policyEnv } from '../../policy/policy-env.js';
import type { RunContext } from '../run-context.js';

export interface Planted {
  canarySet: CanarySet;
  purposes: Map<string, CredentialPurpose>;
  /** The server's environment variables: canaries and invented values, then the user's. */
  serverEnv: Record<string, string>;
  /** The whole target environment (the pod's own variables plus serverEnv). */
  env: string[];
  homeSeedDir: string;
}

export function plantStep(ctx: RunContext, staged: StagedPackage, runDir: RunDir): Planted {
  const { plan } = ctx;
  ctx.log('planting canaries');
  const reserved = new Set(targetEnv({}).map((e) => e.slice(0, e.indexOf('='))));
  const sources = readPackageSources(join(staged.projectDir, 'node_modules', staged.manifest.name));
  const packageVars = scanEnvNames(sources).filter(
    (n) => !reserved.has(n) && !/^(LD_|DYLD_)|^(BASH_)?ENV$/.test(n),
  );
  const inSource = scanSourceEndpoints(sources, packageVars);
  const declared = (plan.policy ? policyEnv(plan.policy).secrets : []).filter(
    (d) => !reserved.has(d.name),
  );
  const canarySet = makeCanaries(
    canaryRng(plan.seed, plan.canaryKey ?? plan.runId),
    packageVars,
    plan.serverEnv,
    inSource.defaults,
    new Set(declared.map((d) => d.name)),
  );
  const purposes = credentialPurposes({
    canaries: canarySet.canaries,
    env: { ...canarySet.env, ...plan.serverEnv },
    endpoints: canarySet.endpoints,
    sourceHosts: inSource.hosts,
  });
  // A credential the policy ties to hosts is for those hosts, and nothing else.
  for (const d of declared)
    if (d.hosts && purposes.has(`env:${d.name}`))
      purposes.set(`env:${d.name}`, {
        service: `${d.name} (the policy's)`,
        hosts: d.hosts,
        basis: 'own',
        reason: `the policy says ${d.name} is for ${d.hosts.join(', ')}`,
      });
  const homeSeedDir = join(runDir.path, 'home-seed');
  writeSeed(canarySet.files, homeSeedDir, staged.projectDir, Date.now());
  const serverEnv = { ...canarySet.env, ...plan.serverEnv };
  return { canarySet, purposes, serverEnv, env: targetEnv(serverEnv), homeSeedDir };
}
