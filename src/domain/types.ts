// The domain model: plain serialisable data shared by the plan, the observations, the rules and
// the reports. Everything here can be written to report.json and diffed between runs.

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const PHASES = ['install', 'startup', 'enumerate', 'exercise'] as const;
export type Phase = (typeof PHASES)[number];

export type Verdict = 'clean' | 'suspicious' | 'malicious';

/** What the user asked to analyse, after classification (see src/plan/target-spec.ts). */
export type TargetSpec =
  | { kind: 'folder'; path: string }
  | { kind: 'tarball'; path: string }
  | { kind: 'npm'; spec: string };

export interface Limits {
  /** Whole analysis budget in milliseconds (install + startup + enumerate + exercise). */
  totalMs: number;
  installMs: number;
  startupMs: number;
  callMs: number;
  /** Quiet time after each call so delayed egress lands in that call's window. */
  settleMs: number;
  /** How long the server keeps running after its last call, for delayed sends. */
  lingerMs: number;
  memoryBytes: number;
  pids: number;
  nanoCpus: number;
}

/** A pure description of one run; every effectful module takes it (or a slice of it). */
export interface Plan {
  runId: string;
  seed: number;
  target: TargetSpec;
  serverArgs: string[];
  serverEnv: Record<string, string>;
  allowEgress: string[];
  failOn: Severity;
  rounds: number;
  limits: Limits;
  outDir: string;
  jsonPath: string;
  htmlPath: string;
  image: string;
}

/** One phase's wall-clock window (epoch milliseconds; host and gateway share the kernel clock). */
export interface PhaseWindow {
  phase: Phase;
  start: number;
  end: number;
}

export interface CallWindow {
  id: string;
  tool: string;
  start: number;
  end: number;
}

export interface Timeline {
  phases: PhaseWindow[];
  calls: CallWindow[];
}

export type CallOutcome = 'ok' | 'tool-error' | 'protocol-error' | 'timeout' | 'crash';

export interface CallRecord {
  id: string;
  tool: string;
  arguments: unknown;
  outcome: CallOutcome;
  durationMs: number;
  /** Bounded excerpt of the result content or of the error message. */
  resultExcerpt: string;
  start: number;
  end: number;
}

export interface ToolDefinition {
  name: string;
  description: string;
  inputSchema: unknown;
}

export interface ToolReport {
  definition: ToolDefinition;
  calls: CallRecord[];
}

/** Where an observation happened: its phase and, during exercise, the tool call. */
export interface Attribution {
  phase: Phase;
  callId?: string;
  tool?: string;
}

export type Protocol = 'tcp' | 'udp' | 'icmp' | 'other';

/** What the first bytes of a TCP stream looked like. */
export type StreamKind = 'http' | 'tls' | 'raw' | 'smtp' | 'no-data';

export interface DnsQueryObservation extends Attribution {
  t: number;
  name: string;
  type: string;
  answers: string[];
}

export interface ConnectionObservation extends Attribution {
  t: number;
  protocol: Protocol;
  family: 4 | 6;
  dstIp: string;
  dstPort: number;
  srcPort: number;
  /** Host names the fake DNS answered with dstIp, if any (empty: raw IP, no lookup). */
  hostnames: string[];
  /** TLS SNI or HTTP Host seen on the stream, if any. */
  claimedHost?: string;
  streamKind?: StreamKind;
  bytesSent: number;
  /** Bounded, printable-escaped excerpt of the first bytes sent. */
  payloadExcerpt: string;
  /** Hex of the first bytes sent (bounded). */
  payloadHex: string;
  /** True when the flow is a DNS query to the configured resolver. */
  isDns: boolean;
  /** Where the record came from: the pcap (ground truth for attempts) and/or netsim. */
  seenBy: ('pcap' | 'netsim')[];
}

export interface HttpRequestObservation extends Attribution {
  t: number;
  method: string;
  url: string;
  host: string;
  dstIp: string;
  dstPort: number;
  tls: boolean;
  headers: Record<string, string>;
  bodyBytes: number;
  bodyExcerpt: string;
  bodyTruncated: boolean;
}

export interface TlsFailureObservation extends Attribution {
  t: number;
  dstIp: string;
  dstPort: number;
  sni?: string;
  cause: string;
}

/** One message handed to the fake SMTP server (25, 465, 587, 2525). */
export interface SmtpMessageObservation extends Attribution {
  t: number;
  dstIp: string;
  dstPort: number;
  tls: boolean;
  mailFrom: string;
  rcptTo: string[];
  /** The SASL user name, never the password (that is matched against canaries instead). */
  authUser?: string;
  bytes: number;
  dataExcerpt: string;
  truncated: boolean;
  aborted: boolean;
}

export interface NetworkObservations {
  dns: DnsQueryObservation[];
  connections: ConnectionObservation[];
  http: HttpRequestObservation[];
  tlsFailures: TlsFailureObservation[];
  smtp: SmtpMessageObservation[];
}

/** A planted honeytoken, as the report shows it (the value masked). */
export interface PlantedCanary {
  id: string;
  origin: string;
  preview: string;
}

export type ExfilChannel = 'http' | 'tcp' | 'udp' | 'dns' | 'smtp' | 'tool-result';

/** A canary found in something that left the sandbox (or went back to the model). */
export interface ExfilObservation extends Attribution {
  t: number;
  canaryId: string;
  origin: string;
  channel: ExfilChannel;
  /** Where in the message: `url`, `header:x-token`, `body`, `labels under x.example`, … */
  where: string;
  /** Decodings peeled to find it, outermost first (empty: sent as is). */
  chain: string[];
  host?: string;
  ip?: string;
  port?: number;
  excerpt: string;
}

/** A value in an outbound message that none of the run's sources explain. */
export interface TaintObservation extends Attribution {
  t: number;
  kind: 'email' | 'url' | 'host' | 'phone' | 'account';
  value: string;
  field: string;
  channel: 'http' | 'smtp';
  host: string;
  request: string;
}

export interface FileObservation extends Attribution {
  t: number;
  /** `~/…` for HOME, absolute otherwise. */
  path: string;
  change: 'created' | 'modified' | 'deleted' | 'read';
  size: number;
  excerpt?: string;
  /** Set when the file is one of the run's planted credentials. */
  canary?: string;
}

export interface ProcessObservation extends Attribution {
  t: number;
  pid: number;
  ppid: number;
  cmdline: string;
  /** What it descends from: the install command or the server. */
  root: 'install' | 'server';
  depth: number;
}

export interface BehaviourObservations {
  canaries: PlantedCanary[];
  exfil: ExfilObservation[];
  taint: TaintObservation[];
  files: FileObservation[];
  processes: ProcessObservation[];
  /** Whether process tracing ran; a reason when it did not. */
  processTracing: { available: boolean; reason?: string };
}

export interface Evidence {
  host?: string;
  ip?: string;
  port?: number;
  protocol?: string;
  bytes?: number;
  payloadExcerpt?: string;
  method?: string;
  url?: string;
  count?: number;
  /** Canary origin (`env:GITHUB_TOKEN`, `file:~/.ssh/id_rsa`), for exfiltration findings. */
  canary?: string;
  /** Encodings peeled to find the evidence, outermost first. */
  encoding?: string;
  channel?: string;
  path?: string;
  value?: string;
  field?: string;
  cmdline?: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  title: string;
  phase: Phase;
  tool?: string;
  callId?: string;
  evidence: Evidence;
}

export interface ProcessLog {
  exitCode: number | null;
  timedOut: boolean;
  outputExcerpt: string;
}

export interface ServerRun {
  command: string[];
  started: boolean;
  initialized: boolean;
  serverInfo?: { name: string; version: string };
  protocolVersion?: string;
  exitCode: number | null;
  stderrExcerpt: string;
  error?: string;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'mcp-airlock'; version: string };
  runId: string;
  seed: number;
  startedAt: string;
  target: { spec: string; name: string; version: string };
  verdict: Verdict;
  findings: Finding[];
  summary: Record<Severity, number>;
  allowEgress: string[];
  install: ProcessLog;
  server: ServerRun;
  tools: ToolReport[];
  network: NetworkObservations;
  behaviour: BehaviourObservations;
  timeline: Timeline;
  /** Wall time of each step in milliseconds, for the benchmark. */
  timings: Record<string, number>;
  notes: string[];
}
