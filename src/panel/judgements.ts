// A reviewer's judgement of panel findings (panel/judgements.json): for a server and a rule, a
// substring that picks findings out, and whether each describes a true behaviour of the server
// (`true`) or a false alarm (`false`), with why. Kept as data so a rerun after a rule change
// shows which judged findings went away and which new ones nobody has judged yet.
// Limit: a substring is matched against the title and a few evidence fields (host, cmdline, URL,
// path, canary origin); the first entry that matches wins, so list narrow entries first.
import type { Finding } from '../domain/types.js';

export interface Judgement {
  server: string;
  rule: string;
  /** Case-insensitive substring of the title or evidence; empty matches every finding of the rule. */
  match: string;
  verdict: 'true' | 'false';
  why: string;
}

/** What the table shows for one finding. */
export type Judged =
  { verdict: 'true' | 'false'; why: string; key: string } | { verdict: 'unjudged' };

/** A judgement's identity, for finding the ones no finding of a run matched any more. */
export function judgementKey(j: Judgement): string {
  return `${j.server}|${j.rule}|${j.match}`;
}

/** The judgements from the parsed judgements.json; throws on a malformed entry. */
export function parseJudgements(raw: unknown): Judgement[] {
  if (!Array.isArray(raw)) throw new Error('judgements.json must be a list');
  return raw.map((e: unknown, i) => {
    const o = (e ?? {}) as Record<string, unknown>;
    for (const k of ['server', 'rule', 'match', 'why'])
      if (typeof o[k] !== 'string') throw new Error(`judgement ${i}: ${k} must be a string`);
    if (o['verdict'] !== 'true' && o['verdict'] !== 'false')
      throw new Error(`judgement ${i}: verdict must be "true" or "false"`);
    return {
      server: o['server'] as string,
      rule: o['rule'] as string,
      match: o['match'] as string,
      verdict: o['verdict'],
      why: o['why'] as string,
    };
  });
}

/** The texts of a finding a judgement's `match` is looked for in. */
export function matchTexts(f: Finding): string[] {
  const e = f.evidence;
  return [f.title, e.host, e.cmdline, e.url, e.path, e.canary].filter(
    (x): x is string => typeof x === 'string',
  );
}

/** The first judgement for this server and rule whose match is in the finding. */
export function judge(server: string, f: Finding, judgements: readonly Judgement[]): Judged {
  const texts = matchTexts(f).map((t) => t.toLowerCase());
  const hit = judgements.find(
    (j) =>
      j.server === server &&
      j.rule === f.rule &&
      texts.some((t) => t.includes(j.match.toLowerCase())),
  );
  return hit
    ? { verdict: hit.verdict, why: hit.why, key: judgementKey(hit) }
    : { verdict: 'unjudged' };
}

/** Judgements of the given servers that judged none of these findings: the finding went away
 * (a rule changed) or the server was not run. */
export function unusedJudgements(
  judgements: readonly Judgement[],
  servers: readonly string[],
  judged: readonly Judged[],
): Judgement[] {
  const used = new Set(judged.map((j) => (j.verdict === 'unjudged' ? '' : j.key)));
  return judgements.filter((j) => servers.includes(j.server) && !used.has(judgementKey(j)));
}
