// Network and behaviour observations of a run that saw nothing: the starting value shared by a
// package that never installed and by tests. Pure.
import type { BehaviourObservations, NetworkObservations } from './types.js';

export function blankNetwork(resolvers: string[] = []): NetworkObservations {
  return { resolvers, dns: [], connections: [], http: [], tlsFailures: [], smtp: [] };
}

/** `tracing`: whether process tracing ran, and why not when it did not. */
export function blankBehaviour(
  tracing: BehaviourObservations['processTracing'],
): BehaviourObservations {
  return {
    canaries: [],
    endpoints: [],
    exfil: [],
    taint: [],
    files: [],
    processes: [],
    processTracing: tracing,
  };
}
