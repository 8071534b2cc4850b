// The domain model: plain serialisable data shared by the plan, the observations, the rules and
// the reports. Everything here can be written to report.json and diffed between runs.
import type { Policy, PolicyOutcome } from '../policy/types.js';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const PHASES = ['install', 'startup', 'enumerate', 'exercise', 'relaunch'] as const;
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
  /** The most the wait after each call may take: it ends once the sandbox is quiet (no flow, no
   * process, no timer of the package due), so delayed egress lands in that call's window. */
  settleMs: number;
  /** The most the server keeps running after its last call, for delayed sends (ends on quiet). */
  lingerMs: number;
  memoryBytes: number;
  pids: number;
  nanoCpus: number;
}

/**
 * How the server talks: stdio (default), or Streamable HTTP / legacy SSE on a port inside the pod
 * (found from the server's listening sockets when not given). The host never opens a port.
 */
export type ServerTransport =
  { kind: 'stdio' } | { kind: 'streamable-http' | 'sse'; port?: number; path: string };

/** A pure description of one run; every effectful module takes it (or a slice of it). */
export interface Plan {
  runId: string;
  seed: number;
  /** Keys the canary values with the seed (default: the run id). Two runs given the same key
   * and seed plant the same credentials: how `diff` compares two versions like for like. */
  canaryKey?: string;
  target: TargetSpec;
  serverArgs: string[];
  serverEnv: Record<string, string>;
  allowEgress: string[];
  failOn: Severity;
  rounds: number;
  /** Most tool calls in the exercise phase, over all rounds and tools. */
  maxCalls: number;
  /** --min-coverage: the fraction (0..1) of listed tools that must return a result. */
  minCoverage?: number;
  /** How the harness speaks to the server. */
  transport: ServerTransport;
  limits: Limits;
  /** A policy file's rules, applied to the findings (and its env entries to the run). */
  policy?: Policy;
  outDir: string;
  jsonPath: string;
  htmlPath: string;
  /** --sarif: where to also write SARIF 2.1.0. */
  sarifPath?: string;
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
  /** How the arguments were made, and whether they passed the schema. */
  inputKind?: InputKind;
  argsValid?: boolean;
  round?: number;
  outcome: CallOutcome;
  durationMs: number;
  /** Bounded excerpt of the result content or of the error message. */
  resultExcerpt: string;
  start: number;
  end: number;
}

export interface ToolDefinition {
  name: string;
  title?: string;
  description: string;
  inputSchema: unknown;
  outputSchema?: unknown;
  annotations?: unknown;
  /** Execution properties, e.g. `{ taskSupport: 'required' }` (tools run as tasks). */
  execution?: unknown;
}

/** How one set of arguments was made (see harness/inputs/generate-args.ts). */
export type InputKind = 'minimal' | 'realistic' | 'boundary' | 'sensitive';

/** Where a piece of server-provided text came from (judged by the metadata rules). */
export type MetadataSource =
  | 'instructions'
  | 'tool-title'
  | 'tool-description'
  | 'param-description'
  | 'prompt-description'
  | 'prompt-message'
  | 'resource-description'
  | 'resource-content'
  | 'tool-result'
  | 'server-request';

/** One piece of text the server hands to the model or the user, as received (bounded). */
export interface MetadataText {
  source: MetadataSource;
  /** The tool, prompt or resource it belongs to (absent for instructions). */
  owner?: string;
  /** Path inside the owner, e.g. the parameter `properties.path.description`. */
  field?: string;
  phase: Phase;
  callId?: string;
  text: string;
}

export interface ResourceRecord {
  uri: string;
  name: string;
  description: string;
  mimeType?: string;
  /** resources/read of this resource; absent when not read (budget). */
  read?: { outcome: CallOutcome; bytes: number; excerpt: string };
}

export interface ResourceTemplateRecord {
  uriTemplate: string;
  name: string;
  description: string;
}

export interface PromptRecord {
  name: string;
  description: string;
  arguments: { name: string; description: string; required: boolean }[];
  gets: { arguments: Record<string, string>; outcome: CallOutcome; excerpt: string }[];
}

export interface CompletionRecord {
  ref: string;
  argument: string;
  outcome: CallOutcome;
  values: string[];
}

/** A notification the server sent (counted by method; the first few kept with an excerpt). */
export interface NotificationRecord {
  t: number;
  method: string;
  excerpt: string;
  callId?: string;
}

/** A request the server sent to the client (roots, sampling, elicitation, ping) and our answer. */
export interface ServerRequestRecord {
  t: number;
  method: string;
  excerpt: string;
  answer: string;
  callId?: string;
  tool?: string;
  /** Form elicitation: each requested field as `name: title — description` (bounded). */
  requestedFields?: string[];
}

/** What triggered a tools/list: the first listing, a round, a notification, the second launch. */
export type ListingTrigger = 'initial' | 'round' | 'list_changed' | 'second-launch' | 'restart';

export interface ToolListing {
  t: number;
  trigger: ListingTrigger;
  /** sha256 of the canonical JSON of every tool definition and the instructions. */
  fingerprint: string;
  tools: number;
}

/** A difference between two listings: the stuff of a rug pull. */
export interface DefinitionDrift {
  t: number;
  trigger: ListingTrigger;
  kind: 'tool-changed' | 'tool-added' | 'tool-removed' | 'instructions-changed';
  /** Tool name (absent for instructions). */
  name?: string;
  /** Which parts changed: description, inputSchema, outputSchema, annotations, title. */
  fields: string[];
  before: string;
  after: string;
  /** The call after which the change was first seen, if any. */
  afterCallId?: string;
}

/** A listed definition the MCP client's schema rejects: no client can use it, so it is not
 * examined (and is reported so), but its texts are still judged. */
export interface RejectedDefinition {
  list: 'tools' | 'resources' | 'resourceTemplates' | 'prompts';
  /** Position in the listing (0-based, over all pages). */
  index: number;
  name?: string;
  /** The client's validation message. */
  error: string;
  /** The definition as received, bounded JSON. */
  excerpt: string;
}

/** A list request that could not be read at all, or was cut at our cap. */
export interface ListingFailure {
  t: number;
  method: string;
  /** What the listing was for: initial, round, list_changed, restart, second-launch, enumerate. */
  trigger: ListingTrigger | 'enumerate';
  error: string;
}

export interface SurfaceObservations {
  transport: 'stdio' | 'streamable-http' | 'sse';
  /** The server's `instructions` from initialize (bounded). */
  instructions: string;
  /** Server capabilities as declared (bounded JSON). */
  capabilities: string;
  resources: ResourceRecord[];
  resourceTemplates: ResourceTemplateRecord[];
  prompts: PromptRecord[];
  completions: CompletionRecord[];
  notifications: NotificationRecord[];
  notificationCounts: Record<string, number>;
  serverRequests: ServerRequestRecord[];
  listings: ToolListing[];
  drift: DefinitionDrift[];
  /** Whether the server was launched a second time on the same state and listed again. */
  secondLaunch: { done: boolean; reason?: string };
  /** Definitions the client rejected (first listing of each), not examined. */
  rejected: RejectedDefinition[];
  /** List requests that failed or were cut short. */
  listingFailures: ListingFailure[];
  /** Every text the metadata rules judged (kept for the report's evidence; bounded). */
  metadata: MetadataText[];
}

export interface ToolReport {
  definition: ToolDefinition;
  calls: CallRecord[];
}

/** Calls by outcome (see src/domain/coverage.ts). */
export interface CallCounts {
  calls: number;
  ok: number;
  toolErrors: number;
  protocolErrors: number;
  timeouts: number;
  crashes: number;
}

export interface ToolCoverage extends CallCounts {
  tool: string;
}

/** The --min-coverage gate: the fraction of listed tools that had to return a result. */
export interface CoverageGate {
  minimum: number;
  met: boolean;
  statement: string;
}

/**
 * How much the run exercised, said plainly: a tool counts only once a call returned an `ok`
 * result (tool errors, timeouts and crashes exercised nothing). Built by src/domain/coverage.ts.
 */
export interface CoverageSummary {
  /** Distinct tool names ever listed. */
  toolsListed: number;
  toolsCalled: number;
  /** Tools with at least one `ok` call. */
  toolsWithResult: number;
  /** Calls to listed tools, over all of them. */
  totals: CallCounts;
  perTool: ToolCoverage[];
  /** One sentence: `3 of 5 tools returned a result`, or `nothing exercised: …`. */
  statement: string;
  gate?: CoverageGate;
}

/** Where an observation happened: its phase and, during exercise, the tool call. */
export interface Attribution {
  phase: Phase;
  callId?: string;
  tool?: string;
}

export type Protocol = 'tcp' | 'udp' | 'icmp' | 'other';

/** What the first bytes of a TCP stream looked like. */
export type StreamKind = 'http' | 'tls' | 'raw' | 'smtp' | 'dns' | 'no-data';

export interface DnsQueryObservation extends Attribution {
  t: number;
  name: string;
  type: string;
  answers: string[];
  /** Where the query went (absent when unknown). */
  server?: string;
  /** False when it was sent past the configured resolver, straight to another server. */
  toResolver?: boolean;
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
  /** An address from the fake DNS whose lookup went unlogged (the DNS budget was spent): its
   * name is unknown, and it is not taken for a raw IP. */
  nameUnlogged?: boolean;
  /** TLS SNI or HTTP Host seen on the stream, if any (written by the package: never trusted). */
  claimedHost?: string;
  /** The server name the TLS client asked for (ClientHello), if any. */
  sni?: string;
  streamKind?: StreamKind;
  bytesSent: number;
  /** Bounded, printable-escaped excerpt of the first bytes sent. */
  payloadExcerpt: string;
  /** Hex of the first bytes sent (bounded). */
  payloadHex: string;
  /** True when the flow carried only plain DNS queries (netsim parsed every message). */
  isDns: boolean;
  /** For DNS flows: whether they went to a resolver the pod is configured with. */
  toResolver?: boolean;
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
  /** The nameservers of the pod's resolv.conf: where DNS is supposed to go. */
  resolvers: string[];
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
  /** The service the credential is for (see src/canary/credential-purpose.ts). */
  purpose?: CredentialPurpose;
}

/**
 * What a planted credential is for: the hosts of its service, and on what basis they were
 * decided. Reaching one of them is the credential used as intended; anything else is a leak.
 */
export interface CredentialPurpose {
  /** How a reader names the service (`GitHub`, `postmark (the package's own service)`). */
  service: string;
  /** Host patterns (`host`, `*.domain`); empty when none is known. */
  hosts: string[];
  /**
   * well-known: by the credential's name or file; connection-string: the host its value names;
   * own: the package's own credential, by its endpoints and the hosts its source names after it;
   * unknown: its own credential with no host tied to it (the allowlist decides); never: a private
   * key, which has no service.
   */
  basis: 'well-known' | 'connection-string' | 'own' | 'unknown' | 'never';
  reason: string;
}

/**
 * An endpoint variable the package reads, and what the run did with it: left unset because the
 * source gives a default (the package then uses its real host), set to a value mcp-airlock
 * invented, or set by the user with --env.
 */
export interface EndpointSetting {
  variable: string;
  origin: 'default' | 'invented' | 'user';
  /** The host it points at (for `default`, the host the source's default names, if any). */
  host?: string;
  value?: string;
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
  /** Endpoint variables the package reads and what the run set them to (planted, like canaries). */
  endpoints: EndpointSetting[];
  exfil: ExfilObservation[];
  taint: TaintObservation[];
  files: FileObservation[];
  processes: ProcessObservation[];
  /** Whether process tracing ran; a reason when it did not. */
  processTracing: { available: boolean; reason?: string };
}

/**
 * Where the run's own view was cut short: a recorder reached one of its limits (what it saw
 * before stays; what came after is lost), or a helper of ours was killed, cut short or failed.
 * Each one is a finding: a package that can make us stop looking must not pass for clean.
 */
export interface ObservationGap {
  kind: 'cap' | 'helper';
  /** The recorder or helper: `netsim events:dns`, `egress capture`, `file listing`, ... */
  what: string;
  /** The limit reached, or what happened to the helper. */
  detail: string;
  t?: number;
  phase?: Phase;
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
  /** Rug pulls: the definition as first listed and as changed. */
  before?: string;
  after?: string;
  /** Metadata findings: where the text came from, and the text with invisibles made visible. */
  source?: string;
  text?: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  title: string;
  /** Where it was first seen (the incident may span more: see occurrences). */
  phase: Phase;
  tool?: string;
  callId?: string;
  evidence: Evidence;
  /** Every tool the incident spans, first first; present once it spans more than one place. */
  tools?: string[];
  /** Each distinct (phase, tool, call) that showed it, first first, bounded. */
  occurrences?: Occurrence[];
  /** More distinct occurrences happened than are listed (evidence.count has them all). */
  occurrencesTruncated?: boolean;
}

/** One place an incident was seen. */
export interface Occurrence {
  phase: Phase;
  tool?: string;
  callId?: string;
}

/** A dependency spec in the package's own package.json that is not from the registry. */
export interface NonRegistryDependency {
  field: string;
  name: string;
  spec: string;
  kind: 'git' | 'url' | 'path' | 'unsupported';
}

/**
 * How the package was fetched (in the fetch container, whatever npm the host has): which
 * registry, which dependencies came from anywhere else, and what the fetch tried to reach
 * besides the registry (refused: the only way out of the fetch container is a proxy that lets
 * through the registry alone).
 */
export interface FetchObservations {
  registry: string;
  dependencies: NonRegistryDependency[];
  /** `CONNECT host:port`, a plain-HTTP URL, or `git <args>`: each refused. */
  refused: string[];
  /** Lock entries resolved from anywhere but the registry. */
  resolvedElsewhere: string[];
  /** Why the package could not be installed, when that was its own dependencies' doing. */
  failed?: string;
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

/** The package as installed: what identifies its bytes and what it runs at install. */
export interface PackageIdentity {
  /** `sha512-<base64>` of the package tarball as fetched (absent when it could not be read). */
  integrity?: string;
  /** The package's own lifecycle scripts (preinstall, install, postinstall, prepare), bounded. */
  installScripts: Record<string, string>;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'mcp-airlock'; version: string };
  runId: string;
  seed: number;
  startedAt: string;
  target: { spec: string; name: string; version: string };
  /** Identity of the installed package (absent in reports from before it was recorded). */
  package?: PackageIdentity;
  verdict: Verdict;
  findings: Finding[];
  summary: Record<Severity, number>;
  /** How many of the listed tools returned a result, and the calls by outcome. */
  coverage: CoverageSummary;
  allowEgress: string[];
  fetch: FetchObservations;
  install: ProcessLog;
  server: ServerRun;
  tools: ToolReport[];
  surface: SurfaceObservations;
  /** Server restarts during the run and why. */
  restarts: { at: number; cause: string; afterCallId?: string }[];
  network: NetworkObservations;
  behaviour: BehaviourObservations;
  /** Where our view was cut short (caps reached, helpers failed). */
  gaps: ObservationGap[];
  timeline: Timeline;
  /** Wall time of each step in milliseconds, for the benchmark. */
  timings: Record<string, number>;
  notes: string[];
  /** What a policy file did to the findings, when one was given. */
  policy?: PolicyOutcome;
}
