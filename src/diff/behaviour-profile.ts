// Builds the behaviour profile of a report (see profile-types.ts): hosts, connections, request
// shapes, keys and values of interest sent, mail recipients, planted credentials sent out,
// processes, files, install scripts, findings at medium and above, and the tool definitions, all
// normalised (normalise.ts, request-shape.ts) so that reruns agree and versions can be compared.
// Pure and bounded.
//
// Limits: the profile is only as complete as the run: a behaviour a version shows only on inputs
// the harness did not try, or only after the run, is absent from both sides; DNS resolver
// traffic is left out (its names are in `hosts`); IPs of connections whose lookup went unlogged
// are not shown (the fake DNS hands out addresses per run).
import { atOrAbove } from '../domain/severity.js';
import type { Finding, Phase, Report } from '../domain/types.js';
import { stringsIn } from '../exfil/taint.js';
import { valuesInText } from '../exfil/extract-values.js';
import {
  clip,
  normaliseCommand,
  normaliseContext,
  normaliseHost,
  normalisePath,
  normaliseText,
  type NormaliseContext,
} from './normalise.js';
import {
  CATEGORY_IDS,
  MAX_ENTRIES,
  PROFILE_VERSION,
  entryKey,
  sortedEntries,
  type BehaviourProfile,
  type CategoryId,
  type PhaseClass,
  type ProfileEntry,
} from './profile-types.js';
import { requestShape, valuesOfInterest } from './request-shape.js';
import { instructionsFingerprint, toolFingerprints } from './tool-fingerprints.js';

/** Longest package name or version kept (npm's are far shorter; a folder's may be anything). */
export const MAX_IDENTITY = 1000;

/** An e-mail address as valuesOfInterest gives it (not a URL with user info). */
const EMAIL = /^[^\s@<>/:]+@[^\s@<>/:]+$/;

type Sink = (category: CategoryId, entry: ProfileEntry) => void;

function phaseClass(p: Phase): PhaseClass {
  return p === 'install' ? 'install' : 'run';
}

/** host:port, with brackets for IPv6. */
function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Names the run's DNS gave each address (sorted, for a stable choice). */
function namesByIp(report: Report, ctx: NormaliseContext): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  const add = (ip: string, name: string): void => {
    const set = out.get(ip) ?? new Set<string>();
    if (set.size < 8) set.add(normaliseHost(name, ctx));
    out.set(ip, set);
  };
  for (const d of report.network.dns) for (const a of d.answers.slice(0, 16)) add(a, d.name);
  for (const c of report.network.connections)
    for (const h of c.hostnames.slice(0, 8)) add(c.dstIp, h);
  return new Map([...out].map(([ip, names]) => [ip, [...names].sort()]));
}

/** Each call's argument strings, lower-cased (values from them are the user's input). */
function inputsByCall(report: Report): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of report.tools)
    for (const c of t.calls)
      out.set(
        c.id,
        stringsIn(c.arguments)
          .filter((s) => s.length >= 3)
          .map((s) => s.slice(0, 4096).toLowerCase()),
      );
  return out;
}

function network(report: Report, ctx: NormaliseContext, add: Sink): void {
  for (const d of report.network.dns)
    add('hosts', { phase: phaseClass(d.phase), subject: normaliseHost(d.name, ctx) });
  for (const c of report.network.connections) {
    if (c.isDns && c.toResolver !== false) continue;
    const phase = phaseClass(c.phase);
    const hosts =
      c.hostnames.length > 0
        ? [...new Set(c.hostnames.slice(0, 8).map((h) => normaliseHost(h, ctx)))]
        : [c.nameUnlogged === true ? '<unlogged name>' : c.dstIp];
    for (const h of hosts) {
      add('hosts', { phase, subject: h });
      const where = c.protocol === 'icmp' ? h : hostPort(h, c.dstPort);
      add('ports', { phase, subject: `${c.protocol} ${where}` });
    }
  }
  const inputs = inputsByCall(report);
  for (const r of report.network.http) {
    const phase = phaseClass(r.phase);
    const shape = requestShape(r, ctx, (r.callId && inputs.get(r.callId)) || []);
    add('hosts', { phase, subject: shape.host });
    add('requests', { phase, subject: shape.shape });
    for (const k of shape.keys) add('keys', { phase, subject: shape.shape, ...k });
    for (const v of shape.values) {
      add('values', { phase, subject: shape.shape, ...v });
      if (EMAIL.test(v.value) || v.value === '<input email>')
        add('recipients', { phase, subject: shape.shape, ...v });
    }
  }
}

const RECIPIENT_HEADER = /^(to|cc|bcc|from|reply-to|sender):(.*)$/i;

function smtp(report: Report, ctx: NormaliseContext, add: Sink): void {
  const names = namesByIp(report, ctx);
  const inputs = inputsByCall(report);
  for (const m of report.network.smtp) {
    const phase = phaseClass(m.phase);
    const host = names.get(m.dstIp)?.[0] ?? m.dstIp;
    const subject = `smtp ${hostPort(host, m.dstPort)}`;
    const own = (m.callId && inputs.get(m.callId)) || [];
    const addresses = (detail: string, text: string): void => {
      for (const v of valuesInText(text.slice(0, 4096), ''))
        if (v.kind === 'email')
          for (const value of valuesOfInterest(v.value, ctx, own))
            add('recipients', { phase, subject, detail, value });
    };
    addresses('MAIL FROM', m.mailFrom);
    for (const r of m.rcptTo.slice(0, 100)) addresses('RCPT TO', r);
    const head = m.dataExcerpt.split(/\n\s*\n/)[0] ?? '';
    for (const line of head.split('\n').slice(0, 200)) {
      const h = RECIPIENT_HEADER.exec(line);
      if (h) addresses(`header ${(h[1] ?? '').toLowerCase()}`, h[2] ?? '');
    }
  }
}

function behaviour(report: Report, ctx: NormaliseContext, add: Sink): void {
  const names = namesByIp(report, ctx);
  for (const x of report.behaviour.exfil) {
    const to = x.host ? normaliseHost(x.host, ctx) : x.ip ? (names.get(x.ip)?.[0] ?? x.ip) : '';
    add('canaries', {
      phase: phaseClass(x.phase),
      subject: clip(x.origin),
      detail: clip(`${x.channel} ${normaliseText(x.where, ctx)}`),
      ...(to ? { value: to } : {}),
    });
  }
  for (const p of report.behaviour.processes)
    add('processes', {
      phase: p.root === 'install' ? 'install' : phaseClass(p.phase),
      subject: normaliseCommand(p.cmdline, ctx),
    });
  for (const f of report.behaviour.files) {
    if (f.change === 'read' && f.canary === undefined) continue;
    add('files', {
      phase: phaseClass(f.phase),
      subject: normalisePath(f.path, ctx),
      detail: f.change === 'read' ? 'read (planted credential)' : f.change,
    });
  }
  for (const [name, script] of Object.entries(report.package?.installScripts ?? {}).slice(0, 20))
    add('installScripts', { phase: 'install', subject: clip(name, 100), value: clip(script) });
}

/** What makes two incidents of one rule the same (after finding-set.ts's keys, normalised):
 * the credential, destination, path, command and value it names, else the tool and source. */
export function findingKey(f: Finding, ctx: NormaliseContext): string {
  const e = f.evidence;
  if (e.canary) return clip(e.canary);
  const parts = [
    e.host ? normaliseHost(e.host, ctx) : e.ip,
    e.path ? normalisePath(e.path, ctx) : undefined,
    e.cmdline ? normaliseCommand(e.cmdline, ctx) : undefined,
    e.value ? normaliseText(e.value, ctx) : undefined,
  ].filter((x): x is string => !!x);
  if (parts.length === 0)
    parts.push(...[f.tool, e.source, e.field].filter((x): x is string => !!x));
  return clip(normaliseText(parts.join(' '), ctx));
}

function findings(report: Report, ctx: NormaliseContext, add: Sink): void {
  for (const f of report.findings) {
    if (!atOrAbove(f.severity, 'medium')) continue;
    const detail = findingKey(f, ctx);
    add('findings', {
      phase: phaseClass(f.phase),
      subject: clip(f.rule, 100),
      ...(detail ? { detail } : {}),
    });
  }
}

/** The normalised behaviour of one report. */
export function behaviourProfile(report: Report): BehaviourProfile {
  const ctx = normaliseContext(report);
  const seen = new Map<CategoryId, Map<string, ProfileEntry>>(
    CATEGORY_IDS.map((id) => [id, new Map()]),
  );
  const overflow = new Set<CategoryId>();
  const add: Sink = (category, entry) => {
    const set = seen.get(category);
    if (!set) return;
    const key = entryKey(entry);
    // A generous bound on distinct entries keeps memory in check; the sorted cut below is the
    // one that decides what is kept, and either marks the category cut.
    if (set.has(key) || set.size < MAX_ENTRIES * 8) set.set(key, entry);
    else overflow.add(category);
  };
  network(report, ctx, add);
  smtp(report, ctx, add);
  behaviour(report, ctx, add);
  findings(report, ctx, add);
  const truncated: CategoryId[] = [];
  const categories = Object.fromEntries(
    CATEGORY_IDS.map((id) => {
      const all = sortedEntries(seen.get(id)?.values() ?? []);
      if (all.length > MAX_ENTRIES || overflow.has(id)) truncated.push(id);
      return [id, all.slice(0, MAX_ENTRIES)];
    }),
  ) as Record<CategoryId, ProfileEntry[]>;
  return {
    profileVersion: PROFILE_VERSION,
    report: {
      name: report.target.name.slice(0, MAX_IDENTITY),
      version: report.target.version.slice(0, MAX_IDENTITY),
      verdict: report.verdict,
    },
    categories,
    tools: toolFingerprints(report),
    instructions: instructionsFingerprint(report),
    truncated,
  };
}
