// What the fetch driver (fetch-box.ts, in the container) reports on its FETCH-RESULT line, and
// the host (src/fetch/fetch-package.ts) reads. Type only: the driver is copied into the image as
// one file, so it may import nothing at run time from here.

export interface BoxResult {
  ok: boolean;
  stage?: 'pack' | 'manifest' | 'install';
  /** The package's own package.json (bounded). */
  manifest?: string;
  output?: string;
  gitRefused?: string[];
  /** Lock entries resolved from anywhere but the registry. */
  resolvedElsewhere?: string[];
  /** Milliseconds per step, for the benchmark. */
  timings?: Record<string, number>;
}
