// The files `mcp-airlock batch --emit-k8s DIR` writes: 00-network-policy.yaml (the Namespace and
// the NetworkPolicies, applied first: kubectl applies a folder's files in name order) and one
// file per target with its Job and the Job's Secret. Pure apart from the random address keys,
// which a caller can supply.
import { randomBytes } from 'node:crypto';
import { AnalyzerError } from '../domain/errors.js';
import type { Plan } from '../domain/types.js';
import { describeTarget } from '../plan/target-spec.js';
import { jobManifest, type JobOptions, runSecretManifest } from './job-manifest.js';
import { annotationValue, jobName } from './k8s-names.js';
import { namespaceManifests, type NetworkOptions } from './network-policy.js';
import { renderManifests } from './render-manifests.js';

export const NETWORK_POLICY_FILE = '00-network-policy.yaml';

export interface K8sBatchOptions extends Omit<JobOptions, 'slug'>, NetworkOptions {
  /** A plan's slug (the batch list's); default: the target as written. */
  slugOf?: (plan: Plan) => string;
  /** The run's netsim address key (default: 16 random bytes, hex). */
  newKey?: () => string;
}

export interface ManifestFile {
  /** A file name (a DNS-1123 name and `.yaml`): safe in any folder. */
  file: string;
  text: string;
}

export function k8sManifestsFor(plans: readonly Plan[], opts: K8sBatchOptions): ManifestFile[] {
  const newKey = opts.newKey ?? (() => randomBytes(16).toString('hex'));
  const files: ManifestFile[] = [
    {
      file: NETWORK_POLICY_FILE,
      text: renderManifests(namespaceManifests(opts), [
        'mcp-airlock: the namespace and the network policies of every analysis Pod.',
      ]),
    },
  ];
  const seen = new Set<string>();
  for (const plan of plans) {
    const slug = opts.slugOf?.(plan) ?? describeTarget(plan.target);
    const name = jobName(slug, plan.runId);
    if (seen.has(name))
      throw new AnalyzerError(
        'bad-args',
        `two analyses would both be Job ${name} (same target and run id)`,
      );
    seen.add(name);
    const jobOpts: JobOptions = { ...opts, slug };
    files.push({
      file: `${name}.yaml`,
      text: renderManifests(
        [runSecretManifest(plan, jobOpts, newKey()), jobManifest(plan, jobOpts)],
        [
          `mcp-airlock: the analysis of ${annotationValue(slug)} (run ${annotationValue(plan.runId)}).`,
        ],
      ),
    });
  }
  return files;
}
