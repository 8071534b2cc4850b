// The namespace-wide manifests of a batch: the Namespace, and the NetworkPolicies of every
// analysis Pod (selected by the app label). The fake internet is inside the Pod, so the Pod
// needs no network, with one exception: the stage fetches the target from the registry before
// the gateway takes the Pod off the network. Pure.
//
// - deny-all: no ingress, no egress.
// - fetch: egress to DNS (the cluster's resolver pods) and HTTPS to public addresses only (no
//   cluster, node, cloud-metadata or private address), or to a registry mirror given instead.
//   Policies add up, so this is what the Pod may reach; the stage's own proxy narrows it to the
//   registry, as on a Docker host. The target never gets it: it starts only once the gateway
//   has taken every link but lo down and redirected every flow to netsim.
// Limits: a NetworkPolicy is enforced by the cluster's network plugin, and some plugins (e.g.
// flannel alone) ignore it; the in-Pod layers (links down, every flow redirected) do not.
import type {
  Namespace,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
} from './k8s-types.js';
import { APP, K8S_DEFAULTS, LABEL_APP } from './job-manifest.js';

/** Where the stage may fetch from when no mirror is given: HTTPS to public addresses. */
export const PUBLIC_IPV4_EXCEPT = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
];
export const PUBLIC_IPV6_EXCEPT = ['::1/128', '::ffff:0:0/96', 'fc00::/7', 'fe80::/10'];

/** The cluster's DNS pods (kube-dns or CoreDNS both carry this label in kube-system). */
export const CLUSTER_DNS_PEER: NetworkPolicyPeer = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};

export interface NetworkOptions {
  namespace?: string;
  /** Also write the Namespace (default true). */
  namespaceManifest?: boolean;
  /** A registry mirror the stage fetches from, instead of public HTTPS. */
  registryEgress?: { to: NetworkPolicyPeer[]; ports: NetworkPolicyPort[] };
}

const selector = { matchLabels: { [LABEL_APP]: APP } };

/** The namespace: `privileged` Pod Security, because the gateway needs NET_ADMIN as root. */
export function namespaceManifest(namespace: string): Namespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: namespace,
      labels: { [LABEL_APP]: APP, 'pod-security.kubernetes.io/enforce': 'privileged' },
    },
  };
}

export function denyAllPolicy(namespace: string): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'mcp-airlock-deny-all', namespace, labels: { [LABEL_APP]: APP } },
    spec: { podSelector: selector, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] },
  };
}

export function fetchEgressPolicy(namespace: string, opts: NetworkOptions): NetworkPolicy {
  const registry = opts.registryEgress ?? {
    to: [
      { ipBlock: { cidr: '0.0.0.0/0', except: PUBLIC_IPV4_EXCEPT } },
      { ipBlock: { cidr: '::/0', except: PUBLIC_IPV6_EXCEPT } },
    ],
    ports: [{ protocol: 'TCP' as const, port: 443 }],
  };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'mcp-airlock-fetch', namespace, labels: { [LABEL_APP]: APP } },
    spec: {
      podSelector: selector,
      policyTypes: ['Egress'],
      egress: [
        {
          to: [CLUSTER_DNS_PEER],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
        { to: registry.to, ports: registry.ports },
      ],
    },
  };
}

/** The namespace-wide manifests, in the order they must be applied. */
export function namespaceManifests(opts: NetworkOptions): (Namespace | NetworkPolicy)[] {
  const ns = opts.namespace ?? K8S_DEFAULTS.namespace;
  return [
    ...(opts.namespaceManifest === false ? [] : [namespaceManifest(ns)]),
    denyAllPolicy(ns),
    fetchEgressPolicy(ns, opts),
  ];
}
