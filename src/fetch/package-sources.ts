// Reads the target package's own source text (not its dependencies'), bounded, for the static
// scans: environment variable names and package metadata. Host-side edge; the text is hostile
// and is only matched with regular expressions, never evaluated.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE = /\.(m?js|cjs|ts|mts|cts|py|json)$/;
const MAX_FILES = 2000;
// Bundled servers ship one large file (a 2 MB dist/index.cjs is common): read it, bounded.
const MAX_FILE_BYTES = 8 * 1024 * 1024;
const MAX_TOTAL_BYTES = 24 * 1024 * 1024;

export function readPackageSources(packageDir: string): string[] {
  const out: string[] = [];
  let total = 0;
  const walk = (dir: string, depth: number) => {
    if (depth > 12 || out.length >= MAX_FILES) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= MAX_FILES || total >= MAX_TOTAL_BYTES) return;
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== '.git') walk(p, depth + 1);
      } else if (e.isFile() && SOURCE.test(e.name)) {
        try {
          if (statSync(p).size > MAX_FILE_BYTES) continue;
          const text = readFileSync(p, 'utf8');
          total += text.length;
          out.push(text);
        } catch {
          // unreadable: skip
        }
      }
    }
  };
  walk(packageDir, 0);
  return out;
}
