import { describe, expect, it } from 'vitest';
import { parsePolicy } from './parse-policy.js';
import { policyEnv } from './policy-env.js';

describe('policyEnv', () => {
  it('splits settings (passed as given) from credentials (planted as canaries)', () => {
    const p = parsePolicy(
      [
        'version: 1',
        'env:',
        '  - name: POSTMARK_SERVER_TOKEN',
        '    hosts: [API.postmarkapp.example]',
        '  - name: GITHUB_TOKEN',
        '    secret: true',
        '  - name: MODE',
        '    secret: false',
        '    value: ""',
        '  - name: __proto__',
        '    value: x',
      ].join('\n'),
      'policy.yaml',
    );
    const env = policyEnv(p);
    expect(env.secrets).toEqual([
      { name: 'POSTMARK_SERVER_TOKEN', hosts: ['api.postmarkapp.example'] },
      { name: 'GITHUB_TOKEN' },
    ]);
    expect(Object.keys(env.values)).toEqual(['MODE', '__proto__']);
    expect(env.values.MODE).toBe('');
    expect(Object.getPrototypeOf(env.values)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(env))).toEqual(env);
  });

  it('is empty without env entries', () => {
    expect(policyEnv(parsePolicy('version: 1', 'p.yaml'))).toEqual({ values: {}, secrets: [] });
  });
});
