// What the fetch phase saw: dependencies that do not come from the registry (git, tarball URLs,
// paths), and every address the fetch tried to reach besides the registry (refused there).
// npm fetches these on the machine that installs the package, and prepares git ones there:
// remote dynamic dependencies are how code is delivered past the registry and its scans.
// Limits in catalog.ts.
import type { FetchObservations, Finding } from '../domain/types.js';
import { RULES } from './catalog.js';
import { FindingSet } from './finding-set.js';

export function fetchFindings(fetch: FetchObservations | undefined): Finding[] {
  const out = new FindingSet();
  if (!fetch) return out.list();
  const at = { phase: 'install' as const };
  for (const d of fetch.dependencies)
    out.add(
      RULES.remoteDependency,
      `Dependency ${d.name} comes from ${d.kind === 'path' ? 'a path' : d.kind === 'git' ? 'a git repository' : d.kind === 'url' ? 'a URL' : 'an unsupported source'}, not the registry: ${d.spec.slice(0, 160)}`,
      at,
      { value: d.spec, field: d.field, payloadExcerpt: `${d.field}: ${d.name} = ${d.spec}` },
      `spec|${d.field}|${d.name}`,
    );
  for (const r of fetch.refused)
    out.add(
      RULES.remoteDependency,
      `Installing it tried to reach ${r.slice(0, 160)} (refused: only the registry is reachable)`,
      at,
      { value: r, payloadExcerpt: r },
      `refused|${r}`,
    );
  for (const r of fetch.resolvedElsewhere)
    out.add(
      RULES.remoteDependency,
      `A dependency was resolved outside the registry: ${r.slice(0, 160)}`,
      at,
      { value: r, payloadExcerpt: r },
      `resolved|${r}`,
    );
  return out.list();
}
