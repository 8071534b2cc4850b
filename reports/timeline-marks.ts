// What the timeline picture marks: every DNS lookup, connection, HTTP request or mail, file
// change and process, each tied to the call (or phase) it happened in, and flagged with the rules
// of the findings at medium or above it belongs to; plus a leak mark wherever a planted
// credential left in a way such a finding reports. Pure data; timeline-svg.ts draws it.
// Limits: a mark is tied to a finding by its host, address, path or command line on the same
// side of the install / run divide (findings keep no timestamps), so a finding about one host
// flags every request to that host; DNS flows (shown as lookups), TLS failures and restarts are
// not marked.
import { atOrAbove } from '../src/domain/severity.js';
import type { Attribution, Finding, Phase, Report } from '../src/domain/types.js';

export type MarkKind = 'dns' | 'conn' | 'req' | 'file' | 'proc' | 'leak';

export interface Mark {
  kind: MarkKind;
  t: number;
  phase: Phase;
  callId?: string;
  tool?: string;
  /** Hover text (hostile: escaped and clipped where drawn). */
  label: string;
  /** Rules of the findings at medium or above this mark belongs to. */
  rules: readonly string[];
}

type Side = 'install' | 'run';
const sideOf = (p: Phase): Side => (p === 'install' ? 'install' : 'run');

/** Keys of what findings name: host, address, bare IP, path, command line, canary. */
type Index = Map<string, Set<string>>;

function findingKeys(f: Finding): string[] {
  const s = sideOf(f.phase);
  const e = f.evidence;
  const keys: string[] = [];
  if (e.host) keys.push(`${s}|host|${e.host.toLowerCase()}`);
  if (e.ip) keys.push(e.port === undefined ? `${s}|ip|${e.ip}` : `${s}|addr|${e.ip}|${e.port}`);
  if (e.path) keys.push(`${s}|path|${e.path}`);
  if (e.cmdline) keys.push(`${s}|cmd|${e.cmdline}`);
  if (e.canary) keys.push(`${s}|canary|${e.canary}`);
  return keys;
}

function buildIndex(findings: readonly Finding[]): Index {
  const index: Index = new Map();
  for (const f of findings) {
    if (!atOrAbove(f.severity, 'medium')) continue;
    for (const k of findingKeys(f)) index.set(k, (index.get(k) ?? new Set()).add(f.rule));
  }
  return index;
}

/** The rules the given keys name, in a stable order. */
function rulesFor(index: Index, keys: readonly string[]): string[] {
  const out = new Set<string>();
  for (const k of keys) for (const r of index.get(k) ?? []) out.add(r);
  return [...out].sort();
}

/** `a.b.example` and its parents, so a finding about a parent domain flags lookups under it. */
function hostKeys(s: Side, name: string): string[] {
  const labels = name.toLowerCase().split('.').slice(-12);
  return labels.map((_, i) => `${s}|host|${labels.slice(i).join('.')}`);
}

const addrKeys = (s: Side, ip: string, port: number): string[] => [
  `${s}|addr|${ip}|${port}`,
  `${s}|ip|${ip}`,
];

const hostPort = (ip: string, port: number): string =>
  ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;

function at(a: Attribution): Pick<Mark, 'phase' | 'callId' | 'tool'> {
  return {
    phase: a.phase,
    ...(a.callId === undefined ? {} : { callId: a.callId }),
    ...(a.tool === undefined ? {} : { tool: a.tool }),
  };
}

/** Every mark of the report, in no particular order. */
export function collectMarks(r: Report): Mark[] {
  const index = buildIndex(r.findings);
  const out: Mark[] = [];
  const add = (kind: MarkKind, o: Attribution & { t: number }, label: string, keys: string[]) =>
    out.push({ kind, t: o.t, ...at(o), label, rules: rulesFor(index, keys) });
  for (const q of r.network.dns) {
    const answers = q.answers.length === 0 ? 'no answer' : q.answers.slice(0, 4).join(', ');
    add('dns', q, `DNS ${q.type} ${q.name} → ${answers}`, hostKeys(sideOf(q.phase), q.name));
  }
  for (const c of r.network.connections) {
    if (c.isDns) continue;
    const s = sideOf(c.phase);
    const names = c.hostnames.length === 0 ? 'no lookup' : c.hostnames.slice(0, 3).join(', ');
    add(
      'conn',
      c,
      `${c.protocol.toUpperCase()}${c.streamKind ? ` ${c.streamKind}` : ''} to ${hostPort(c.dstIp, c.dstPort)} (${names}), ${c.bytesSent} bytes`,
      [...addrKeys(s, c.dstIp, c.dstPort), ...c.hostnames.flatMap((h) => hostKeys(s, h))],
    );
  }
  for (const q of r.network.http) {
    const s = sideOf(q.phase);
    add('req', q, `${q.method} ${q.url}`, [
      ...hostKeys(s, q.host),
      ...addrKeys(s, q.dstIp, q.dstPort),
    ]);
  }
  for (const m of r.network.smtp) {
    const to = m.rcptTo.slice(0, 3).join(', ');
    add(
      'req',
      m,
      `mail from ${m.mailFrom} to ${to}`,
      addrKeys(sideOf(m.phase), m.dstIp, m.dstPort),
    );
  }
  for (const f of r.behaviour.files) {
    add('file', f, `${f.change} ${f.path}`, [`${sideOf(f.phase)}|path|${f.path}`]);
  }
  for (const p of r.behaviour.processes) {
    add('proc', p, `process ${p.cmdline}`, [`${sideOf(p.phase)}|cmd|${p.cmdline}`]);
  }
  for (const x of r.behaviour.exfil) {
    const rules = rulesFor(index, [`${sideOf(x.phase)}|canary|${x.origin}`]);
    if (rules.length === 0) continue;
    const to = x.host ?? x.ip ?? (x.channel === 'tool-result' ? 'the model' : 'somewhere');
    out.push({
      kind: 'leak',
      t: x.t,
      ...at(x),
      label: `${x.origin} left via ${x.channel} to ${to}`,
      rules,
    });
  }
  return out;
}
