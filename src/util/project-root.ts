// Finds the project's root folder (the one holding mcp-airlock's package.json), from source or
// from dist/, so assets such as Dockerfile.sandbox and fixtures can be located.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function projectRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i += 1) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'mcp-airlock') {
          cached = dir;
          return dir;
        }
      } catch {
        // keep walking up
      }
    }
    dir = dirname(dir);
  }
  throw new Error('cannot find the mcp-airlock project root');
}

/** The project's own version, for reports. */
export function projectVersion(): string {
  const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}
