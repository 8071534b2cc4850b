// The few Kubernetes object shapes the manifests use, as plain data (a subset of the API's
// fields, spelled as the API spells them). Typed here so a misspelt field fails the typecheck
// instead of being silently ignored by the API server.

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface SecurityContext {
  runAsNonRoot: boolean;
  runAsUser: number;
  runAsGroup: number;
  allowPrivilegeEscalation: false;
  privileged: false;
  readOnlyRootFilesystem: true;
  capabilities: { drop: ['ALL']; add?: string[] };
  seccompProfile: { type: 'RuntimeDefault' };
}

export interface Resources {
  limits: { cpu: string; memory: string; 'ephemeral-storage': string };
  requests: { cpu: string; memory: string; 'ephemeral-storage': string };
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly: boolean;
  subPath?: string;
}

export interface EnvVar {
  name: string;
  value: string;
}

export interface ExecProbe {
  exec: { command: string[] };
  periodSeconds: number;
  failureThreshold: number;
  timeoutSeconds: number;
}

export interface Container {
  name: string;
  image: string;
  imagePullPolicy: 'IfNotPresent';
  command: string[];
  args?: string[];
  workingDir?: string;
  env: EnvVar[];
  securityContext: SecurityContext;
  resources: Resources;
  volumeMounts: VolumeMount[];
  /** `Always` on an init container makes it a sidecar (Kubernetes 1.29+). */
  restartPolicy?: 'Always';
  startupProbe?: ExecProbe;
  stdin: false;
  tty: false;
  terminationMessagePolicy: 'FallbackToLogsOnError';
}

export interface KeyToPath {
  key: string;
  path: string;
  mode: number;
}

export type Volume =
  | { name: string; emptyDir: { medium: 'Memory'; sizeLimit: string } }
  | { name: string; secret: { secretName: string; items: KeyToPath[]; defaultMode: number } }
  | {
      name: string;
      projected: {
        defaultMode: number;
        sources: { secret: { name: string; items: KeyToPath[] } }[];
      };
    };

export interface PodSpec {
  restartPolicy: 'Never';
  activeDeadlineSeconds: number;
  terminationGracePeriodSeconds: number;
  hostname: string;
  automountServiceAccountToken: false;
  enableServiceLinks: false;
  hostNetwork: false;
  hostPID: false;
  hostIPC: false;
  shareProcessNamespace: false;
  dnsPolicy: 'None';
  dnsConfig: { nameservers: string[]; searches: string[]; options: { name: string }[] };
  securityContext: {
    seccompProfile: { type: 'RuntimeDefault' };
    sysctls?: { name: string; value: string }[];
  };
  runtimeClassName?: string;
  initContainers: Container[];
  containers: Container[];
  volumes: Volume[];
}

export interface Job {
  apiVersion: 'batch/v1';
  kind: 'Job';
  metadata: ObjectMeta;
  spec: {
    backoffLimit: 0;
    completions: 1;
    parallelism: 1;
    activeDeadlineSeconds: number;
    ttlSecondsAfterFinished: number;
    template: {
      metadata: { labels: Record<string, string>; annotations: Record<string, string> };
      spec: PodSpec;
    };
  };
}

export interface Secret {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: ObjectMeta;
  type: 'Opaque';
  stringData: Record<string, string>;
}

export interface NetworkPolicyPort {
  protocol: 'TCP' | 'UDP';
  port: number;
}

export type NetworkPolicyPeer =
  | { ipBlock: { cidr: string; except?: string[] } }
  | {
      namespaceSelector?: { matchLabels: Record<string, string> };
      podSelector?: { matchLabels: Record<string, string> };
    };

export interface NetworkPolicy {
  apiVersion: 'networking.k8s.io/v1';
  kind: 'NetworkPolicy';
  metadata: ObjectMeta;
  spec: {
    podSelector: { matchLabels: Record<string, string> };
    policyTypes: ('Ingress' | 'Egress')[];
    ingress?: { from: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
    egress?: { to: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
  };
}

export interface Namespace {
  apiVersion: 'v1';
  kind: 'Namespace';
  metadata: ObjectMeta;
}

export type Manifest = Job | Secret | NetworkPolicy | Namespace;
