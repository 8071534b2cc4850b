// What the pipeline does with a policy's env entries: settings are passed to the server as given
// (like --env); credentials are planted as canaries, bound to the hosts the policy names when it
// names any (otherwise the canary module decides their service as for any other credential).
import type { Policy, PolicyEnv } from './types.js';

export function policyEnv(policy: Pick<Policy, 'env'>): PolicyEnv {
  const values: Record<string, string> = {};
  const secrets: PolicyEnv['secrets'] = [];
  for (const e of policy.env) {
    // defineProperty: a variable named __proto__ stays an ordinary key
    if (!e.secret)
      Object.defineProperty(values, e.name, {
        value: e.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else secrets.push({ name: e.name, ...(e.hosts ? { hosts: [...e.hosts] } : {}) });
  }
  return { values, secrets };
}
