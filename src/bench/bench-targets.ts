// What the benchmark analyses: two bundled fixtures one at a time, and a list of clean bundled
// fixtures for batch throughput. Every target runs with the options the CLI would use (default
// rounds, linger and timeouts: the front door's defaults), plus what the quick start passes.

/** A bundled fixture analysed alone, RUNS times. */
export interface SingleTarget {
  /** Folder name under harness/fixtures/servers. */
  fixture: string;
  /** --allow-egress hosts, as `npm run demo` (scripts/demo.sh) passes them. */
  allowEgress: string[];
}

export const SINGLE_TARGETS: readonly SingleTarget[] = [
  // Three pure tools: the floor of an analysis (no network, no files).
  { fixture: 'clean', allowEgress: [] },
  // The quick start's example, with the demo's allowlist.
  { fixture: 'example-weather', allowEgress: ['api.weather.example'] },
];

/**
 * Fixtures for batch throughput, in this order (`--batch K` takes the first K). Each is clean in
 * harness/fixtures/expectations.ts and needs no --allow-egress, transport, arguments or env, so
 * one set of batch options suits them all (postmark-clean and api-client need an allowlist,
 * sse-clean a transport: left out). bench-targets.test.ts checks this against the table.
 */
export const BATCH_FIXTURES: readonly string[] = [
  'clean',
  'rich-clean',
  'benign-subprocess',
  'cache-writer',
  'dns-only',
  'meta-real-text',
  'env-debug',
  'api-client-required-url',
];

/** The seed of every benchmark analysis, so runs see the same inputs and canaries. */
export const BENCH_SEED = 1;

/** `docker run --rm` of the sandbox image this many times for the container-start figure. */
export const CONTAINER_STARTS = 5;
