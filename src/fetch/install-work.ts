// Whether `npm rebuild` would run anything of the staged tree: an install script (preinstall,
// install, postinstall) in any package.json under node_modules, or a native build (binding.gyp,
// which npm turns into `node-gyp rebuild`). `prepare` is not among them: npm runs it for
// linked and git dependencies only, and the fetch refuses those (checked with the image's
// npm 11: a tarball dependency's prepare and preprepare did not run, its postinstall did). When
// nothing would run, the install phase is skipped (it would only have started npm). Anything
// unusual (a symlinked folder, an unreadable or oversized manifest, more manifests than the
// bound) counts as work: skipping must never hide an install script.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const LIFECYCLE = ['preinstall', 'install', 'postinstall'] as const;
const MAX_MANIFESTS = 50_000;
const MAX_MANIFEST_BYTES = 1024 * 1024;

/** What in one manifest makes npm rebuild run something; undefined when nothing does. */
export function manifestWork(text: string, hasBindingGyp: boolean): string | undefined {
  let raw: { scripts?: unknown; gypfile?: unknown };
  try {
    raw = JSON.parse(text) as typeof raw;
  } catch {
    return 'an unreadable package.json';
  }
  const scripts = raw.scripts && typeof raw.scripts === 'object' ? raw.scripts : {};
  const script = LIFECYCLE.find((s) => s in (scripts as Record<string, unknown>));
  if (script) return `a ${script} script`;
  if (hasBindingGyp && raw.gypfile !== false) return 'a native build (binding.gyp)';
  return undefined;
}

/** The first reason `npm rebuild` has work in `projectDir`, or undefined when it has none.
 * Walks node_modules folders only: each package's manifest, then its own node_modules. */
export function installWork(projectDir: string): string | undefined {
  const folders = [join(projectDir, 'node_modules')];
  let manifests = 0;
  while (folders.length > 0) {
    const modules = folders.pop() as string;
    const packages: string[] = [];
    const entries = listing(modules);
    if (!entries) return `an unreadable ${modules}`;
    for (const e of entries) {
      if (e.name === '.bin' || e.name.startsWith('.')) continue;
      if (!e.isDirectory()) return `${e.name} in ${modules} is not a package folder`;
      if (e.name.startsWith('@')) {
        const scoped = listing(join(modules, e.name));
        if (!scoped) return `an unreadable folder ${e.name}`;
        for (const x of scoped) {
          if (!x.isDirectory()) return `${e.name}/${x.name} is not a package folder`;
          packages.push(join(modules, e.name, x.name));
        }
      } else packages.push(join(modules, e.name));
    }
    for (const dir of packages) {
      manifests += 1;
      if (manifests > MAX_MANIFESTS) return `more than ${MAX_MANIFESTS} packages`;
      const path = join(dir, 'package.json');
      let st;
      try {
        st = lstatSync(path);
      } catch {
        continue; // not a package (npm skips it too)
      }
      if (!st.isFile() || st.size > MAX_MANIFEST_BYTES) return `an unusual ${path}`;
      const gyp = (() => {
        try {
          return lstatSync(join(dir, 'binding.gyp')).isFile();
        } catch {
          return false;
        }
      })();
      const work = manifestWork(readFileSync(path, 'utf8'), gyp);
      if (work) return `${work} in ${dir.slice(projectDir.length + 1)}`;
      const nested = join(dir, 'node_modules');
      if (listing(nested)) folders.push(nested);
    }
  }
  return undefined;
}

/** A folder's entries (symlinks are not followed: isDirectory() is false for them). */
function listing(dir: string): import('node:fs').Dirent[] | undefined {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
}
