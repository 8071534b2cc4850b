import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../util/project-root.js';
import { POLICY_SCHEMA, POLICY_SCHEMA_ID } from './policy-schema.js';

const published = JSON.parse(
  readFileSync(`${projectRoot()}/policy.schema.json`, 'utf8'),
) as unknown;

describe('policy.schema.json', () => {
  it('is POLICY_SCHEMA written out (regenerate it from src/policy/policy-schema.ts)', () => {
    expect(published).toEqual(JSON.parse(JSON.stringify(POLICY_SCHEMA)));
    expect((published as { $id: string }).$id).toBe(POLICY_SCHEMA_ID);
  });

  it('is a draft-07 schema that accepts the example and refuses misspelt keys everywhere', () => {
    const validate = new Ajv({ strict: true, strictRequired: false }).compile(published as object);
    const example = parse(
      readFileSync(`${projectRoot()}/examples/policy.example.yaml`, 'utf8'),
    ) as unknown;
    expect(validate(example)).toBe(true);
    const base = { version: 1 };
    for (const bad of [
      { ...base, extra: 1 },
      { ...base, egress: [{ host: 'a.example', reason: 'r', extra: 1 }] },
      { ...base, env: [{ name: 'A', extra: 1 }] },
      { ...base, severity: [{ rule: 'proc/spawn', severity: 'low', reason: 'r', extra: 1 }] },
      { ...base, ignore: [{ rule: 'proc/spawn', reason: 'r', extra: 1 }] },
    ])
      expect(validate(bad)).toBe(false);
  });
});
