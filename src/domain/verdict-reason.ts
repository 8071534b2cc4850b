// The verdict said in one sentence, for the top of the report and the CLI: what the worst thing
// the package did was, where, and (for a clean run) how much was looked at. Also the two marks
// that must stand next to a verdict: "nothing exercised" (no tool returned a result) and "not
// examined" (part of the server could not be looked at). Pure.
// The sentence quotes hostile values (tool names, hosts, paths, command lines): each is clipped
// and its control and format characters are spelled \u{XXXX}, so it is safe to print in a
// terminal; HTML still escapes it. Limits: the worst finding is picked by severity, then by
// whether this module has a phrase for its rule, then report order; a rule without a phrase is
// described by its title.
import { atOrAbove, severityRank } from './severity.js';
import type { Finding, Phase, Report, Severity } from './types.js';

/** What the reason is built from. */
export type VerdictInput = Pick<Report, 'verdict' | 'findings' | 'coverage'> & {
  fetch?: Pick<Report['fetch'], 'failed'>;
};

export type VerdictFlag = 'nothing exercised' | 'not examined';

const NOT_EXAMINED = 'coverage/not-examined';

/** The marks shown next to the verdict. */
export function verdictFlags(r: VerdictInput): VerdictFlag[] {
  const out: VerdictFlag[] = [];
  if (r.coverage.toolsWithResult === 0) out.push('nothing exercised');
  if (r.fetch?.failed !== undefined || r.findings.some((f) => f.rule === NOT_EXAMINED))
    out.push('not examined');
  return out;
}

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/** A hostile value for the sentence: invisible characters spelled out, then clipped. */
export function plain(s: string, max = 80): string {
  const v = s.replace(
    INVISIBLE,
    (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}}`,
  );
  const cps = Array.from(v);
  return cps.length <= max ? v : `${cps.slice(0, max - 1).join('')}…`;
}

/** `env:GITHUB_TOKEN` → `GITHUB_TOKEN`; `file:~/.ssh/id_rsa` → `~/.ssh/id_rsa`. */
function canaryName(origin: string | undefined): string {
  return plain((origin ?? 'credential').replace(/^(env|file|arg|config):/, ''), 60);
}

function addr(ip: string, port: number | undefined): string {
  const a = port === undefined ? ip : ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
  return plain(a, 60);
}

/** The destination of a network finding: its host, else its address. */
function dest(f: Finding): string | undefined {
  const e = f.evidence;
  if (e.host !== undefined) return plain(e.host, 80);
  return e.ip === undefined ? undefined : addr(e.ip, e.port);
}

/** `tcp/raw` → `TCP`, `tcp/tls` → `HTTPS`, `tcp/http` → `HTTP`. */
function proto(p: string | undefined, fallback: string): string {
  if (p === undefined) return fallback;
  if (p === 'tcp/tls' || p === 'https') return 'HTTPS';
  if (p === 'tcp/http' || p === 'http') return 'HTTP';
  return plain(p.split('/')[0] ?? p, 10).toUpperCase();
}

type Phrase = (f: Finding) => string | undefined;

const need = <T>(v: T | undefined, make: (v: T) => string): string | undefined =>
  v === undefined ? undefined : make(v);

/** A noun phrase per rule, from the evidence; undefined when the evidence lacks what it needs. */
const PHRASES: Record<string, Phrase> = {
  'exfil/canary': (f) => {
    const name = canaryName(f.evidence.canary);
    const to = dest(f);
    if (to === undefined) return undefined;
    if (f.evidence.channel === 'dns') return `the planted ${name} leaked in DNS lookups of ${to}`;
    return `the planted ${name} sent to ${to}`;
  },
  'exfil/canary-in-result': (f) =>
    `the planted ${canaryName(f.evidence.canary)} returned in a tool result`,
  'exfil/untrusted-value': (f) =>
    need(f.evidence.value, (v) => {
      const host = f.evidence.host === undefined ? '' : ` to ${plain(f.evidence.host)}`;
      return `${plain(v, 80)} added to a request${host}`;
    }),
  'exfil/dns-tunnel': (f) => need(dest(f), (d) => `a DNS tunnel under ${d}`),
  'net/raw-ip': (f) =>
    need(
      f.evidence.ip,
      (ip) => `raw ${proto(f.evidence.protocol, 'TCP')} to ${addr(ip, f.evidence.port)}`,
    ),
  'net/non-http-tcp': (f) => need(dest(f), (d) => `a TCP stream that is not HTTP to ${d}`),
  'net/udp': (f) => need(f.evidence.ip, (ip) => `UDP to ${addr(ip, f.evidence.port)}`),
  'net/dns-port-misuse': (f) =>
    need(f.evidence.ip, (ip) => `a channel dressed as DNS to ${addr(ip, f.evidence.port)}`),
  'net/dns-bypass': (f) =>
    need(f.evidence.ip, (ip) => `DNS sent straight to ${addr(ip, undefined)}`),
  'net/egress-http': (f) => need(dest(f), (d) => `${proto(f.evidence.protocol, 'HTTP')} to ${d}`),
  'install/egress': (f) => need(dest(f), (d) => `network traffic to ${d}`),
  'fs/persistence': (f) => need(f.evidence.path, (p) => `a write to ${plain(p, 80)}`),
  'fs/credential-read': (f) => need(f.evidence.path, (p) => `a read of ${plain(p, 80)}`),
  'proc/shell': (f) => need(f.evidence.cmdline, (c) => `a shell running ${plain(c, 60)}`),
  'proc/network-tool': (f) => need(f.evidence.cmdline, (c) => `the network tool ${plain(c, 60)}`),
  'proc/inline-code': (f) => need(f.evidence.cmdline, (c) => `inline code: ${plain(c, 60)}`),
};

/** The finding as a phrase: the rule's own phrase, else its title (first letter lowered). */
function what(f: Finding): string {
  const phrase = Object.hasOwn(PHRASES, f.rule) ? PHRASES[f.rule]?.(f) : undefined;
  if (phrase !== undefined) return phrase;
  const t = plain(f.title.trim(), 120).replace(/[.。]+$/, '');
  return /^[A-Z][a-z]/.test(t) ? t.charAt(0).toLowerCase() + t.slice(1) : t;
}

const PHASE_WHERE: Record<Phase, string> = {
  install: 'at install',
  startup: 'at start-up',
  enumerate: 'while its tools were listed',
  exercise: 'while its tools were called',
  relaunch: 'on its second launch',
};

/** Where it happened: the phase, or the call to a tool (and how many others). */
function where(f: Finding): string {
  const tools = f.tools ?? (f.tool === undefined ? [] : [f.tool]);
  const first = tools[0];
  if (f.phase !== 'exercise' || first === undefined) return PHASE_WHERE[f.phase] ?? '';
  const others = tools.length - 1;
  if (others === 0) return `during the call to ${plain(first, 60)}`;
  return `during calls to ${plain(first, 60)} and ${others} other tool${others === 1 ? '' : 's'}`;
}

/**
 * The worst finding: highest severity, then one this module has a phrase for, then one about
 * what the package did rather than what the run could not see, then first.
 */
function worst(findings: readonly Finding[]): Finding | undefined {
  const known = (f: Finding): number =>
    Object.hasOwn(PHRASES, f.rule) ? 2 : f.rule === NOT_EXAMINED ? 0 : 1;
  return [...findings].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || known(b) - known(a),
  )[0];
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** `2 high findings` or `3 findings at medium or above (2 high, 1 medium)`. */
function tally(list: readonly Finding[]): string {
  const bySeverity = new Map<Severity, number>();
  for (const f of list) bySeverity.set(f.severity, (bySeverity.get(f.severity) ?? 0) + 1);
  const parts = [...bySeverity]
    .sort(([a], [b]) => severityRank(b) - severityRank(a))
    .map(([s, n]) => `${n} ${s}`);
  if (parts.length === 1) {
    const [s] = [...bySeverity.keys()];
    return `${list.length} ${s ?? ''} finding${list.length === 1 ? '' : 's'}`;
  }
  return `${list.length} findings at medium or above (${parts.join(', ')})`;
}

/** The verdict in one sentence. */
export function verdictReason(r: VerdictInput): string {
  const serious = r.findings.filter((f) => atOrAbove(f.severity, 'medium'));
  const top = worst(serious);
  const c = r.coverage;
  const calls = plural(c.totals.calls, 'call');
  if (top === undefined) {
    if (r.fetch?.failed !== undefined)
      return `Not examined: the package could not be installed (${plain(r.fetch.failed, 120)}).`;
    if (c.toolsListed === 0)
      return 'Nothing exercised: nothing at medium or above, but the server listed no tools, so the run shows little.';
    if (c.toolsWithResult === 0)
      return `Nothing exercised: nothing at medium or above, but none of its ${plural(c.toolsListed, 'tool')} returned a result in ${calls}, so the run shows little.`;
    return `Clean: nothing at medium or above in ${calls}; ${c.toolsWithResult} of ${plural(c.toolsListed, 'tool')} returned a result.`;
  }
  const at = `${what(top)} ${where(top)}`.trim();
  if (r.verdict === 'malicious' && top.severity === 'critical') {
    const others = serious.filter((f) => f.severity === 'critical').length - 1;
    const more = others > 0 ? ` (and ${plural(others, 'more critical finding')})` : '';
    const clause =
      top.rule === 'exfil/canary' && top.evidence.channel !== 'dns' && dest(top) !== undefined
        ? `it sent the planted ${canaryName(top.evidence.canary)} to ${dest(top) ?? ''} ${where(top)}`
        : at;
    return `Malicious: ${clause.trim()}${more}.`;
  }
  if (serious.every((f) => f.rule === NOT_EXAMINED)) {
    const rest = what(top).replace(/^not examined:\s*/i, '');
    const more = serious.length > 1 ? ` (and ${plural(serious.length - 1, 'more part')})` : '';
    return `Not examined: ${rest}${more}; nothing else at medium or above.`;
  }
  const label = r.verdict === 'malicious' ? 'Malicious' : 'Suspicious';
  if (serious.length === 1) return `${label}: ${tally(serious)}: ${at}.`;
  return `${label}: ${tally(serious)}, the worst: ${at}.`;
}
