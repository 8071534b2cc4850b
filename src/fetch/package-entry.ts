// Works out how to start an MCP server package from its package.json: which `bin` (or `main`)
// to run with node. Pure; the manifest is hostile input, so every field is checked.

export interface PackageManifest {
  name: string;
  version: string;
  /** Path of the entry file relative to the package folder. */
  entry: string;
  hasInstallScripts: boolean;
}

const SAFE_REL = /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[\w@.+\-/ ]{1,512}$/;

function cleanRel(p: string): string | undefined {
  const rel = p.replace(/^\.\//, '');
  return SAFE_REL.test(rel) ? rel : undefined;
}

/** Parse and check a package.json text; undefined fields become errors in the caller. */
export function readManifest(text: string): PackageManifest {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const name = typeof raw['name'] === 'string' ? raw['name'].slice(0, 214) : '';
  const version = typeof raw['version'] === 'string' ? raw['version'].slice(0, 64) : '0.0.0';
  if (!name) throw new Error('package.json has no name');
  const bin = raw['bin'];
  let entry: string | undefined;
  if (typeof bin === 'string') entry = cleanRel(bin);
  else if (bin && typeof bin === 'object') {
    const bins = Object.entries(bin as Record<string, unknown>).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    );
    const short = name.replace(/^@[^/]+\//, '');
    const pick = bins.find(([k]) => k === short || k === name) ?? bins[0];
    if (pick) entry = cleanRel(pick[1]);
  }
  if (!entry && typeof raw['main'] === 'string') entry = cleanRel(raw['main']);
  entry ??= 'index.js';
  const scripts = (
    raw['scripts'] && typeof raw['scripts'] === 'object' ? raw['scripts'] : {}
  ) as Record<string, unknown>;
  const hasInstallScripts = ['preinstall', 'install', 'postinstall'].some(
    (s) => typeof scripts[s] === 'string',
  );
  return { name, version, entry, hasInstallScripts };
}
