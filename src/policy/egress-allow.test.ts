import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../rules/catalog.js';
import { ALLOWABLE_RULES } from './egress-allow.js';

describe('ALLOWABLE_RULES', () => {
  it('names catalog rules about destinations only', () => {
    for (const id of ALLOWABLE_RULES) {
      expect(RULE_IDS).toContain(id);
      expect(id === 'install/egress' || id.startsWith('net/')).toBe(true);
    }
  });

  it('never lets an egress entry clear what was sent or how it was dressed', () => {
    for (const id of RULE_IDS.filter((r) => /^(exfil|meta|mcp|evasion|coverage|fs|proc)\//.test(r)))
      expect(ALLOWABLE_RULES.has(id)).toBe(false);
    for (const id of [
      'net/domain-fronting',
      'net/dns-bypass',
      'net/dns-port-misuse',
      'install/remote-dependency',
    ])
      expect(ALLOWABLE_RULES.has(id)).toBe(false);
  });
});
