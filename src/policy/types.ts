// The policy file as parsed (see policy-schema.ts and policy.schema.json for the file format),
// and what applying it did: plain serialisable data, so the report can carry the outcome
// (`Report.policy`) and a reviewer can see every finding a policy took away and why.
import type { Finding, Phase, Severity } from '../domain/types.js';

/** Fields every allow, override and ignore entry has. */
export interface EntryCommon {
  /** Why the entry exists: shown next to every finding it touched. */
  reason: string;
  /** `YYYY-MM-DD`: from 00:00 UTC on that day the entry no longer applies. */
  expires?: string;
}

/** A destination the server may reach: a host name (`*.domain` for a domain and its
 * subdomains) or an address range, on some ports (default any) in some phases (default all). */
export type EgressEntry = EntryCommon & {
  ports?: number[];
  phases?: Phase[];
} & ({ host: string; cidr?: undefined } | { cidr: string; host?: undefined });

/**
 * An environment variable the server is expected to be given: a non-secret setting with its
 * value (passed like --env), or a credential, planted as a canary (`secret`, the default) and
 * optionally bound to the hosts it is for.
 */
export type EnvEntry =
  | { name: string; secret: false; value: string; reason?: string }
  | { name: string; secret: true; hosts?: string[]; reason?: string };

/** Every finding of `rule` gets `severity` instead. */
export interface SeverityEntry extends EntryCommon {
  rule: string;
  severity: Severity;
}

/** Findings of `rule` are dropped, optionally only those about one host, tool or path. */
export interface IgnoreEntry extends EntryCommon {
  rule: string;
  host?: string;
  tool?: string;
  /** A path as the report shows it (`~/…` or absolute); `dir/**` for anything under dir. */
  path?: string;
}

export interface PolicySource {
  /** The file name as the user gave it. */
  file: string;
  /** sha256 (hex) of the file text as read, so a report names the exact policy applied. */
  sha256: string;
}

export interface Policy {
  version: 1;
  source: PolicySource;
  egress: EgressEntry[];
  env: EnvEntry[];
  severity: SeverityEntry[];
  ignore: IgnoreEntry[];
}

/** One entry of the policy, as the outcome names it. */
export interface PolicyEntryRef {
  /** JSON pointer into the file: `/egress/0`, `/ignore/2`. */
  pointer: string;
  /** What the entry covers, in a few words: `api.example.com:443 (exercise)`, `proc/env-probe`. */
  summary: string;
  reason: string;
  expires?: string;
}

/** A finding the policy took out of the report, and the entry that did it. */
export interface RemovedFinding {
  finding: Finding;
  by: PolicyEntryRef;
}

/** A finding whose severity the policy changed (the finding stays in the report). */
export interface OverriddenFinding {
  rule: string;
  title: string;
  phase: Phase;
  tool?: string;
  from: Severity;
  to: Severity;
  by: PolicyEntryRef;
}

/** What applying a policy did to one report's findings. */
export interface PolicyOutcome {
  source: PolicySource;
  /** Network findings an egress entry allowed. */
  allowed: RemovedFinding[];
  /** Findings an ignore entry dropped. */
  ignored: RemovedFinding[];
  overridden: OverriddenFinding[];
  /** Entries past their `expires` date: not applied, listed for the reviewer. */
  expired: PolicyEntryRef[];
  /** Entries in force that matched nothing in this run (stale, or a behaviour not seen). */
  unused: PolicyEntryRef[];
}

/** What the pipeline does with the env entries. */
export interface PolicyEnv {
  /** Non-secret settings, passed to the server as given (like --env). */
  values: Record<string, string>;
  /** Credentials to plant as canaries; `hosts` are the services they are for, when given. */
  secrets: { name: string; hosts?: string[] }[];
}
