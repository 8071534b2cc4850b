import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { FIXTURES, SHOWN_BY_ITEST } from '../../harness/fixtures/expectations.js';
import { projectRoot } from '../util/project-root.js';
import { isSeverity } from '../domain/severity.js';
import { RULE_IDS, RULES, type RuleInfo } from './catalog.js';

const catalog = Object.entries(RULES);
const fixtureRules = FIXTURES.flatMap((f) =>
  f.mustFind.map((m) => [f.name, m.rule, m.severity] as const),
);

describe('rule catalog', () => {
  it('lists each rule id once', () => {
    expect(new Set(RULE_IDS).size).toBe(RULE_IDS.length);
    expect(RULE_IDS).toEqual(catalog.map(([, r]) => r.id));
  });

  it.each(catalog)('%s has an id, a severity, a summary, a why and limits', (_key, rule) => {
    expect(rule.id).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
    expect(isSeverity(rule.severity)).toBe(true);
    expect(rule.summary.trim().length).toBeGreaterThan(0);
    // One or two plain sentences for the report reader, not a second summary.
    expect(rule.why).toMatch(/^[A-Z].*\.$/);
    expect(rule.why.split(/[.:;] /).length).toBeLessThanOrEqual(4);
    expect(rule.limits.trim().length).toBeGreaterThan(0);
  });

  it.each(fixtureRules)('fixture %s expects %s, a catalog rule, at its severity', (_f, id, sev) => {
    expect(RULE_IDS).toContain(id);
    const rule: RuleInfo | undefined = catalog.find(([, r]) => r.id === id)?.[1];
    expect([rule?.severity, ...(rule?.alsoAt ?? [])]).toContain(sev);
  });

  it.each(catalog.map(([, r]) => [r.id]))(
    '%s is required by at least one fixture (or a named integration test)',
    (id) => {
      const itest = SHOWN_BY_ITEST[id];
      if (itest) expect(readFileSync(`${projectRoot()}/${itest}`, 'utf8')).toContain(`'${id}'`);
      else expect(fixtureRules.map(([, rule]) => rule)).toContain(id);
    },
  );
});
