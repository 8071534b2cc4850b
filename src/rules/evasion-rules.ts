// Evasion: what a package that knows it is watched does to the watcher. Every limit a recorder
// reached and every helper that failed is a finding naming it (the view before it is kept and
// judged as usual); a connection straight to the monitor's own loopback sockets (refused and
// captured by the gateway) is a finding of its own. Limits are in catalog.ts.
import type { ConnectionObservation, Finding, ObservationGap } from '../domain/types.js';
import { RULES } from './catalog.js';
import { FindingSet } from './finding-set.js';

/** 127.0.0.0/8 or ::1 (and ::ffff:127.x): the pod's loopback, where only the monitor listens. */
export function isLoopback(ip: string): boolean {
  return /^127\./.test(ip) || ip === '::1' || /^::ffff:127\./i.test(ip);
}

export function evasionFindings(
  gaps: readonly ObservationGap[],
  connections: readonly ConnectionObservation[],
): Finding[] {
  const out = new FindingSet();
  for (const g of gaps) {
    const rule = g.kind === 'cap' ? RULES.capReached : RULES.helperFailed;
    const title =
      g.kind === 'cap'
        ? `Limit reached: ${g.what} (${g.detail}); what came after was not seen`
        : `Helper failed: ${g.what} (${g.detail}); part of the run was not watched`;
    out.add(
      rule,
      title.slice(0, 300),
      { phase: g.phase ?? 'exercise' },
      { value: g.what, payloadExcerpt: g.detail.slice(0, 2000) },
      g.what,
    );
  }
  for (const c of connections) {
    if (!isLoopback(c.dstIp)) continue;
    const addr = c.dstIp.includes(':') ? `[${c.dstIp}]:${c.dstPort}` : `${c.dstIp}:${c.dstPort}`;
    out.add(
      RULES.monitorContact,
      `${c.protocol.toUpperCase()} straight to the monitor's socket ${addr}`,
      c,
      { ip: c.dstIp, port: c.dstPort, protocol: c.protocol },
      `${c.protocol}|${c.dstIp}|${c.dstPort}`,
    );
  }
  return out.list();
}
