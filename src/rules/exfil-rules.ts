// Exfiltration rules: canaries found on any channel, and values in outbound messages that the
// run cannot explain (taint). Each rule's limits are in catalog.ts.
import { hostMatches } from '../canary/known-services.js';
import type {
  CredentialPurpose,
  ExfilObservation,
  Finding,
  TaintObservation,
} from '../domain/types.js';
import { isAllowed } from '../plan/allowlist.js';
import { RULES } from './catalog.js';
import { FindingSet } from './finding-set.js';

const PRIVATE_KEYS = /^file:~\/\.ssh\/id_/;

/** `env:GITHUB_TOKEN` -> `GITHUB_TOKEN`; `file:~/.ssh/id_rsa` -> `~/.ssh/id_rsa`. */
function originName(origin: string): string {
  return origin.replace(/^(env|file):/, '');
}

function channelName(o: ExfilObservation): string {
  if (o.channel === 'http')
    return o.where.startsWith('header') || o.where === 'url' ? `HTTP ${o.where}` : 'HTTP body';
  return o.channel.toUpperCase();
}

/** What a tool says about itself and what each call asked for: decides declared disclosures. */
export interface ResultContext {
  /** Name, title and description of each tool. */
  toolText: ReadonlyMap<string, string>;
  /** Each call's arguments as JSON. */
  callArgs: ReadonlyMap<string, string>;
}

const RETURNS_ENV =
  /environment variables?|\benv(?:ironment)? vars?\b|process\.env|(?:^|[-_\s])env(?:$|[-_\s])/i;

/** True when the tool documents returning this canary, or the call asked for its file. */
function declared(o: ExfilObservation, ctx: ResultContext | undefined): boolean {
  if (!ctx || !o.tool) return false;
  if (o.origin.startsWith('env:')) return RETURNS_ENV.test(ctx.toolText.get(o.tool) ?? '');
  const file = o.origin.replace(/^file:(~\/|\.\/)?/, '');
  const args = o.callId ? (ctx.callArgs.get(o.callId) ?? '') : '';
  return o.origin.startsWith('file:') && file.length > 0 && args.includes(file);
}

type Destination =
  | { kind: 'intended'; service: string; reason: string }
  | { kind: 'vouched' }
  | { kind: 'leak'; service?: string; reason?: string };

/**
 * Whether a credential reached its own service. The destination is the name the package looked
 * up (or the IP), never a Host header or SNI it wrote. DNS names carry nothing to a service: a
 * credential in a lookup is always a leak. A credential with a known service is judged by it
 * alone, whatever the allowlist says (allowing a host lets it be contacted, not handed the user's
 * GitHub token); only the package's own credential with no known host is left to the allowlist.
 */
function judgeDestination(
  o: ExfilObservation,
  purpose: CredentialPurpose | undefined,
  allowlist: readonly string[],
): Destination {
  const allowed = isAllowed(o.host, allowlist) || isAllowed(o.ip, allowlist);
  if (!purpose)
    return allowed && !PRIVATE_KEYS.test(o.origin) ? { kind: 'vouched' } : { kind: 'leak' };
  if (o.channel !== 'dns' && o.host && purpose.hosts.some((p) => hostMatches(o.host ?? '', p)))
    return { kind: 'intended', service: purpose.service, reason: purpose.reason };
  if (purpose.basis === 'unknown' && allowed) return { kind: 'vouched' };
  return purpose.basis === 'unknown' || purpose.basis === 'never'
    ? { kind: 'leak', reason: purpose.reason }
    : { kind: 'leak', service: purpose.service, reason: purpose.reason };
}

export function exfilFindings(
  exfil: readonly ExfilObservation[],
  taint: readonly TaintObservation[],
  allowlist: readonly string[],
  results?: ResultContext,
  purposes: ReadonlyMap<string, CredentialPurpose> = new Map(),
): Finding[] {
  const out = new FindingSet();
  for (const o of exfil) {
    const name = originName(o.origin);
    const encoding = o.chain.length > 0 ? o.chain.join(' > ') : 'plain';
    const dest = o.host ?? o.ip ?? 'unknown destination';
    const evidence = {
      canary: o.origin,
      encoding,
      channel: o.channel,
      ...(o.host ? { host: o.host } : {}),
      ...(o.ip ? { ip: o.ip } : {}),
      ...(o.port ? { port: o.port } : {}),
      payloadExcerpt: o.excerpt,
    };
    if (o.channel === 'tool-result' && declared(o, results)) {
      out.add(
        RULES.canaryInResultDeclared,
        `${name} returned in the result of ${o.tool ?? 'a tool'}, which says it gives it or was asked for it (${encoding})`,
        o,
        evidence,
        o.canaryId,
      );
      continue;
    }
    if (o.channel === 'tool-result') {
      out.add(
        RULES.canaryInResult,
        `${name} returned in the result of ${o.tool ?? 'a tool'} (${encoding})`,
        o,
        evidence,
        o.canaryId,
      );
      continue;
    }
    const verdict = judgeDestination(o, purposes.get(o.canaryId), allowlist);
    if (verdict.kind === 'intended') {
      out.add(
        RULES.credentialUsedAsIntended,
        `${name} sent to ${dest}, ${verdict.service}: used as intended (${channelName(o)})`,
        o,
        { ...evidence, field: verdict.reason },
        `${o.canaryId}|${dest}`,
      );
    } else if (verdict.kind === 'vouched') {
      out.add(
        RULES.canaryAllowedHost,
        `${name} sent to allowed host ${dest} (${channelName(o)}, ${encoding})`,
        o,
        evidence,
        `${o.canaryId}|${dest}`,
      );
    } else {
      out.add(
        RULES.canary,
        `${name} leaked to ${dest} via ${channelName(o)} (${encoding})${verdict.service ? `: it is for ${verdict.service}` : ''}`,
        o,
        { ...evidence, ...(verdict.reason ? { field: verdict.reason } : {}) },
        `${o.canaryId}|${dest}`,
      );
    }
  }
  for (const t of taint) {
    out.add(
      RULES.untrustedValue,
      `${t.channel === 'smtp' ? 'Mail' : `Request to ${t.host}`} carries ${t.kind} ${t.value} that no input explains (${t.field})`,
      t,
      {
        host: t.host,
        value: t.value,
        field: t.field,
        channel: t.channel,
        payloadExcerpt: t.request,
      },
      `${t.kind}|${t.value}|${t.host}`,
    );
  }
  return out.list();
}
