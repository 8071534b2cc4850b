// The rule catalog: stable ids (SARIF and policies key on them), default severities, and what
// each rule cannot see. Every rule that can fire is listed here; a test checks the fixture table
// against it.
import type { Severity } from '../domain/types.js';

export interface RuleInfo {
  id: string;
  severity: Severity;
  summary: string;
  limits: string;
}

export const RULES = {
  rawIp: {
    id: 'net/raw-ip',
    severity: 'high',
    summary: 'A TCP, UDP or ICMP flow to an IP address that no DNS lookup in the run returned.',
    limits:
      'An address cached or hard-coded from a lookup made before the run looks the same as one never looked up; an IP on the allowlist is not reported.',
  },
  nonHttpTcp: {
    id: 'net/non-http-tcp',
    severity: 'high',
    summary: 'A TCP stream whose first bytes are neither HTTP nor TLS.',
    limits:
      'Decided from the first chunk the client sends; protocols where the server speaks first (SMTP, SSH) show as silent streams and are reported by the other egress rules only.',
  },
  udp: {
    id: 'net/udp',
    severity: 'high',
    summary: 'A UDP datagram to anything but DNS (port 53).',
    limits: 'DNS-shaped traffic on port 53 is judged by the DNS rules, whatever it carries.',
  },
  egressHttp: {
    id: 'net/egress-http',
    severity: 'medium',
    summary:
      'HTTP or HTTPS (or a silent TCP connection) to a named host that is not on the allowlist.',
    limits:
      'Judged by destination only; what the request carried is shown as evidence, not analysed.',
  },
  dnsLookup: {
    id: 'net/dns-lookup',
    severity: 'low',
    summary: 'A DNS lookup of a name that is not on the allowlist and that no connection followed.',
    limits: 'Lookups answered from a cache inside the package are not seen.',
  },
  installEgress: {
    id: 'install/egress',
    severity: 'high',
    summary: 'Any DNS lookup or connection during the install phase (lifecycle scripts).',
    limits:
      'Install scripts that wait for a later trigger (a timer, the first import) act in later phases.',
  },
} as const satisfies Record<string, RuleInfo>;

export const RULE_IDS: readonly string[] = Object.values(RULES).map((r) => r.id);
