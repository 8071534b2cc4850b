// Exfiltration rules: canaries found on any channel, and values in outbound messages that the
// run cannot explain (taint). Each rule's limits are in catalog.ts.
import type { ExfilObservation, Finding, TaintObservation } from '../domain/types.js';
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

export function exfilFindings(
  exfil: readonly ExfilObservation[],
  taint: readonly TaintObservation[],
  allowlist: readonly string[],
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
    const allowed =
      (isAllowed(o.host, allowlist) || isAllowed(o.ip, allowlist)) && !PRIVATE_KEYS.test(o.origin);
    if (allowed) {
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
        `${name} leaked to ${dest} via ${channelName(o)} (${encoding})`,
        o,
        evidence,
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
