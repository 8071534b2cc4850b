// What runJobOnDocker takes, read from what `batch --emit-k8s` writes: the Job and its Secret
// out of a target's YAML file (k8sManifestsFor), and the Secrets the operator makes once per
// namespace (the CA), as Secret objects. NetworkPolicies and the Namespace are not emulated and
// are passed over. Pure.
import { parseManifests } from '../render-manifests.js';
import type { Job, Secret } from '../k8s-types.js';

export interface JobInput {
  job: Job;
  secrets: Secret[];
}

function kindOf(doc: unknown): string | undefined {
  if (typeof doc !== 'object' || doc === null) return undefined;
  const kind = (doc as { kind?: unknown }).kind;
  return typeof kind === 'string' ? kind : undefined;
}

/** The one Job and every Secret of `yamlTexts`; `extraSecrets` (the CA's) are added. */
export function jobInputFromManifests(
  yamlTexts: readonly string[],
  extraSecrets: readonly Secret[] = [],
): JobInput {
  const docs = yamlTexts.flatMap((t) => parseManifests(t));
  const jobs = docs.filter((d) => kindOf(d) === 'Job') as Job[];
  const job = jobs[0];
  if (!job || jobs.length > 1)
    throw new Error(`expected exactly one Job in the manifests, found ${jobs.length}`);
  const secrets = docs.filter((d) => kindOf(d) === 'Secret') as Secret[];
  return { job, secrets: [...secrets, ...extraSecrets] };
}

/** A Secret as the operator would make it (e.g. the CA: `ca.key`, `ca.pem`). */
export function stringSecret(
  name: string,
  namespace: string,
  stringData: Record<string, string>,
): Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    type: 'Opaque',
    stringData,
  };
}
